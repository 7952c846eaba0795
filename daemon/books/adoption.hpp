#pragma once
// Adopting an agreement: `init` creates the books for an agreement, opening the accounts its
// chart needs, and keeps the agreement's text so that the books follow it as adopted. Run
// again on the same books it adopts a variation of that agreement (a new scheme's accounts
// are opened; the adoption is logged with both SHA-256 digests); it cannot switch the books
// to another agreement.
//
//   // run by the operating-system account pool.manager:
//   auto adopted = books::adopt_agreement({"agreement.toml", "nsh.db"});
//   // adopted->accounts_open == 78, adopted->actor == "r.osei"
//
// Guarantees: new books are made only by a person of the agreement they will follow, and a
// variation is adopted only by a person of the agreement the books follow now; a variation
// that changes people, bodies or the scheme of delegation only under a carried decision of the
// body that scheme (as in force) names for agreement variations, ratified where reserved,
// cited once, and recorded by someone else; the adoption is logged with both SHA-256 digests,
// and a refusal too. An invalid agreement creates nothing (its findings come back as the
// error's details).

#include <cstddef>
#include <string>
#include <vector>

#include <date/date.h>

#include "poolbook/daemon/books/identity.hpp"
#include "poolbook/ledger/error.hpp"

namespace poolbook::books {

struct AdoptionRequest {
  std::string agreement_file;
  std::string store_path;
  std::string as;                      // which of the account's persons acts (empty: its one person)
  std::string account = os_account();  // the operating-system account acting (see identity.hpp)
  // A variation that changes people, bodies or the scheme of delegation: the carried decision
  // (action agreement-variation) it is adopted under, and the day it is adopted.
  std::string decision;
  date::year_month_day today{};
};

struct Adoption {
  std::string agreement_id;
  std::size_t accounts_open = 0;
  std::string actor;                 // the person's id
  bool created = false;              // new books, rather than a second init on existing ones
  bool varied = false;               // the agreement's text differed from the one adopted before
  std::vector<std::string> changes;  // what the variation changed in who may do what
};

Result<Adoption> adopt_agreement(const AdoptionRequest& request);

}  // namespace poolbook::books
