#pragma once
// Checking an agreement applies the rules an auditor would to a loaded model: references
// resolve, identifiers are unique, dates fall inside the term, no excluded NHS function is
// pooled, a pooled fund has an NHS body and a local authority, phasing sums to one,
// schemes have money in their arrangement for each year they are budgeted, contributions
// match the budgets they fund. Each rule is named in docs/agreement-format.md.
//
//   std::vector<Finding> findings = check_agreement(agreement);
//
// Pure: reads the model only. load_agreement() calls it; call it again after changing a
// model in code.

#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"

namespace poolbook::contracts {

std::vector<Finding> check_agreement(const Agreement& agreement);

// The outcome metrics' part of the checks (metric_reader.cpp).
std::vector<Finding> check_metrics(const Agreement& agreement);
// The Health and Wellbeing Boards' shares (board_share.cpp).
std::vector<Finding> check_board_shares(const Agreement& agreement);

// The NHS functions that may not be pooled or delegated under the Partnership
// Arrangements Regulations; a function listed in an arrangement that names one of these
// makes the agreement invalid. Returns the excluded function matched ("surgery",
// "emergency ambulance services", ...), or empty. The function is read by its words, in
// any order and however they are typed (internal/function_words.hpp), so "Ambulance
// services (emergency)", "Termination-of-pregnancy" and "Еndoscopy" with a Cyrillic "Е"
// all count; "non-surgical", "non-emergency ambulance" and "GP surgery" do not.
//
//   excluded_function_in("Day-case surgery")            // "surgery"
//   excluded_function_in("Non-invasive treatment")      // ""
std::string excluded_function_in(std::string_view function_text);

}  // namespace poolbook::contracts
