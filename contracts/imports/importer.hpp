#pragma once
// Importing turns a source's CSV extract into entries in the pool's journal, by the
// source's import profile and the agreement: a receipt from the ICB becomes "Dr
// pool/bcf-pool/bank, Cr pool/bcf-pool/contributions/icb"; a general-ledger line charged
// to cost centre CC4107 becomes a draw on scheme S07. A row that cannot be posted (a date
// or amount that does not parse, an unknown partner or scheme, a month already closed, a
// reference already posted) goes to quarantine with its file, line, raw text and reason;
// the good rows of the same file are posted, all in one transaction.
//
//   auto summary = import_file(agreement, profile, store, "inbox/receipts-2025-10.csv", "r.osei");
//   // summary->entries_posted, summary->quarantined (each with line and reason)
//
// Guarantees: a file is posted whole or not at all (a crash leaves nothing half-posted);
// the same file (by SHA-256 of its bytes) is refused a second time unless forced; no row is
// silently dropped: every record is either posted or quarantined.
// Limits, each checked before any row is posted: files over kMaxImportFileBytes, and files
// of more than kMaxEntriesPerBatch rows, are refused; CSV limits as in csv_reader.hpp (a
// record runs at most 8 MiB). A file whose rows that cannot be posted run past 10,000 (not
// counting duplicates of rows already posted) or 32 MiB is refused whole.
// Memory: the file is read a block at a time: its lines counted; then a first reading (its
// digest, its rows, the references that may repeat in it); then the import, which hashes
// again. A file that changes between readings is refused (import.changed). Memory does not
// grow with the file beyond about 10 bits a line and the rows held back.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/imports/import_profile.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::contracts {

inline constexpr std::uintmax_t kMaxImportFileBytes = 1024ULL * 1024 * 1024;

struct ImportSummary {
  std::string file;
  std::string source_digest;
  std::size_t records_read = 0;
  std::size_t entries_posted = 0;
  Money total_posted;  // the sum of the rows' amounts as read
  std::vector<ledger::QuarantinedRow> quarantined;
};

// Told of a long import's progress: the rows read so far, every kProgressRows rows.
using ImportProgress = std::function<void(std::size_t rows_read)>;
inline constexpr std::size_t kProgressRows = 100000;

// `actor` is the id of a person of the agreement (anyone else is refused, authority.actor).
// Imports a file. A file-level problem (unreadable, too large, a column the profile names
// missing from the header, already imported) refuses the whole file with the reason.
Result<ImportSummary> import_file(const Agreement& agreement, const ImportProfile& profile, ledger::Store& store,
                                  const std::filesystem::path& file, const std::string& actor, bool force = false,
                                  const ImportProgress& progress = {});

// The same, from the file's bytes.
Result<ImportSummary> import_text(const Agreement& agreement, const ImportProfile& profile, ledger::Store& store,
                                  std::string_view text, const std::string& file_name, const std::string& actor,
                                  bool force = false, const ImportProgress& progress = {});

// Reads a quarantined row again (as stored, or as corrected by the user) and, if it can now
// be posted, posts it and marks the quarantined row retried. Refused with the reason if
// it still cannot.
Result<ledger::EntryId> retry_quarantined(const Agreement& agreement, const ImportProfile& profile,
                                          ledger::Store& store, const ledger::QuarantinedRow& row,
                                          const std::string& corrected_raw, const std::string& actor);

}  // namespace poolbook::contracts
