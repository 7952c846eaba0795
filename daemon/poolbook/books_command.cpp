// The books: `poolbook init`, `import`, `balance`, `journal`, `verify`, `period close|reopen`
// and `quarantine list|show|retry|dismiss`. Every command takes --store PATH (default
// poolbook.db); commands that change the books take --as PERSON (default: the OS user).
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using ledger::Money;
using ledger::Period;

struct BooksOptions {
  std::string store = books::kDefaultStorePath;
  std::string actor;
  std::string agreement;  // init
  std::string file;       // import
  std::string profile;    // import
  bool force = false;     // import
  std::string from, to;   // balance: periods
  std::string account;    // balance: prefix
  bool csv = false;       // balance: machine-readable
  bool monthly = false;   // balance
  std::string since;      // journal
  std::size_t limit = 1000;
  std::string period;       // period close / reopen
  std::string reason;       // reopen
  std::string decision;     // reopen: the decision that authorises it
  std::int64_t id = 0;      // quarantine
  std::string raw;          // quarantine retry
  bool all = false;         // quarantine list
  std::string format;       // export
  std::string output;       // export
  std::string expect_head;  // verify
};

int run_init(const BooksOptions& options) {
  books::AdoptionRequest request;
  request.agreement_file = options.agreement;
  request.store_path = options.store;
  request.as = options.actor;
  request.decision = options.decision;
  request.today = ledger::london_date(std::chrono::system_clock::now());
  auto adopted = books::adopt_agreement(request);
  if (!adopted) return report_error("init", adopted.error());
  if (adopted->varied)
    std::cout << "adopted a variation of agreement " << adopted->agreement_id
              << (options.decision.empty() ? std::string() : " under " + options.decision) << "\n";
  for (const std::string& change : adopted->changes) std::cout << "  " << change << "\n";
  std::cout << "initialised " << books::store_for_display(options.store) << " for agreement " << adopted->agreement_id
            << ": " << adopted->accounts_open << " accounts open (by " << adopted->actor << ")\n";
  return kDone;
}

int run_import(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("import", opened.error());
  auto summary = books::import_extract(*opened, options.actor, {options.file, options.profile, options.force});
  if (!summary) return report_error("import", summary.error());
  std::cout << options.file << ": " << summary->records_read << " rows read, " << summary->entries_posted << " posted ("
            << summary->total_posted.to_report() << "), " << summary->quarantined.size() << " quarantined\n";
  for (const auto& row : summary->quarantined)
    std::cout << "  " << row.file << ":" << row.line << ": " << row.reason << " [" << row.rule << "]\n";
  return summary->quarantined.empty() ? kDone : kDoneInPart;
}

Result<Period> period_or(const std::string& text, Period fallback) {
  if (text.empty()) return fallback;
  return Period::parse(text);
}

// Each account's opening balance (before the range), movement (in it) and closing balance.
struct AccountBalance {
  ledger::MoneySum opening;
  ledger::MoneySum movement;
};

// The month by month movements, as a table or CSV: each row says which month it is.
void print_monthly(const std::vector<ledger::BalanceRow>& rows, bool csv) {
  if (csv) {
    std::cout << "account,month,movement\n";
    for (const auto& row : rows)
      std::cout << row.account << ',' << row.period.to_string() << ',' << row.movement.to_plain() << '\n';
    return;
  }
  TextTable table({"account", "month", "movement"}, {Align::left, Align::left, Align::right});
  ledger::MoneySum total;
  for (const auto& row : rows) {
    table.add_row({row.account, row.period.to_string(), row.movement.to_report()});
    total += row.movement;
  }
  table.add_rule();
  table.add_row({"total movement", "", total.total().to_report()});
  std::cout << table.render();
}

