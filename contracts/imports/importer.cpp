#include "poolbook/contracts/imports/importer.hpp"

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/imports/internal/import_input.hpp"
#include "poolbook/contracts/imports/internal/repeat_filter.hpp"
#include "poolbook/contracts/imports/internal/string_set.hpp"
#include "poolbook/ledger/csv/csv_reader.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_list.hpp"
#include "poolbook/ledger/text/utf8.hpp"

namespace poolbook::contracts {
namespace {

using ledger::CsvReader;
using ledger::CsvRecord;
using ledger::Entry;
using ledger::EntryKind;
using ledger::Posting;
using ledger::QuarantinedRow;

// Where each column the profile names sits in the file's records (0-based), or -1.
struct ColumnIndexes {
  int date = -1, amount = -1, debit = -1, credit = -1, partner = -1, scheme = -1, reference = -1, description = -1;
};

Error file_error(const std::string& file, std::string rule, std::string message) {
  return Error{std::move(rule), std::move(message), file, 0};
}

Result<int> resolve(const ColumnRef& column, const std::vector<std::string>& header, const ImportProfile& profile,
                    const std::string& file) {
  if (!column.present()) return -1;
  if (column.position > 0) return column.position - 1;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != column.header) continue;
    // Two columns of one name: which one holds the figure is a guess, so the file is refused.
    if (found)
      return file_error(file, "import.header",
                        "the header names column '" + column.header + "' twice (columns " + std::to_string(*found + 1) +
                            " and " + std::to_string(i + 1) + "), so which one profile " + profile.name +
                            " reads is ambiguous; nothing was posted");
    found = i;
  }
  if (found) return static_cast<int>(*found);
  return file_error(file, "import.header",
                    "the file has no column '" + column.header + "', which profile " + profile.name +
                        " reads; is this the right profile for the file?");
}

Result<ColumnIndexes> resolve_all(const ImportProfile& profile, const std::vector<std::string>& header,
                                  const std::string& file) {
  ColumnIndexes indexes;
  const std::pair<const ColumnRef*, int*> columns[] = {
      {&profile.date, &indexes.date},           {&profile.amount, &indexes.amount},
      {&profile.debit, &indexes.debit},         {&profile.credit, &indexes.credit},
      {&profile.partner, &indexes.partner},     {&profile.scheme, &indexes.scheme},
      {&profile.reference, &indexes.reference}, {&profile.description_column, &indexes.description}};
  for (const auto& [column, index] : columns) {
    auto found = resolve(*column, header, profile, file);
    if (!found) return found.error();
    *index = *found;
  }
  return indexes;
}

// Everything needed to turn one record into an entry.
struct RowContext {
  const Agreement& agreement;
  const Arrangement& arrangement;
  const ImportProfile& profile;
  ColumnIndexes columns;
  std::size_t header_fields = 0;  // how many fields the header names (0: no header)
  std::string source_digest;
  std::string actor;
  ledger::StringSet references_seen;      // within this file: of those that may repeat in it
  const RepeatFilter* repeats = nullptr;  // which may (none known: every reference may)
};

Error row_error(std::string rule, std::string message) { return make_error(std::move(rule), std::move(message)); }

const std::string& field(const CsvRecord& record, int index) {
  static const std::string kEmpty;
  return index < 0 || static_cast<std::size_t>(index) >= record.fields.size()
             ? kEmpty
             : record.fields[static_cast<std::size_t>(index)];
}

Result<Money> row_amount(const RowContext& context, const CsvRecord& record) {
  Money amount;
  if (context.columns.amount >= 0) {
    auto parsed = Money::parse(field(record, context.columns.amount));
    if (!parsed) return parsed.error();
    amount = *parsed;
  } else {
    for (const auto& [index, sign] : {std::pair{context.columns.debit, 1}, std::pair{context.columns.credit, -1}}) {
      const std::string& text = field(record, index);
      if (text.empty()) continue;
      auto parsed = Money::parse(text);
      if (!parsed) return parsed.error();
      amount += sign > 0 ? *parsed : -*parsed;
    }
  }
  if (context.profile.negate) amount = -amount;
  if (amount.is_zero()) return row_error("import.amount", "the amount is zero; there is nothing to post");
  return amount;
}

