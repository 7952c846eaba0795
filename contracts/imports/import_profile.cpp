#include "poolbook/contracts/imports/import_profile.hpp"

#include <array>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/internal/toml_reader.hpp"

namespace poolbook::contracts {
namespace {

constexpr std::array<std::pair<ImportSource, std::string_view>, 5> kSources = {{
    {ImportSource::receipts, "receipts"},
    {ImportSource::partner_payments, "partner-payments"},
    {ImportSource::gl_draws, "gl-draws"},
    {ImportSource::provider_invoices, "provider-invoices"},
    {ImportSource::bank_statement, "bank-statement"},
}};

constexpr std::uintmax_t kMaxProfileBytes = 1024 * 1024;

using detail::line_of;
using detail::TomlReader;

// Text under a key of any of the profile's tables: a missing key is "the profile has no
// 'name'", whichever table it belongs in.
std::string profile_text(TomlReader& reader, const toml::table& table, std::string_view key, bool must, long line) {
  const toml::node* node = must ? reader.required(table, key, "the profile", line) : table.get(key);
  if (node == nullptr) return {};
  return reader.string(*node, "'" + std::string(key) + "'").value_or(std::string{});
}

// A column by its header name ("Amount") or its position (1-256).
ColumnRef column(TomlReader& reader, const toml::table& columns, std::string_view key) {
  const toml::node* node = columns.get(key);
  if (node == nullptr) return {};
  if (const auto* name = node->as_string()) return ColumnRef{name->get(), 0};
  if (const auto* position = node->as_integer(); position != nullptr && position->get() >= 1 && position->get() <= 256)
    return ColumnRef{{}, static_cast<int>(position->get())};
  reader.report_field(line_of(*node),
                      "column '" + std::string(key) + "' should be a header name in quotes or a position 1-256");
  return {};
}

// A table of the names a partner's ledger uses to the agreement's ids: { "NCC" = "county" }.
std::map<std::string, std::string> mapping(TomlReader& reader, const toml::table& root, std::string_view key) {
  std::map<std::string, std::string> out;
  const toml::node* node = root.get(key);
  if (node == nullptr) return out;
  const auto* table = node->as_table();
  if (table == nullptr) {
    reader.report_field(line_of(*node), "[" + std::string(key) + "] should be a table of \"source name\" = \"id\"");
    return out;
  }
  for (const auto& [name, value] : *table) {
    if (const auto* id = value.as_string())
      out[std::string(name.str())] = id->get();
    else
      reader.report_field(line_of(value), "the " + std::string(key) + " mapping for '" + std::string(name.str()) +
                                              "' should be an id in quotes");
  }
  return out;
}

void read_format(TomlReader& reader, const toml::table& root, ImportProfile& profile) {
  const toml::table* format = root["format"].as_table();
  if (format == nullptr) {
    reader.report_field(1, "the profile has no [format] table");
    return;
  }
  reader.only_keys(
      *format, {"delimiter", "header", "trailing_empty_fields", "reference_case", "date_format", "sign", "encoding"},
      "[format]");
  const long line = line_of(*format);
  const std::string delimiter = profile_text(reader, *format, "delimiter", false, line);
  if (delimiter == "\\t" || delimiter == "tab")
    profile.delimiter = '\t';
  else if (delimiter.size() == 1 && std::string_view(",;|\t").find(delimiter[0]) != std::string_view::npos)
    profile.delimiter = delimiter[0];
  else if (!delimiter.empty())
    reader.report_field(line, "the delimiter should be \",\", \";\", \"|\" or \"tab\"");
  if (const toml::node* header = format->get("header")) {
    if (const auto* flag = header->as_boolean())
      profile.header = flag->get();
    else
      reader.report_field(line_of(*header), "header should be true or false (without quotes)");
  }
  if (const toml::node* trailing = format->get("trailing_empty_fields")) {
    if (const auto* flag = trailing->as_boolean())
      profile.trailing_empty_fields = flag->get();
    else
      reader.report_field(line_of(*trailing), "trailing_empty_fields should be true or false (without quotes)");
  }
  const std::string reference_case = profile_text(reader, *format, "reference_case", false, line);
  if (reference_case == "sensitive")
    profile.references_case_sensitive = true;
  else if (!reference_case.empty() && reference_case != "insensitive")
    reader.report_field(line, "reference_case '" + reference_case + "' should be insensitive or sensitive");
  const std::string date_format = profile_text(reader, *format, "date_format", true, line);
  if (auto parsed = ledger::date_format_from_word(date_format))
    profile.date_format = *parsed;
  else if (!date_format.empty())
    reader.report_field(line, "date_format '" + date_format + "' should be yyyy-mm-dd, dd/mm/yyyy or dd-mon-yyyy");
  const std::string sign = profile_text(reader, *format, "sign", false, line);
  if (sign == "negate")
    profile.negate = true;
  else if (!sign.empty() && sign != "as-is")
    reader.report_field(line, "sign '" + sign + "' should be \"as-is\" or \"negate\"");
  const std::string encoding = profile_text(reader, *format, "encoding", false, line);
  if (!encoding.empty() && encoding != "utf-8")
    reader.report_field(line,
                        "encoding '" + encoding + "' is not supported: poolbook reads UTF-8 (with or without BOM)");
}

void read_columns(TomlReader& reader, const toml::table& root, ImportProfile& profile) {
  const toml::table* columns = root["columns"].as_table();
  if (columns == nullptr) {
    reader.report_field(1, "the profile has no [columns] table");
    return;
  }
  reader.only_keys(*columns, {"date", "amount", "debit", "credit", "partner", "scheme", "reference", "description"},
                   "[columns]");
  const long line = line_of(*columns);
  profile.date = column(reader, *columns, "date");
  profile.amount = column(reader, *columns, "amount");
  profile.debit = column(reader, *columns, "debit");
  profile.credit = column(reader, *columns, "credit");
  profile.partner = column(reader, *columns, "partner");
  profile.scheme = column(reader, *columns, "scheme");
  profile.reference = column(reader, *columns, "reference");
  profile.description_column = column(reader, *columns, "description");
  if (!profile.date.present()) reader.report_field(line, "[columns] has no 'date'");
  if (!profile.reference.present())
    reader.report_field(line, "[columns] has no 'reference' (needed to refuse duplicates)");
  const bool two_columns = profile.debit.present() || profile.credit.present();
  if (profile.amount.present() == two_columns)
    reader.report_field(line, "[columns] should name either 'amount' or both 'debit' and 'credit'");
  else if (two_columns && !(profile.debit.present() && profile.credit.present()))
    reader.report_field(line, "[columns] names only one of 'debit' and 'credit'");
  const bool needs_partner =
      profile.source == ImportSource::receipts || profile.source == ImportSource::partner_payments;
  if (needs_partner && !profile.partner.present())
    reader.report_field(line,
                        "a " + std::string(import_source_word(profile.source)) + " profile needs a 'partner' column");
  const bool needs_scheme =
      profile.source == ImportSource::gl_draws || profile.source == ImportSource::provider_invoices;
  if (needs_scheme && !profile.scheme.present())
    reader.report_field(line,
                        "a " + std::string(import_source_word(profile.source)) + " profile needs a 'scheme' column");
  const bool positional = profile.date.position > 0;
  if (!profile.header && !positional && profile.date.present())
    reader.report_field(line, "a file without a header row needs columns named by position (1, 2, ...)");
  const toml::table* format = root["format"].as_table();
  if (positional && (format == nullptr || !format->contains("header")))
    reader.report_field(line,
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
  const std::optional<toml::table> parsed = detail::parse_toml(text, file_name, loaded.findings);
  if (!parsed) return loaded;
  const toml::table& root = *parsed;
  TomlReader reader(file_name, "profile", "profiles do");
  ImportProfile profile;
  profile.file = file_name;
  reader.only_keys(root, {"profile", "format", "columns", "partners", "schemes"}, "the profile");
  if (const toml::table* head = root["profile"].as_table()) {
    reader.only_keys(*head, {"name", "description", "source", "arrangement"}, "[profile]");
    const long line = line_of(*head);
    profile.name = profile_text(reader, *head, "name", true, line);
    profile.description = profile_text(reader, *head, "description", false, line);
    profile.arrangement = profile_text(reader, *head, "arrangement", true, line);
    const std::string source = profile_text(reader, *head, "source", true, line);
    bool known = false;
    for (const auto& [value, word] : kSources)
      if (word == source) {
        profile.source = value;
        known = true;
      }
    if (!known && !source.empty())
      reader.report_field(line,
                          "source '" + source +
                              "' should be receipts, partner-payments, gl-draws, provider-invoices or bank-statement");
  } else {
    reader.report_field(1, "the profile has no [profile] table");
  }
  read_format(reader, root, profile);
  read_columns(reader, root, profile);
  profile.partners = mapping(reader, root, "partners");
  profile.schemes = mapping(reader, root, "schemes");
  loaded.findings = reader.take_findings();
  if (loaded.findings.empty()) loaded.profile = std::move(profile);
  return loaded;
}

LoadedProfile load_import_profile(const std::filesystem::path& file) {
  return detail::load_toml_file<LoadedProfile>(file, kMaxProfileBytes, "the profile", load_import_profile_text);
}

}  // namespace poolbook::contracts
