#pragma once
// What a varied agreement changes in who may do what, and for how long: its people (and the
// operating-system accounts they act from), its bodies (members, quorum, voting, clerks, and
// the weights of a body that votes by contributions), its scheme of delegation (actions,
// bodies, limits, reserved matters), the budgets of its ring-fenced lines (lowered is money
// moved off them) and its term (start, end, extensions). Adopting such a
// variation needs a carried decision under the scheme of delegation in force: action
// agreement-variation for who may do what, agreement-extension for the term. One that changes
// only figures the partners signed, without moving anyone's voting weight, does not.
//
//   governance_changes(adopted, varied)
//   // {{"delegation added: virement up to £400,000.00 by pool-manager", agreement_variation, ""}, ...}
//
// Where in the file each item is written does not count, only what it says.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

struct GovernanceChange {
  std::string what;                                     // one sentence
  ActionType action = ActionType::agreement_variation;  // or agreement_extension, for the term
  std::string decision;  // the decision the varied text itself names for it (an extension's), if any
};

// The changes in the order people, bodies, voting weights, ring-fenced budgets, delegation,
// term; empty when none.
std::vector<GovernanceChange> governance_changes(const Agreement& before, const Agreement& after);

// A decision on such a variation approves one text, named among its refs by the text's whole
// SHA-256 (64 hexadecimal digits, in either case, optionally written "sha256:..."): a shorter
// prefix could be matched by a second text made to share it. The digests a decision's refs
// name (lower case):
inline constexpr std::size_t kDigestLength = 64;
std::vector<std::string> digests_named(std::string_view refs);
// Whether they name the text whose SHA-256 (lower-case hex) is `digest`.
bool names_digest(std::string_view refs, const std::string& digest);

}  // namespace poolbook::contracts
