#pragma once
// Who acts: the operating system says which account runs the program, and the adopted
// agreement says which persons that account acts for (`os_users` on each [[person]]). A
// flag may only choose among those persons; it never makes anyone else.
//
//   // run by the operating-system account pool.manager, mapped to r.osei only:
//   books::identify(agreement, "pool.manager", "")          // r.osei
//   books::identify(agreement, "pool.manager", "r.osei")    // r.osei
//   books::identify(agreement, "pool.manager", "n.ahmed")   // refused: authority.identity
//
// The command line passes os_account(); poolbookd runs as its own service account, which the
// agreement maps to the service person its configuration names.

#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/error.hpp"

namespace poolbook::books {

// The operating-system account this process runs as (its effective user id's name, or
// "uid N" when the system has no name for it). No flag or environment variable changes it.
std::string os_account();

// The persons the agreement maps `account` to, in the agreement's order.
std::vector<const contracts::Person*> persons_of_account(const contracts::Agreement& agreement,
                                                         std::string_view account);

// The person `account` acts as: its one person; with `as` (a person id, or an operating-system
// account mapped to one) the person named, provided `account` is mapped to them too. Refused
// (authority.actor) when the account is mapped to no person, or to several and `as` does not
// choose; refused (authority.identity) when `as` names someone the account may not act as.
// `what` completes "only a person of the agreement may ..." in the refusal.
Result<const contracts::Person*> identify(const contracts::Agreement& agreement, const std::string& account,
                                          const std::string& as, std::string_view what);

// How the authority log names whoever was refused: "mallory", or "pool.manager as n.ahmed"
// when the account claimed to be someone else.
std::string claimant(const std::string& account, const std::string& as);

}  // namespace poolbook::books
