#include "poolbook/contracts/imports/import_profile.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/internal/toml_document.hpp"

#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::contracts {
namespace {

constexpr std::array<std::pair<ImportSource, std::string_view>, 4> kSources = {{
    {ImportSource::receipts, "receipts"},
    {ImportSource::partner_payments, "partner-payments"},
    {ImportSource::gl_draws, "gl-draws"},
    {ImportSource::provider_invoices, "provider-invoices"},
}};

constexpr std::uintmax_t kMaxProfileBytes = 1024 * 1024;

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

class ProfileReader {
 public:
  explicit ProfileReader(std::string file) : file_(std::move(file)) {}

  void report(long line, std::string message) {
    findings_.push_back(Finding{Severity::error, Error{"profile.field", std::move(message), file_, line}});
  }
  std::vector<Finding> take() { return std::move(findings_); }

  std::string text(const toml::table& table, std::string_view key, bool must, long line) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (must) report(line, "the profile has no '" + std::string(key) + "'");
      return {};
    }
    if (const auto* value = node->as_string()) return value->get();
    report(line_of(*node), "'" + std::string(key) + "' should be text in quotes");
    return {};
  }

  ColumnRef column(const toml::table& columns, std::string_view key) {
    const toml::node* node = columns.get(key);
    if (node == nullptr) return {};
    if (const auto* name = node->as_string()) return ColumnRef{name->get(), 0};
    if (const auto* position = node->as_integer();
        position != nullptr && position->get() >= 1 && position->get() <= 256)
      return ColumnRef{{}, static_cast<int>(position->get())};
    report(line_of(*node), "column '" + std::string(key) + "' should be a header name in quotes or a position 1-256");
    return {};
  }

  std::map<std::string, std::string> mapping(const toml::table& root, std::string_view key) {
    std::map<std::string, std::string> out;
    const toml::node* node = root.get(key);
    if (node == nullptr) return out;
    const auto* table = node->as_table();
    if (table == nullptr) {
      report(line_of(*node), "[" + std::string(key) + "] should be a table of \"source name\" = \"id\"");
      return out;
    }
    for (const auto& [name, value] : *table) {
      if (const auto* id = value.as_string())
        out[std::string(name.str())] = id->get();
      else
        report(line_of(value),
               "the " + std::string(key) + " mapping for '" + std::string(name.str()) + "' should be an id in quotes");
    }
    return out;
  }

  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed, const std::string& where) {
    for (const auto& [key, value] : table)
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        report(line_of(value), where + " has a key '" + std::string(key.str()) + "' that profiles do not define");
  }

 private:
  std::string file_;
  std::vector<Finding> findings_;
};

void read_format(ProfileReader& reader, const toml::table& root, ImportProfile& profile) {
  const toml::table* format = root["format"].as_table();
  if (format == nullptr) {
    reader.report(1, "the profile has no [format] table");
    return;
  }
  reader.only_keys(*format, {"delimiter", "header", "date_format", "sign", "encoding"}, "[format]");
  const long line = line_of(*format);
  const std::string delimiter = reader.text(*format, "delimiter", false, line);
  if (delimiter == "\\t" || delimiter == "tab")
    profile.delimiter = '\t';
  else if (delimiter.size() == 1 && std::string_view(",;|\t").find(delimiter[0]) != std::string_view::npos)
    profile.delimiter = delimiter[0];
  else if (!delimiter.empty())
    reader.report(line, "the delimiter should be \",\", \";\", \"|\" or \"tab\"");
  if (const toml::node* header = format->get("header")) {
    if (const auto* flag = header->as_boolean())
      profile.header = flag->get();
    else
      reader.report(line_of(*header), "header should be true or false (without quotes)");
  }
  const std::string date_format = reader.text(*format, "date_format", true, line);
  if (auto parsed = ledger::date_format_from_word(date_format))
    profile.date_format = *parsed;
  else if (!date_format.empty())
    reader.report(line, "date_format '" + date_format + "' should be yyyy-mm-dd, dd/mm/yyyy or dd-mon-yyyy");
  const std::string sign = reader.text(*format, "sign", false, line);
  if (sign == "negate")
    profile.negate = true;
  else if (!sign.empty() && sign != "as-is")
    reader.report(line, "sign '" + sign + "' should be \"as-is\" or \"negate\"");
  const std::string encoding = reader.text(*format, "encoding", false, line);
  if (!encoding.empty() && encoding != "utf-8")
    reader.report(line, "encoding '" + encoding + "' is not supported: poolbook reads UTF-8 (with or without BOM)");
}