Result<std::string> row_partner(const RowContext& context, const CsvRecord& record) {
  const std::string& named = field(record, context.columns.partner);
  const auto mapped = context.profile.partners.find(named);
  const std::string id = mapped != context.profile.partners.end() ? mapped->second : named;
  if (context.agreement.find_partner(id) == nullptr)
    return row_error("import.partner", "the partner '" + named + "' is not a partner of the agreement, and profile " +
                                           context.profile.name + " does not map it to one");
  if (!context.arrangement.has_partner(id))
    return row_error("import.partner",
                     "partner " + id + " is not a partner of arrangement '" + context.arrangement.id + "'");
  return id;
}

Result<const Scheme*> row_scheme(const RowContext& context, const CsvRecord& record) {
  const std::string& named = field(record, context.columns.scheme);
  const auto mapped = context.profile.schemes.find(named);
  const std::string id = mapped != context.profile.schemes.end() ? mapped->second : named;
  const Scheme* scheme = context.agreement.find_scheme(id);
  if (scheme == nullptr)
    return row_error("import.scheme", "the scheme '" + named + "' is not a scheme of the agreement, and profile " +
                                          context.profile.name + " does not map it to one");
  if (scheme->arrangement != context.arrangement.id)
    return row_error("import.scheme", "scheme " + id + " is charged to arrangement '" + scheme->arrangement +
                                          "', not '" + context.arrangement.id + "'");
  return scheme;
}

// Sets a posting, reusing the memory of the one it replaces.
void set_posting(Posting& posting, const std::string& account, Money amount) {
  posting.account.assign(account);
  posting.amount = amount;
}

// The two postings a row makes, by the profile's source, written over `postings`.
Status row_postings(const RowContext& context, const CsvRecord& record, Money amount, std::vector<Posting>& postings) {
  const std::string& arrangement = context.arrangement.id;
  postings.resize(2);
  switch (context.profile.source) {
    case ImportSource::receipts: {
      auto partner = row_partner(context, record);
      if (!partner) return partner.error();
      set_posting(postings[0], account_path::bank(arrangement), amount);
      set_posting(postings[1], account_path::contributions(arrangement, *partner), -amount);
      return ok_status();
    }
    case ImportSource::partner_payments: {
      auto partner = row_partner(context, record);
      if (!partner) return partner.error();
      set_posting(postings[0], account_path::partner_paid(arrangement, *partner), amount);
      set_posting(postings[1], account_path::memo_contra(arrangement), -amount);
      return ok_status();
    }
    case ImportSource::gl_draws: {
      auto scheme = row_scheme(context, record);
      if (!scheme) return scheme.error();
      const bool aligned = context.arrangement.kind == ArrangementKind::aligned_budget;
      set_posting(postings[0], account_path::scheme(context.arrangement, (*scheme)->id), amount);
      set_posting(postings[1],
                  aligned ? account_path::aligned_funding(arrangement, (*scheme)->commissioner)
                          : account_path::bank(arrangement),
                  -amount);
      return ok_status();
    }
    case ImportSource::provider_invoices: {
      auto scheme = row_scheme(context, record);
      if (!scheme) return scheme.error();
      set_posting(postings[0], account_path::invoiced(arrangement, (*scheme)->id), amount);
      set_posting(postings[1], account_path::memo_contra(arrangement), -amount);
      return ok_status();
    }
    case ImportSource::bank_statement:
      set_posting(postings[0], account_path::bank_statement(arrangement), amount);
      set_posting(postings[1], account_path::memo_contra(arrangement), -amount);
      return ok_status();
  }
  return row_error("import.source", "unknown source");
}

EntryKind kind_of(ImportSource source) {
  switch (source) {
    case ImportSource::gl_draws:
      return EntryKind::draw;
    case ImportSource::provider_invoices:
      return EntryKind::accrual;
    default:
      return EntryKind::contribution;
  }
}

// One record to one entry, written over `entry` (every field set, reusing its memory), or
// the reason it cannot be posted.
// A record with more or fewer fields than the header has shifted its columns (an unquoted
// comma in free text, say), so that a figure could be read from the wrong column: it is not
// posted. A profile may allow empty fields added or left off at the end.
Status fields_match(const RowContext& context, const CsvRecord& record) {
  const std::size_t expected = context.header_fields;
  const std::size_t found = record.fields.size();
  if (expected == 0 || found == expected) return ok_status();
  if (context.profile.trailing_empty_fields) {
    bool only_empty_beyond = true;
    for (std::size_t i = std::min(found, expected); i < found; ++i) only_empty_beyond &= record.fields[i].empty();
    if (only_empty_beyond) return ok_status();
  }
  return row_error("csv.fields", "the row has " + std::to_string(found) + " fields where the header has " +
                                     std::to_string(expected) +
                                     ": its columns may have shifted (an unquoted comma in a description?), so it "
                                     "is not posted");
}

