#pragma once
// An import profile says how to read one source's CSV extract: which column holds the
// date (and in which form), the amount (one signed column, or debit and credit columns,
// and whether the sign must be turned round), the partner, the scheme, the reference and
// the description; whether there is a header row; the delimiter; and how the source names
// partners and schemes. Oracle, SAP and Unit4 exports differ in all of these, so imports
// are mapped, never assumed. Format: docs/import-profile-format.md.
//
//   LoadedProfile loaded = load_import_profile("fixtures/northshire/profiles/host-receipts.toml");
//   if (loaded.profile) import_file(agreement, *loaded.profile, store, "inbox/receipts.csv", "j.smith");
//
// What each source posts:
//   receipts           the host's receipts into the pool's bank: Dr bank, Cr contributions
//   partner-payments   a partner's own record of what it paid (memo, kept for matching)
//   gl-draws           the host's general-ledger spend on schemes: Dr scheme, Cr bank
//   provider-invoices  providers' invoices (memo, kept for matching against the draws)
//   bank-statement     the bank's statement of the pool's account (memo, kept to prove the
//                      books' bank balance: receipts less payments)

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/finding.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"

namespace poolbook::contracts {

enum class ImportSource { receipts, partner_payments, gl_draws, provider_invoices, bank_statement };

std::string_view import_source_word(ImportSource source);

// A column named by its header text, or by its 1-based position when the file has no header.
struct ColumnRef {
  std::string header;
  int position = 0;  // 1-based; 0 when named by header
  [[nodiscard]] bool present() const { return !header.empty() || position > 0; }
};

struct ImportProfile {
  std::string file;  // where the profile was loaded from
  std::string name;
  std::string description;
  ImportSource source = ImportSource::receipts;
  std::string arrangement;
  char delimiter = ',';
  bool header = true;
  // Whether a record may differ from the header's number of fields by empty fields at its
  // end (some ledgers drop or add trailing empty columns); otherwise it must match exactly.
  bool trailing_empty_fields = false;
  // References are compared (and kept) in capitals unless the source's are case-sensitive.
  bool references_case_sensitive = false;
  ledger::DateFormat date_format = ledger::DateFormat::iso;
  bool negate = false;  // the source writes money in as negative (credits): turn it round

  ColumnRef date;
  ColumnRef amount;  // one signed column ...
  ColumnRef debit;   // ... or a debit and a credit column (amount = debit - credit)
  ColumnRef credit;
  ColumnRef partner;
  ColumnRef scheme;
  ColumnRef reference;
  ColumnRef description_column;

  std::map<std::string, std::string> partners;  // the source's name -> partner id
  std::map<std::string, std::string> schemes;   // the source's code -> scheme id
};

struct LoadedProfile {
  std::optional<ImportProfile> profile;  // present only when there are no errors
  std::vector<Finding> findings;
};

LoadedProfile load_import_profile(const std::filesystem::path& file);
LoadedProfile load_import_profile_text(std::string_view text, const std::string& file_name);

}  // namespace poolbook::contracts