void read_columns(ProfileReader& reader, const toml::table& root, ImportProfile& profile) {
  const toml::table* columns = root["columns"].as_table();
  if (columns == nullptr) {
    reader.report(1, "the profile has no [columns] table");
    return;
  }
  reader.only_keys(*columns, {"date", "amount", "debit", "credit", "partner", "scheme", "reference", "description"},
                   "[columns]");
  const long line = line_of(*columns);
  profile.date = reader.column(*columns, "date");
  profile.amount = reader.column(*columns, "amount");
  profile.debit = reader.column(*columns, "debit");
  profile.credit = reader.column(*columns, "credit");
  profile.partner = reader.column(*columns, "partner");
  profile.scheme = reader.column(*columns, "scheme");
  profile.reference = reader.column(*columns, "reference");
  profile.description_column = reader.column(*columns, "description");
  if (!profile.date.present()) reader.report(line, "[columns] has no 'date'");
  if (!profile.reference.present()) reader.report(line, "[columns] has no 'reference' (needed to refuse duplicates)");
  const bool two_columns = profile.debit.present() || profile.credit.present();
  if (profile.amount.present() == two_columns)
    reader.report(line, "[columns] should name either 'amount' or both 'debit' and 'credit'");
  else if (two_columns && !(profile.debit.present() && profile.credit.present()))
    reader.report(line, "[columns] names only one of 'debit' and 'credit'");
  const bool needs_partner =
      profile.source == ImportSource::receipts || profile.source == ImportSource::partner_payments;
  if (needs_partner && !profile.partner.present())
    reader.report(line, "a " + std::string(import_source_word(profile.source)) + " profile needs a 'partner' column");
  if (!needs_partner && !profile.scheme.present())
    reader.report(line, "a " + std::string(import_source_word(profile.source)) + " profile needs a 'scheme' column");
  const bool positional = profile.date.position > 0;
  if (!profile.header && !positional && profile.date.present())
    reader.report(line, "a file without a header row needs columns named by position (1, 2, ...)");
  const toml::table* format = root["format"].as_table();
  if (positional && (format == nullptr || !format->contains("header")))
    reader.report(line,
                  "columns are named by position, so say whether the file has a header row "
                  "(header = true or false in [format]); otherwise its first row would be lost");
}

}  // namespace

std::string_view import_source_word(ImportSource source) {
  for (const auto& [value, word] : kSources)
    if (value == source) return word;
  return "receipts";
}

LoadedProfile load_import_profile_text(std::string_view text, const std::string& file_name) {
  LoadedProfile loaded;
  const std::optional<toml::table> parsed = parse_toml(text, file_name, loaded.findings);
  if (!parsed) return loaded;
  const toml::table& root = *parsed;
  ProfileReader reader(file_name);
  ImportProfile profile;
  profile.file = file_name;
  reader.only_keys(root, {"profile", "format", "columns", "partners", "schemes"}, "the profile");
  if (const toml::table* head = root["profile"].as_table()) {
    reader.only_keys(*head, {"name", "description", "source", "arrangement"}, "[profile]");
    const long line = line_of(*head);
    profile.name = reader.text(*head, "name", true, line);
    profile.description = reader.text(*head, "description", false, line);
    profile.arrangement = reader.text(*head, "arrangement", true, line);
    const std::string source = reader.text(*head, "source", true, line);
    bool known = false;
    for (const auto& [value, word] : kSources)
      if (word == source) {
        profile.source = value;
        known = true;
      }
    if (!known && !source.empty())
      reader.report(line,
                    "source '" + source + "' should be receipts, partner-payments, gl-draws or provider-invoices");
  } else {
    reader.report(1, "the profile has no [profile] table");
  }
  read_format(reader, root, profile);
  read_columns(reader, root, profile);
  profile.partners = reader.mapping(root, "partners");
  profile.schemes = reader.mapping(root, "schemes");
  loaded.findings = reader.take();
  if (loaded.findings.empty()) loaded.profile = std::move(profile);
  return loaded;
}

LoadedProfile load_import_profile(const std::filesystem::path& file) {
  auto text = ledger::read_text_file(file, kMaxProfileBytes, "the profile");
  if (!text) {
    LoadedProfile refused;
    refused.findings.push_back(Finding{Severity::error, text.error()});
    return refused;
  }
  return load_import_profile_text(*text, file.string());
}

}  // namespace poolbook::contracts