// Text that is not UTF-8 would be posted as it stands and break whatever reads the books
// later (hledger refuses such a journal): the row is not posted.
Status fields_utf8(const CsvRecord& record) {
  for (std::size_t i = 0; i < record.fields.size(); ++i)
    if (const auto at = ledger::invalid_utf8_at(record.fields[i]))
      return row_error("csv.encoding", "field " + std::to_string(i + 1) + " is not UTF-8 (at its byte " +
                                           std::to_string(*at + 1) +
                                           "): the profile reads UTF-8, so the row is not posted; export the file as "
                                           "UTF-8");
  for (std::size_t i = 0; i < record.fields.size(); ++i)
    if (const auto at = ledger::control_at(record.fields[i]))
      return row_error("csv.control", "field " + std::to_string(i + 1) + " holds a control character (at its byte " +
                                          std::to_string(*at + 1) +
                                          ": an escape, a lone carriage return...), which would be printed back to "
                                          "whoever reads the books, so the row is not posted");
  return ok_status();
}

// A reference as compared and kept: without the spaces around it, and in capitals unless the
// profile says its references are case-sensitive (" ar250124" is AR250124).
std::string normalised_reference(std::string_view raw, const ImportProfile& profile) {
  std::string reference = ledger::trim_text(raw);
  if (!profile.references_case_sensitive)
    for (char& c : reference)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return reference;
}

Status fill_entry(RowContext& context, ledger::BooksView& books, const CsvRecord& record, Entry& entry) {
  if (auto fields = fields_match(context, record); !fields) return fields;
  if (auto encoded = fields_utf8(record); !encoded) return encoded;
  auto day = ledger::parse_date(field(record, context.columns.date), context.profile.date_format);
  if (!day) return day.error();
  if (*day < context.agreement.start || *day > context.agreement.effective_end())
    return row_error("agreement.term", "the date " + ledger::to_iso(*day) + " is outside the term of the agreement");
  if (books.is_closed(ledger::Period::containing(*day)))
    return refusal("period.closed", "the row is dated " + ledger::to_iso(*day) + ", in " +
                                        ledger::Period::containing(*day).to_string() +
                                        ", which is closed: post a correction in an open month");
  auto amount = row_amount(context, record);
  if (!amount) return amount.error();
  const std::string reference = normalised_reference(field(record, context.columns.reference), context.profile);
  if (reference.empty()) return row_error("import.reference", "the row has no reference");
  const bool may_repeat = context.repeats == nullptr || context.repeats->may_repeat(reference);
  if ((may_repeat && context.references_seen.contains(reference)) ||
      books.reference_posted(context.profile.name, reference))
    return row_error("import.duplicate-reference",
                     "reference " + reference + " was already posted through profile " + context.profile.name);
  if (auto postings = row_postings(context, record, *amount, entry.postings); !postings) return postings;
  // The same receipt or draw again, under any profile (a copy of one under another name, a
  // file exported twice with different bytes): quarantined, not posted twice.
  if (const auto alike = books.posted_alike(reference, *day, entry.postings))
    return row_error("import.probable-duplicate",
                     "entry " + std::to_string(*alike) + " already posts reference " + reference + " of " +
                         ledger::to_iso(*day) +
                         " for the same amount to the same accounts: a probable duplicate, "
                         "not posted (dismiss it; a genuine second payment needs its own reference)");
  for (const Posting& posting : entry.postings)
    if (!books.account_open(posting.account))
      return row_error("account.unknown", "the row posts to " + posting.account +
                                              ", which is not open in these books (was the agreement changed after "
                                              "`poolbook init`? run init again to open it)");
  entry.id = 0;
  entry.date = *day;
  entry.kind = kind_of(context.profile.source);
  const std::string& described = field(record, context.columns.description);
  if (described.empty()) {
    entry.description.assign(import_source_word(context.profile.source));
    entry.description += ' ';
    entry.description += reference;
  } else {
    entry.description.assign(described, 0, ledger::kMaxDescriptionBytes);
  }
  entry.reference.assign(reference);
  entry.reverses.reset();
  entry.provenance.source_digest.assign(context.source_digest);
  entry.provenance.source_row = record.line;
  entry.provenance.profile.assign(context.profile.name);
  entry.provenance.actor.assign(context.actor);
  entry.provenance.recorded_at.clear();  // the store stamps the batch's time
  entry.previous_hash.clear();
  entry.hash.clear();
  if (auto valid = ledger::check_entry(entry); !valid) return valid;
  if (may_repeat) context.references_seen.insert(reference);
  return ok_status();
}

