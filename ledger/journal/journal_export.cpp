#include "poolbook/ledger/journal/journal_export.hpp"

#include <map>

namespace poolbook::ledger {
namespace {

std::string_view beancount_root(AccountType type) {
  switch (type) {
    case AccountType::asset:
      return "Assets";
    case AccountType::liability:
      return "Liabilities";
    case AccountType::income:
      return "Income";
    case AccountType::expenditure:
      return "Expenses";
    case AccountType::equity:
      return "Equity";
  }
  return "Assets";
}

// Beancount components start with a capital letter or digit and hold letters, digits and '-'.
std::string beancount_component(std::string_view segment) {
  std::string out;
  const bool starts_well =
      !segment.empty() && ((segment[0] >= 'a' && segment[0] <= 'z') || (segment[0] >= 'A' && segment[0] <= 'Z') ||
                           (segment[0] >= '0' && segment[0] <= '9'));
  if (!starts_well) out.push_back('X');
  for (char c : segment) out.push_back(c == '_' || c == '.' ? '-' : c);
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// Free text on a ledger or beancount line: no line breaks, no quotes that end a string.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' ? ' ' : c == '"' ? '\'' : c);
  return out;
}

// A CSV field a spreadsheet will show as text: quoted when it must be, and with a leading
// apostrophe when it starts like a formula (=, +, -, @, tab, carriage return), so that a
// description such as =HYPERLINK(...) from an imported file is never run as one.
std::string csv_field(std::string_view text) {
  const bool formula_like = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  const std::string guarded = formula_like ? "'" + std::string(text) : std::string(text);
  if (guarded.find_first_of(",\"\n\r") == std::string_view::npos) return guarded;
  std::string out = "\"";
  for (char c : guarded) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

void write_entry(const Entry& entry, ExportFormat format, const std::map<std::string, Account>& accounts,
                 std::ostream& out) {
  const auto name = [&](const std::string& path) {
    const auto found = accounts.find(path);
    return exported_account(found != accounts.end() ? found->second : Account{path, AccountType::asset, ""}, format);
  };
  if (format == ExportFormat::csv) {
    for (const Posting& posting : entry.postings)
      out << entry.id << ',' << to_iso(entry.date) << ',' << entry_kind_word(entry.kind) << ','
          << csv_field(entry.description) << ',' << csv_field(entry.reference) << ',' << posting.account << ','
          << posting.amount.to_plain() << '\n';
    return;
  }
  if (format == ExportFormat::ledger) {
    out << to_iso(entry.date) << " * " << one_line(entry.description) << "  ; entry " << entry.id;
    if (!entry.reference.empty()) out << ", ref " << one_line(entry.reference);
    out << '\n';
    for (const Posting& posting : entry.postings)
      out << "    " << name(posting.account) << "    GBP " << posting.amount.to_plain() << '\n';
  } else {
    out << to_iso(entry.date) << " * \"" << one_line(entry.description) << "\"\n  entry: \"" << entry.id << "\"\n";
    for (const Posting& posting : entry.postings)
      out << "  " << name(posting.account) << "  " << posting.amount.to_plain() << " GBP\n";
  }
  out << '\n';
}

// What a strict reader needs before the first entry: the commodity, and every account
// (hledger check --strict, ledger --pedantic and beancount all refuse one not declared).
void write_declarations(const std::map<std::string, Account>& accounts, ExportFormat format, std::ostream& out) {
  switch (format) {
    case ExportFormat::csv:
      out << "entry,date,kind,description,reference,account,amount\n";
      return;
    case ExportFormat::ledger:
      // The format line's sample has no thousands separator, as the amounts are written, so
      // that both tools show figures as poolbook writes them.
      out << "commodity GBP\n    format GBP 1000.00\n\n";
      for (const auto& [path, account] : accounts) out << "account " << exported_account(account, format) << '\n';
      out << '\n';
      return;
    case ExportFormat::beancount:
      out << "option \"operating_currency\" \"GBP\"\n\n";
      for (const auto& [path, account] : accounts)
        out << "1990-04-01 open " << exported_account(account, format) << " GBP\n";
      out << '\n';
      return;
  }
}

}  // namespace

std::optional<ExportFormat> export_format_from_word(std::string_view word) {
  if (word == "ledger") return ExportFormat::ledger;
  if (word == "beancount") return ExportFormat::beancount;
  if (word == "csv") return ExportFormat::csv;
  return std::nullopt;
}

std::string exported_account(const Account& account, ExportFormat format) {
  std::string out;
  if (format == ExportFormat::beancount) out = std::string(beancount_root(account.type));
  std::size_t start = 0;
  while (start <= account.path.size()) {
    const auto end = std::min(account.path.find('/', start), account.path.size());
    const std::string_view segment = std::string_view(account.path).substr(start, end - start);
    if (!out.empty()) out += ':';
    out += format == ExportFormat::beancount ? beancount_component(segment) : std::string(segment);
    start = end + 1;
  }
  return out;
}

Status check_export(Store& store, ExportFormat format) {
  std::map<std::string, std::string> paths_by_name;
  for (const Account& account : store.accounts()) {
    const auto [named, added] = paths_by_name.emplace(exported_account(account, format), account.path);
    if (!added)
      return make_error("export.collision", "accounts " + named->second + " and " + account.path +
                                                " would both be written as " + named->first +
                                                ", and their balances merged; export them in another format");
  }
  return ok_status();
}

Result<std::size_t> export_journal(Store& store, ExportFormat format, std::ostream& out) {
  if (auto exportable = check_export(store, format); !exportable) return exportable.error();
  std::map<std::string, Account> accounts;
  for (const Account& account : store.accounts()) accounts.emplace(account.path, account);
  write_declarations(accounts, format, out);
  std::size_t written = 0;
  auto visited = store.visit_entries_by_date([&](const Entry& entry) -> Status {
    write_entry(entry, format, accounts, out);
    ++written;
    return ok_status();
  });
  if (!visited) return visited.error();
  return written;
}

}  // namespace poolbook::ledger