// Balances over a range say what each figure is: opening, movement and closing; over all
// time, only the closing balance.
void print_balances(const std::map<std::string, AccountBalance>& accounts, bool ranged, bool csv) {
  const std::vector<std::string> headings = ranged
                                                ? std::vector<std::string>{"account", "opening", "movement", "closing"}
                                                : std::vector<std::string>{"account", "closing balance"};
  AccountBalance total;
  if (csv) {
    std::cout << (ranged ? "account,opening,movement,closing\n" : "account,balance\n");
    for (const auto& [account, balance] : accounts) {
      const ledger::Money opening = balance.opening.total();
      const ledger::Money movement = balance.movement.total();
      std::cout << account << ',';
      if (ranged) std::cout << opening.to_plain() << ',' << movement.to_plain() << ',';
      std::cout << (opening + movement).to_plain() << '\n';
    }
    return;
  }
  TextTable table(headings, ranged ? std::vector<Align>{Align::left, Align::right, Align::right, Align::right}
                                   : std::vector<Align>{Align::left, Align::right});
  const auto row = [&](const std::string& name, const AccountBalance& balance) {
    const ledger::Money opening = balance.opening.total();
    const ledger::Money movement = balance.movement.total();
    if (ranged)
      table.add_row({name, opening.to_report(), movement.to_report(), (opening + movement).to_report()});
    else
      table.add_row({name, (opening + movement).to_report()});
  };
  for (const auto& [account, balance] : accounts) {
    row(account, balance);
    total.opening += balance.opening.total();
    total.movement += balance.movement.total();
  }
  table.add_rule();
  row("total", total);
  std::cout << table.render();
}

int run_balance(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("balance", opened.error());
  const Period first(ledger::FinancialYear(ledger::kFirstFinancialYear), ledger::FinancialMonth(1));
  auto from = period_or(options.from, first);
  auto to =
      period_or(options.to, Period(ledger::FinancialYear(ledger::kLastFinancialYear), ledger::FinancialMonth(12)));
  if (!from) return report_error("balance", from.error());
  if (!to) return report_error("balance", to.error());
  if (*to < *from)
    return report_error("balance", make_error("balance.range", "--from " + from->to_string() + " is after --to " +
                                                                   to->to_string() + ": give the earlier month first"));
  if (!options.account.empty() && !books::has_accounts_under(*opened, options.account))
    return report_error("balance",
                        not_found("balance.account", "there is no account " + options.account +
                                                         " or under it in these books (accounts look like "
                                                         "pool/bcf-pool/bank; `poolbook balance` lists them)"));
  const auto rows = books::balances(*opened, *from, *to, options.account);
  if (options.monthly) {
    print_monthly(rows, options.csv);
    return kDone;
  }
  const bool ranged = !options.from.empty() || !options.to.empty();
  std::map<std::string, AccountBalance> accounts;
  if (ranged && first < *from)
    for (const auto& row : books::balances(*opened, first, from->previous(), options.account))
      accounts[row.account].opening += row.movement;
  for (const auto& row : rows) accounts[row.account].movement += row.movement;
  print_balances(accounts, ranged, options.csv);
  return kDone;
}

void print_entry(const ledger::Entry& entry) {
  std::cout << "#" << entry.id << " " << ledger::to_iso(entry.date) << " " << ledger::entry_kind_word(entry.kind)
            << "  " << entry.description;
  if (!entry.reference.empty()) std::cout << "  [" << entry.reference << "]";
  if (entry.reverses) std::cout << "  (reverses #" << *entry.reverses << ")";
  std::cout << "\n    by " << entry.provenance.actor << " at " << entry.provenance.recorded_at;
  if (!entry.provenance.profile.empty())
    std::cout << " via " << entry.provenance.profile << ", row " << entry.provenance.source_row << " of file "
              << entry.provenance.source_digest.substr(0, 12);
  std::cout << "\n";
  TextTable postings({"", "", ""}, {Align::left, Align::left, Align::right});
  for (const auto& posting : entry.postings) postings.add_row({"   ", posting.account, posting.amount.to_report()});
  const std::string rendered = postings.render();
  std::cout << rendered.substr(rendered.find('\n') + 1);
}