QuarantinedRow quarantined(const RowContext& context, const std::string& file, long line, std::string raw,
                           const Error& why, const std::string& header) {
  QuarantinedRow row;
  row.file = file;
  row.source_digest = context.source_digest;
  row.line = line;
  row.raw = std::move(raw);
  row.rule = why.rule;
  row.reason = why.message;
  row.profile = context.profile.name;
  row.status = ledger::QuarantineStatus::open;
  row.header = header;
  return row;
}

Result<const Arrangement*> profile_arrangement(const Agreement& agreement, const ImportProfile& profile) {
  const Arrangement* arrangement = agreement.find_arrangement(profile.arrangement);
  if (arrangement == nullptr)
    return file_error(profile.file, "import.profile",
                      "profile " + profile.name + " imports into arrangement '" + profile.arrangement +
                          "', which the agreement does not have");
  const bool aligned = arrangement->kind == ArrangementKind::aligned_budget;
  if (aligned && profile.source != ImportSource::gl_draws)
    return file_error(profile.file, "import.profile",
                      "profile " + profile.name + " imports " + std::string(import_source_word(profile.source)) +
                          " into an aligned budget, where no money moves; only gl-draws apply there");
  return arrangement;
}

ledger::CsvOptions csv_options(const ImportProfile& profile) {
  ledger::CsvOptions options;
  options.delimiter = profile.delimiter;
  return options;
}

}  // namespace

// Only a person of the agreement posts to its books (the CLI maps --as or the OS user to one).
Status person_of_agreement(const Agreement& agreement, const std::string& actor, const std::string& what) {
  if (agreement.find_person(actor) != nullptr) return ok_status();
  return refusal("authority.actor",
                 "'" + actor + "' is not a person of agreement " + agreement.id + ", so may not " + what);
}

