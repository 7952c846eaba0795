#include "poolbook/daemon/books/imports.hpp"

namespace poolbook::books {

Result<contracts::ImportSummary> import_extract(Books& books, const std::string& as, const ImportRequest& request) {
  auto profile = find_profile(books, request.profile);
  if (!profile) return profile.error();
  auto actor = known_actor(books, as, "import", "import into the books");
  if (!actor) return actor.error();
  return contracts::import_file(books.agreement, *profile, *books.store, request.file, (*actor)->id, request.force,
                                request.progress);
}

std::vector<ledger::QuarantinedRow> quarantined_rows(Books& books, bool open_only) {
  return books.store->quarantine(open_only);
}

Result<ledger::QuarantinedRow> quarantined_row(Books& books, std::int64_t id) {
  for (auto& row : books.store->quarantine(false))
    if (row.id == id) return row;
  return not_found("quarantine.unknown", "there is no quarantined row " + std::to_string(id));
}

Result<ledger::EntryId> retry_quarantined(Books& books, const std::string& as, std::int64_t id,
                                          const std::string& corrected_raw) {
  auto row = quarantined_row(books, id);
  if (!row) return row.error();
  auto profile = find_profile(books, row->profile);
  if (!profile) return profile.error();
  auto actor = known_actor(books, as, "quarantine-retry", "post a quarantined row");
  if (!actor) return actor.error();
  return contracts::retry_quarantined(books.agreement, *profile, *books.store, *row, corrected_raw, (*actor)->id);
}

Status dismiss_quarantined(Books& books, const std::string& as, std::int64_t id, const std::string& reason) {
  if (reason.empty()) return make_error("quarantine.reason", "say why (--reason)");
  if (auto row = quarantined_row(books, id); !row) return row.error();
  auto actor = known_actor(books, as, "quarantine-dismiss", "dismiss a quarantined row");
  if (!actor) return actor.error();
  return books.store->dismiss_quarantined(id, (*actor)->id, reason);
}

}  // namespace poolbook::books