int run_journal(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("journal", opened.error());
  std::optional<date::year_month_day> since;
  if (!options.since.empty()) {
    auto parsed = ledger::parse_iso_date(options.since);
    if (!parsed) return report_error("journal", parsed.error());
    since = *parsed;
  }
  // One entry more than asked for says whether the list was cut short: it never is silently.
  auto entries = books::journal_entries(*opened, since, options.limit + 1);
  const bool more = entries.size() > options.limit;
  if (more) entries.pop_back();
  for (const auto& entry : entries) print_entry(entry);
  if (more)
    std::cerr << "note: the first " << ledger::group_thousands(static_cast<std::int64_t>(options.limit))
              << " entries are shown and there are more: --limit N shows more, --since DATE starts later\n";
  return kDone;
}

int run_verify(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("verify", opened.error());
  std::optional<ledger::ChainHead> expected;
  if (!options.expect_head.empty()) {
    auto head = ledger::ChainHead::parse(options.expect_head);
    if (!head) return report_error("verify", head.error());
    expected = *head;
  }
  const ledger::VerifyReport report = books::verify_books(*opened, expected);
  if (!report.ok()) {
    std::cout << "NOT VERIFIED: " << report.problem << "\n";
    return kRefused;
  }
  std::cout << "verified " << report.entries_checked << " entries and " << report.records_checked
            << " records: every hash matches its chain, every balance its postings, every month its log, and every "
               "record of periods, imports, quarantine, the agreement and governance its chain\n"
            << "head of the books: " << report.record_head.to_string() << "\n"
            << (expected ? "(the chain still holds the head you kept, " + expected->to_string().substr(0, 20) + "...)\n"
                         : std::string("(keep it with the month's papers; `poolbook verify --expect-head "
                                       "RECORD:HASH` later shows the chain was not shortened or rewritten)\n"));
  return kDone;
}

int run_period(const BooksOptions& options, bool close) {
  const char* command = close ? "period close" : "period reopen";
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error(command, opened.error());
  auto period = Period::parse(options.period);
  if (!period) return report_error(command, period.error());
  if (close) {
    auto closed = books::close_month(*opened, options.actor, *period);
    if (!closed) return report_error(command, closed.error());
    std::cout << period->to_string() << " closed by " << closed->actor << "\n"
              << "head of the books: " << closed->head.to_string()
              << " (keep it with the month's papers: `poolbook verify --expect-head` checks it later)\n";
    return kDone;
  }
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  auto reopened = books::reopen_month(*opened, options.actor, {*period, options.reason, options.decision}, today);
  if (!reopened) return report_error(command, reopened.error());
  std::cout << period->to_string() << " reopened by " << reopened->actor
            << (options.decision.empty() ? "" : " under " + options.decision) << "\n";
  return kDone;
}

int run_quarantine_list(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("quarantine list", opened.error());
  TextTable table({"id", "where", "status", "reason"}, {Align::right, Align::left, Align::left, Align::left});
  for (const auto& row : books::quarantined_rows(*opened, !options.all))
    table.add_row({std::to_string(row.id), row.file + ":" + std::to_string(row.line),
                   std::string(ledger::quarantine_status_word(row.status)), row.reason + " [" + row.rule + "]"});
  std::cout << table.render();
  return kDone;
}

int run_quarantine_show(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("quarantine show", opened.error());
  auto row = books::quarantined_row(*opened, options.id);
  if (!row) return report_error("quarantine show", row.error());
  const std::string status(ledger::quarantine_status_word(row->status));
  std::cout << "row " << row->id << " (" << status << ") from " << row->file << " line " << row->line << ", profile "
            << row->profile << "\nreason: " << row->reason << " [" << row->rule << "]\nheader: " << row->header
            << "\nraw:    " << row->raw << "\n";
  if (row->status != ledger::QuarantineStatus::open) {
    std::cout << status << " by " << row->resolved_by << " at "
              << (row->resolved_at ? ledger::timestamp_iso(*row->resolved_at) : "") << ": " << row->resolution << "\n";
    if (!row->corrected_raw.empty()) std::cout << "posted as corrected: " << row->corrected_raw << "\n";
  }
  return kDone;
}

