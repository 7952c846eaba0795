#pragma once
// Adopting an agreement: `init` creates the books for an agreement, opening the accounts its
// chart needs, and keeps the agreement's text so that the books follow it as adopted. Run
// again on the same books it adopts a variation of that agreement (a new scheme's accounts
// are opened; the adoption is logged with both SHA-256 digests); it cannot switch the books
// to another agreement.
//
//   auto adopted = books::adopt_agreement({"agreement.toml", "nsh.db", "pool.manager"});
//   // adopted->accounts_open == 78, adopted->actor == "r.osei"
//
// Guarantees: new books are made only by a person of the agreement they will follow, and a
// variation is adopted only by a person of the agreement the books follow now; an invalid
// agreement creates nothing (its findings come back as the error's details).

#include <cstddef>
#include <string>

#include "poolbook/ledger/error.hpp"

namespace poolbook::books {

struct AdoptionRequest {
  std::string agreement_file;
  std::string store_path;
  std::string as;  // who says they act (empty: the operating-system user)
};

struct Adoption {
  std::string agreement_id;
  std::size_t accounts_open = 0;
  std::string actor;     // the person's id
  bool created = false;  // new books, rather than a second init on existing ones
  bool varied = false;   // the agreement's text differed from the one adopted before
};

Result<Adoption> adopt_agreement(const AdoptionRequest& request);

}  // namespace poolbook::books
