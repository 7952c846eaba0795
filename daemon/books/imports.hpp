#pragma once
// Importing a partner's or the host's ledger extract into the books, and what becomes of the
// rows that could not be posted. A file is read by an import profile; its good rows post in
// one transaction and each bad row goes to quarantine with its line and reason, where a
// person of the agreement can correct and post it (retry) or set it aside (dismiss).
//
//   auto imported = books::import_extract(books, "pool.manager", {"receipts-2025-04.csv", "host-receipts"});
//   // imported->entries_posted == 3, imported->quarantined.empty()
//
// Guarantees: only a person of the agreement imports, retries or dismisses (a stranger is
// refused and the refusal logged); the same bytes are not imported twice unless forced
// (which is recorded).

#include <cstdint>
#include <string>
#include <vector>

#include "poolbook/contracts/imports/importer.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct ImportRequest {
  std::string file;
  std::string profile;                   // a name (profiles/NAME.toml beside the agreement) or a path
  bool force = false;                    // import bytes imported before (recorded)
  contracts::ImportProgress progress{};  // told every 100,000 rows read
};

Result<contracts::ImportSummary> import_extract(Books& books, const std::string& as, const ImportRequest& request);

// Quarantined rows: the open ones, or all of them.
std::vector<ledger::QuarantinedRow> quarantined_rows(Books& books, bool open_only);
Result<ledger::QuarantinedRow> quarantined_row(Books& books, std::int64_t id);

// Reads a quarantined row again (as corrected by corrected_raw, when not empty) by its
// profile and posts it; returns the entry posted.
Result<ledger::EntryId> retry_quarantined(Books& books, const std::string& as, std::int64_t id,
                                          const std::string& corrected_raw);

// Sets an open row aside for good, saying why.
Status dismiss_quarantined(Books& books, const std::string& as, std::int64_t id, const std::string& reason);

}  // namespace poolbook::books