int run_quarantine_retry(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("quarantine retry", opened.error());
  auto posted = books::retry_quarantined(*opened, options.actor, options.id, options.raw);
  if (!posted) return report_error("quarantine retry", posted.error());
  std::cout << "row " << options.id << " posted as entry #" << *posted << "\n";
  return kDone;
}

int run_quarantine_dismiss(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("quarantine dismiss", opened.error());
  auto done = books::dismiss_quarantined(*opened, options.actor, options.id, options.reason);
  if (!done) return report_error("quarantine dismiss", done.error());
  std::cout << "row " << options.id << " dismissed: " << options.reason << "\n";
  return kDone;
}

int run_export(const BooksOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("export", opened.error());
  const auto format = ledger::export_format_from_word(options.format);
  if (!format)
    return report_error("export", make_error("export.format", "the format should be ledger, beancount or csv"));
  if (auto exportable = books::exportable(*opened, *format); !exportable)
    return report_error("export", exportable.error());
  if (options.output.empty() || options.output == "-") {
    auto written = books::export_books(*opened, *format, std::cout);
    return written ? kDone : report_error("export", written.error());
  }
  std::ofstream out(options.output, std::ios::binary);
  const auto written = books::export_books(*opened, *format, out);
  if (!written) return report_error("export", written.error());
  out.close();
  if (!out) return report_error("export", internal_error("export.write", "cannot write " + options.output));
  std::cerr << "wrote " << *written << " entries to " << options.output << "\n";
  return kDone;
}

void store_options(CLI::App* command, BooksOptions& options) {
  command->add_option("--store", options.store, "The books (a SQLite file)")->capture_default_str();
}

void actor_option(CLI::App* command, BooksOptions& options) { command->add_option("--as", options.actor, kAsHelp); }

}  // namespace

