#pragma once
// Exporting the journal lets an accountant load the pool's books into an independent tool
// and get the same balances: ledger-cli and hledger read the `ledger` format, beancount
// its own, and any spreadsheet the `csv` one (a row per posting).
//
//   export_journal(store, ExportFormat::ledger, std::cout);
//
//   commodity GBP
//       format GBP 1000.00
//
//   account pool:bcf-pool:bank
//   account pool:bcf-pool:contributions:icb
//
//   2025-10-15 * ICB instalment M07  ; entry 12, ref R-0001
//       pool:bcf-pool:bank    GBP 3479956.29
//       pool:bcf-pool:contributions:icb    GBP -3479956.29
//
// Guarantees: every entry and posting is written, amounts exactly (pence as decimals);
// account paths map one to one (slashes become colons; beancount adds the type's root,
// e.g. Assets:Pool:Bcf-pool:Bank). Entries are written in date order, entries of one day in
// id order. The ledger file declares the commodity and every account before the first
// entry, so it passes `hledger check --strict ordereddates` and `ledger --pedantic`; the
// beancount file opens every account. In CSV, free text that starts like a spreadsheet
// formula (=, +, -, @) is written with a leading apostrophe, so it is shown, never run.

#include <optional>
#include <ostream>
#include <string_view>

#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

enum class ExportFormat { ledger, beancount, csv };

std::optional<ExportFormat> export_format_from_word(std::string_view word);  // "ledger", "beancount", "csv"

// Refused (rule export.collision) when two accounts would get the same name in the target
// tool, which would merge their balances: beancount, say, writes '_', '.' and '-' alike.
Status check_export(Store& store, ExportFormat format);

// Writes the whole journal (read in date order, never held in memory at once) to out;
// returns the number of entries written.
// Nothing is written when check_export refuses.
Result<std::size_t> export_journal(Store& store, ExportFormat format, std::ostream& out);

// An account path as the target tool names it.
std::string exported_account(const Account& account, ExportFormat format);

}  // namespace poolbook::ledger