namespace {

// A file whose rows that cannot be posted run past either bound is refused whole: it is
// almost certainly not what its profile reads, and its quarantine would not fit in memory.
// Rows held back as duplicates of rows already posted (a year-to-date extract imported
// again) count towards the bytes only.
constexpr std::size_t kMaxQuarantinedRows = 10'000;
constexpr std::size_t kMaxQuarantinedBytes = 32 * 1024 * 1024;

// The first reading of a file: its digest (into `digest`), how many rows it holds (records
// after the header, good or bad, counted as the import will count them) and which of their
// references may occur in it more than once (see RepeatFilter). It reads the whole file, so
// that the digest covers it however the reading ends; what is wrong with the file itself
// (its header, a record too long to read past) is left for the import to report.
struct FirstReading {
  std::size_t rows = 0;
  RepeatFilter repeats;
};

Result<FirstReading> first_reading(const ImportInput& input, const ImportProfile& profile, std::size_t lines_at_most,
                                   const std::string& file_name, ledger::Sha256& digest) {
  FirstReading reading{0, RepeatFilter(lines_at_most)};
  const HashedReading hashed(input, digest);
  ledger::CsvOptions options = csv_options(profile);
  options.max_records = lines_at_most + 1;  // the bytes counted cannot hold more
  CsvReader reader(hashed.source(), options);
  bool header_pending = profile.header;
  std::optional<ColumnIndexes> columns;
  if (!profile.header)
    if (auto resolved = resolve_all(profile, {}, file_name)) columns = *resolved;
  for (;;) {
    auto record = reader.next();
    if (record && !*record) break;
    if (!record && reader.last_raw().empty()) {  // about the file
      if (record.error().rule == "file.read") return record.error();
      break;
    }
    if (header_pending) {
      header_pending = false;
      if (record)
        if (auto resolved = resolve_all(profile, (*record)->fields, file_name)) columns = *resolved;
      continue;
    }
    // Records are never more than the lines counted before, unless the file changed since.
    if (++reading.rows > lines_at_most) break;
    if (record && columns) reading.repeats.add(normalised_reference(field(**record, columns->reference), profile));
  }
  if (auto drained = hashed.drain(); !drained) return drained.error();
  return reading;
}

Error changed_error(const std::string& file_name) {
  return file_error(file_name, "import.changed",
                    "the file changed while it was being imported, so nothing was posted: import it again once "
                    "whatever writes it has finished");
}

Result<ImportSummary> import_input(const Agreement& agreement, const ImportProfile& profile, ledger::Store& store,
                                   const ImportInput& input, const std::string& file_name, const std::string& actor,
                                   bool force, const ImportProgress& progress) {
  if (auto known = person_of_agreement(agreement, actor, "import into its books"); !known) return known.error();
  auto arrangement = profile_arrangement(agreement, profile);
  if (!arrangement) return arrangement.error();
  auto lines = lines_at_most(input);
  if (!lines) return lines.error();
  ledger::Sha256 first_digest;
  auto first = first_reading(input, profile, *lines, file_name, first_digest);
  if (!first) return first.error();
  ImportSummary summary;
  summary.file = file_name;
  summary.source_digest = first_digest.hex();
  if (!force && store.imported(summary.source_digest))
    return conflict("import.duplicate",
                    "this file was already imported (same contents); use --force to import it again")
        .at(file_name, 0);
  if (first->rows > *lines) return changed_error(file_name);
  if (first->rows > ledger::kMaxEntriesPerBatch)
    return file_error(file_name, "import.limit",
                      "the file has " + std::to_string(first->rows) + " rows, and one import takes at most " +
                          std::to_string(ledger::kMaxEntriesPerBatch) +
                          ": split it into files of fewer rows (nothing was posted)");
  ledger::Sha256 digest;
  const HashedReading reading(input, digest);
  ledger::CsvOptions options = csv_options(profile);
  options.max_records = ledger::kMaxEntriesPerBatch + (profile.header ? 1 : 0);
  CsvReader reader(reading.source(), options);
  // A problem with the file itself ends the import: if its bytes are not those of the first
  // reading, the problem is that it changed.
  const auto about_the_file = [&](Error problem) -> Error {
    if (!reading.drain() || digest.hex() != summary.source_digest) return changed_error(file_name);
    return problem;
  };
  std::vector<std::string> header;
  std::string header_raw;
  if (profile.header) {
    auto head = reader.next();
    if (!head) return about_the_file(Error(head.error()).at(file_name, head.error().line));
    if (!*head) return about_the_file(file_error(file_name, "import.empty", "the file is empty: it has no header row"));
    header = (*head)->fields;
    header_raw = std::string((*head)->raw);
  }
  auto columns = resolve_all(profile, header, file_name);
  if (!columns) return about_the_file(columns.error());
  RowContext context{agreement, **arrangement, profile, *columns, header.size(), summary.source_digest, actor, {}};
  context.repeats = &first->repeats;
  std::size_t quarantined_bytes = 0;
  std::size_t held_not_duplicates = 0;
  const auto hold_back = [&](long line, std::string raw, const Error& why) -> Status {
    const bool duplicate = why.rule == "import.duplicate-reference" || why.rule == "import.probable-duplicate";
    held_not_duplicates += duplicate ? 0 : 1;
    quarantined_bytes += raw.size() + header_raw.size() + why.message.size();
    if (held_not_duplicates > kMaxQuarantinedRows || quarantined_bytes > kMaxQuarantinedBytes) {
      const bool none = summary.quarantined.empty();
      const long first_line = none ? line : summary.quarantined.front().line;
      const std::string& first_reason = none ? why.message : summary.quarantined.front().reason;
      const std::string& first_rule = none ? why.rule : summary.quarantined.front().rule;
      return about_the_file(file_error(
          file_name, "import.quarantine-limit",
          "the rows of the file that cannot be posted run past what one import may hold back (" +
              std::to_string(kMaxQuarantinedRows) +
              " rows, not counting duplicates of rows already posted, and 32 MiB in all, the header kept with "
              "each row); the first is line " +
              std::to_string(first_line) + ": " + first_reason + " [" + first_rule +
              "]. Is this the right file for profile " + profile.name + "? Nothing was posted"));
    }
    summary.quarantined.push_back(quarantined(context, file_name, line, std::move(raw), why, header_raw));
    return ok_status();
  };
  // Rows are read a block at a time, and posted one at a time inside the store's
  // transaction, so a file of millions of rows is never held in memory, as text or entries.
  const ledger::EntrySource next_entry = [&](ledger::BooksView& books, Entry& entry) -> Result<bool> {
    for (;;) {
      auto record = reader.next();
      if (!record) {
        if (reader.last_raw().empty())  // the file
          return about_the_file(Error(record.error()).at(file_name, record.error().line));
        ++summary.records_read;
        if (auto held = hold_back(record.error().line, reader.last_raw(), record.error()); !held) return held.error();
        continue;
      }
      if (!*record) {
        // Every byte has been read again: they must be the bytes the digest was taken of.
        if (digest.hex() != summary.source_digest) return changed_error(file_name);
        return false;
      }
      if (++summary.records_read % kProgressRows == 0 && progress) progress(summary.records_read);
      if (auto filled = fill_entry(context, books, **record, entry); !filled) {
        if (auto held = hold_back((*record)->line, std::string((*record)->raw), filled.error()); !held)
          return held.error();
        continue;
      }
      summary.total_posted += entry.postings.front().amount;
      return true;
    }
  };
  const ledger::ImportRecord record{summary.source_digest, file_name, profile.name, actor, force};
  auto posted = store.append_import_stream(next_entry, record, summary.quarantined);
  if (!posted)
    return Error(posted.error()).at(posted.error().file.empty() ? file_name : posted.error().file, posted.error().line);
  summary.entries_posted = *posted;
  return summary;
}

}  // namespace