void add_books_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BooksOptions>();
  const auto bind = [&exit_code, options](CLI::App* command, int (*run)(const BooksOptions&)) {
    command->callback([&exit_code, options, run] { exit_code = run(*options); });
  };

  CLI::App* init = app.add_subcommand("init", "Create the books for an agreement, opening its accounts");
  init->add_option("--agreement", options->agreement, "agreement.toml")->required();
  init->add_option("--decision", options->decision,
                   "The carried decision a variation of who may do what (action agreement-variation: people, "
                   "bodies, voting weights, the scheme of delegation) or of the term (agreement-extension: the one "
                   "the extension names) is adopted under; its refs hold the varied file's SHA-256");
  init->footer("Example: poolbook init --agreement fixtures/northshire/agreement.toml --store nsh.db");
  store_options(init, *options);
  actor_option(init, *options);
  bind(init, run_init);

  CLI::App* import = app.add_subcommand("import", "Import a CSV extract by an import profile");
  import->add_option("file", options->file, "The CSV file")->required();
  import->add_option("--profile", options->profile, "Profile name (profiles/NAME.toml beside the agreement) or path")
      ->required();
  import->add_flag("--force", options->force, "Import a file already imported (logged)");
  store_options(import, *options);
  actor_option(import, *options);
  bind(import, run_import);

  CLI::App* balance = app.add_subcommand("balance", "Balances by account, from the maintained monthly balances");
  balance->add_option("--from", options->from, "First month, e.g. 2025/26 M01 or 2025-04");
  balance->add_option("--to", options->to, "Last month, e.g. 2025/26 M06");
  balance->add_option("--account", options->account, "Only accounts under this path, e.g. pool/bcf-pool");
  balance->add_flag("--monthly", options->monthly, "One row per account and month");
  balance->add_flag("--csv", options->csv, "account,balance rows for machines");
  store_options(balance, *options);
  bind(balance, run_balance);

  CLI::App* journal = app.add_subcommand("journal", "The journal's entries with their postings and provenance");
  journal->add_option("--since", options->since, "Entries dated on or after, e.g. 2025-10-01");
  journal->add_option("--limit", options->limit, "At most this many entries")->capture_default_str();
  store_options(journal, *options);
  bind(journal, run_journal);

  CLI::App* verify = app.add_subcommand("verify", "Recompute the audit chain and the balances");
  store_options(verify, *options);
  verify
      ->add_option("--expect-head", options->expect_head,
                   "A head printed earlier (RECORD:HASH): the chain must still hold it")
      ->check([](const std::string& value) {
        return value.empty() ? std::string("--expect-head needs the RECORD:HASH that verify or period close printed")
                             : std::string();
      });
  verify->footer(
      "Example: poolbook verify --store nsh.db --expect-head "
      "212:9f3c0d2ab84e61f5c7a9e3b0d4f6a8c1e2b3d5f7a9c0e1f2a3b4c5d6e7f8a9b0\n(the whole head, as verify or close "
      "printed it)");
  bind(verify, run_verify);

  CLI::App* exported =
      app.add_subcommand("export", "Write the journal for ledger-cli, hledger, beancount or a spreadsheet");
  exported->add_option("--format", options->format, "ledger, beancount or csv")->required();
  exported->add_option("--output,-o", options->output, "File to write (default: standard output)");
  store_options(exported, *options);
  bind(exported, run_export);

  CLI::App* period = app.add_subcommand("period", "Close or reopen a month");
  period->require_subcommand(1);
  CLI::App* close = period->add_subcommand("close", "Close a month: nothing more can be posted in it");
  close->add_option("month", options->period, "e.g. 2025/26 M06")->required();
  store_options(close, *options);
  actor_option(close, *options);
  close->callback([&exit_code, options] { exit_code = run_period(*options, true); });
  CLI::App* reopen = period->add_subcommand("reopen", "Reopen a closed month (logged, with a reason)");
  reopen->add_option("month", options->period, "e.g. 2025/26 M06")->required();
  reopen->add_option("--reason", options->reason, "Why it is reopened")->required();
  reopen->add_option("--decision", options->decision, "The decision that authorises it (naming the month in its refs)");
  store_options(reopen, *options);
  actor_option(reopen, *options);
  reopen->callback([&exit_code, options] { exit_code = run_period(*options, false); });

  CLI::App* quarantine = app.add_subcommand("quarantine", "Rows that could not be imported");
  quarantine->require_subcommand(1);
  CLI::App* list = quarantine->add_subcommand("list", "Quarantined rows (open ones unless --all)");
  list->add_flag("--all", options->all, "Include retried and dismissed rows");
  store_options(list, *options);
  bind(list, run_quarantine_list);
  CLI::App* show = quarantine->add_subcommand("show", "One quarantined row, with its raw text");
  show->add_option("id", options->id)->required();
  store_options(show, *options);
  bind(show, run_quarantine_show);
  CLI::App* retry = quarantine->add_subcommand("retry", "Read a row again (corrected with --raw) and post it");
  retry->add_option("id", options->id)->required();
  retry->add_option("--raw", options->raw, "The corrected row, as a CSV line");
  store_options(retry, *options);
  actor_option(retry, *options);
  bind(retry, run_quarantine_retry);
  CLI::App* dismiss = quarantine->add_subcommand("dismiss", "Mark a row as not to be posted");
  dismiss->add_option("id", options->id)->required();
  dismiss->add_option("--reason", options->reason, "Why")->required();
  store_options(dismiss, *options);
  actor_option(dismiss, *options);
  bind(dismiss, run_quarantine_dismiss);
}

}  // namespace poolbook::cli
