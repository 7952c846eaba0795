#include "poolbook/contracts/agreement/chart_of_accounts.hpp"

#include <algorithm>

namespace poolbook::contracts {

using ledger::Account;
using ledger::AccountType;

namespace account_path {
namespace {
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}
}  // namespace

std::string bank(std::string_view arrangement) { return join({"pool", arrangement, "bank"}); }
std::string contributions(std::string_view arrangement, std::string_view partner) {
  return join({"pool", arrangement, "contributions", partner});
}
std::string receivable(std::string_view arrangement, std::string_view partner) {
  return join({"pool", arrangement, "receivable", partner});
}
std::string scheme(const Arrangement& arrangement, std::string_view scheme_id) {
  const bool aligned = arrangement.kind == ArrangementKind::aligned_budget;
  return join({aligned ? "aligned" : "pool", arrangement.id, "scheme", scheme_id});
}
std::string contingency(std::string_view arrangement) { return join({"pool", arrangement, "contingency"}); }
std::string accrued_creditors(std::string_view arrangement) { return join({"pool", arrangement, "accrued-creditors"}); }
std::string in_kind(std::string_view arrangement, std::string_view partner) {
  return join({"pool", arrangement, "in-kind", partner});
}
std::string settlement(std::string_view arrangement, std::string_view partner) {
  return join({"pool", arrangement, "settlement", partner});
}
std::string risk_share(std::string_view arrangement, std::string_view partner) {
  return join({"pool", arrangement, "risk-share", partner});
}
std::string carried_forward(std::string_view arrangement) { return join({"pool", arrangement, "carried-forward"}); }
std::string brought_forward(std::string_view arrangement) { return join({"pool", arrangement, "brought-forward"}); }
std::string aligned_funding(std::string_view arrangement, std::string_view partner) {
  return join({"aligned", arrangement, "funding", partner});
}
std::string partner_paid(std::string_view arrangement, std::string_view partner) {
  return join({"memo", arrangement, "paid-by", partner});
}
std::string invoiced(std::string_view arrangement, std::string_view scheme_id) {
  return join({"memo", arrangement, "invoiced", scheme_id});
}
std::string bank_statement(std::string_view arrangement) { return join({"memo", arrangement, "bank-statement"}); }
std::string memo_contra(std::string_view arrangement) { return join({"memo", arrangement, "contra"}); }
}  // namespace account_path

std::vector<Account> chart_of_accounts(const Agreement& agreement) {
  std::vector<Account> out;
  for (const Arrangement& arrangement : agreement.arrangements) {
    const bool aligned = arrangement.kind == ArrangementKind::aligned_budget;
    if (!aligned) {
      out.push_back({account_path::bank(arrangement.id), AccountType::asset, arrangement.name + ": bank"});
      out.push_back({account_path::accrued_creditors(arrangement.id), AccountType::liability,
                     arrangement.name + ": spend accrued, not yet paid"});
      if (arrangement.kind == ArrangementKind::pooled_fund) {
        out.push_back({account_path::contingency(arrangement.id), AccountType::equity,
                       arrangement.name + ": contingency reserve"});
        out.push_back({account_path::carried_forward(arrangement.id), AccountType::expenditure,
                       arrangement.name + ": underspend carried into the reserve at year end"});
        out.push_back({account_path::brought_forward(arrangement.id), AccountType::income,
                       arrangement.name + ": underspend brought forward from the year before"});
      }
    }
    for (const std::string& partner : arrangement.partners) {
      if (aligned) {
        out.push_back({account_path::aligned_funding(arrangement.id, partner), AccountType::equity,
                       arrangement.name + ": " + partner + "'s own funding"});
        continue;
      }
      out.push_back({account_path::contributions(arrangement.id, partner), AccountType::income,
                     arrangement.name + ": contributions from " + partner});
      out.push_back({account_path::receivable(arrangement.id, partner), AccountType::asset,
                     arrangement.name + ": owed by " + partner});
      const bool gives_in_kind =
          std::any_of(agreement.contributions.begin(), agreement.contributions.end(), [&](const Contribution& given) {
            return given.arrangement == arrangement.id && given.partner == partner &&
                   given.form == ContributionForm::in_kind;
          });
      if (gives_in_kind)
        out.push_back({account_path::in_kind(arrangement.id, partner), AccountType::income,
                       arrangement.name + ": contributions in kind from " + partner});
      out.push_back({account_path::settlement(arrangement.id, partner), AccountType::asset,
                     arrangement.name + ": year-end settlement due from " + partner + " (in credit: due to it)"});
      out.push_back({account_path::risk_share(arrangement.id, partner), AccountType::income,
                     arrangement.name + ": " + partner + "'s share of the year's variance"});
      out.push_back({account_path::partner_paid(arrangement.id, partner), AccountType::asset,
                     arrangement.name + ": paid in, per " + partner + "'s ledger (memo)"});
    }
    for (const Scheme& scheme : agreement.schemes) {
      if (scheme.arrangement != arrangement.id) continue;
      out.push_back(
          {account_path::scheme(arrangement, scheme.id), AccountType::expenditure, scheme.id + " " + scheme.name});
      if (!aligned)
        out.push_back({account_path::invoiced(arrangement.id, scheme.id), AccountType::expenditure,
                       scheme.id + ": providers' invoices (memo)"});
    }
    if (!aligned) {
      out.push_back({account_path::bank_statement(arrangement.id), AccountType::asset,
                     arrangement.name + ": balance per the bank's statement (memo)"});
      out.push_back(
          {account_path::memo_contra(arrangement.id), AccountType::equity, arrangement.name + ": memo contra"});
    }
  }
  return out;
}

}  // namespace poolbook::contracts