Result<ImportSummary> import_text(const Agreement& agreement, const ImportProfile& profile, ledger::Store& store,
                                  std::string_view text, const std::string& file_name, const std::string& actor,
                                  bool force, const ImportProgress& progress) {
  return import_input(agreement, profile, store, ImportInput::of_text(text), file_name, actor, force, progress);
}

Result<ImportSummary> import_file(const Agreement& agreement, const ImportProfile& profile, ledger::Store& store,
                                  const std::filesystem::path& file, const std::string& actor, bool force,
                                  const ImportProgress& progress) {
  auto input = ImportInput::of_file(file, kMaxImportFileBytes);
  if (!input) return input.error();
  return import_input(agreement, profile, store, *input, file.string(), actor, force, progress);
}

Result<ledger::EntryId> retry_quarantined(const Agreement& agreement, const ImportProfile& profile,
                                          ledger::Store& store, const ledger::QuarantinedRow& row,
                                          const std::string& corrected_raw, const std::string& actor) {
  if (auto known = person_of_agreement(agreement, actor, "post a quarantined row"); !known) return known.error();
  if (row.status != ledger::QuarantineStatus::open)
    return conflict("quarantine.status", "quarantined row " + std::to_string(row.id) + " is " +
                                             std::string(ledger::quarantine_status_word(row.status)) + ", not open");
  auto arrangement = profile_arrangement(agreement, profile);
  if (!arrangement) return arrangement.error();
  std::vector<std::string> header;
  if (profile.header) {
    CsvReader header_reader(row.header, csv_options(profile));
    auto first = header_reader.next();
    if (!first || !*first) return make_error("quarantine.header", "the quarantined row's header could not be read");
    header = (*first)->fields;
  }
  auto columns = resolve_all(profile, header, row.file);
  if (!columns) return columns.error();
  const std::string text = corrected_raw.empty() ? row.raw : corrected_raw;
  CsvReader reader(text, csv_options(profile));
  auto record = reader.next();
  if (!record) return Error(record.error()).at(row.file, row.line);
  if (!*record) return make_error("quarantine.empty", "the row is empty");
  (*record)->line = row.line;
  RowContext context{agreement, **arrangement, profile, *columns, header.size(), row.source_digest, actor, {}};
  // The row is read inside the store's transaction, so its checks (closed month, reference
  // already posted) and the posting cannot be overtaken by another session.
  CsvRecord read = std::move(**record);
  return store.post_quarantined(
      row.id,
      [&](ledger::BooksView& books, Entry& entry) -> Result<bool> {
        if (auto filled = fill_entry(context, books, read, entry); !filled)
          return Error(filled.error()).at(row.file, row.line);
        return true;
      },
      actor, corrected_raw);
}

}  // namespace poolbook::contracts
