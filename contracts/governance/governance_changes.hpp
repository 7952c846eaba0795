#pragma once
// What a varied agreement changes in who may do what: its people (and the operating-system
// accounts they act from), its bodies (members, quorum, voting, clerks) and its scheme of
// delegation (actions, bodies, limits, reserved matters). Adopting such a variation needs a
// carried decision under the scheme of delegation in force (action agreement-variation);
// one that changes only figures the partners signed does not.
//
//   governance_changes(adopted, varied)
//   // {"delegation: virement up to £50,000.00 by pool-manager becomes ... up to £400,000.00 ..."}
//
// Where in the file each item is written does not count, only what it says.

#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

// One sentence per change, in the order people, bodies, delegation; empty when none.
std::vector<std::string> governance_changes(const Agreement& before, const Agreement& after);

}  // namespace poolbook::contracts
