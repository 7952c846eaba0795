#include "poolbook/contracts/agreement/chart_of_accounts.hpp"

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
std::string aligned_funding(std::string_view arrangement, std::string_view partner) {
  return join({"aligned", arrangement, "funding", partner});
}
std::string partner_paid(std::string_view arrangement, std::string_view partner) {
  return join({"memo", arrangement, "paid-by", partner});
}
std::string invoiced(std::string_view arrangement, std::string_view scheme_id) {
  return join({"memo", arrangement, "invoiced", scheme_id});
}
std::string memo_contra(std::string_view arrangement) { return join({"memo", arrangement, "contra"}); }
}  // namespace account_path

std::vector<Account> chart_of_accounts(const Agreement& agreement) {
  std::vector<Account> out;
  for (const Arrangement& arrangement : agreement.arrangements) {
    const bool aligned = arrangement.kind == ArrangementKind::aligned_budget;
    if (!aligned) {
      out.push_back({account_path::bank(arrangement.id), AccountType::asset, arrangement.name + ": bank"});
      if (arrangement.kind == ArrangementKind::pooled_fund)
        out.push_back({account_path::contingency(arrangement.id), AccountType::equity,
                       arrangement.name + ": contingency reserve"});
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
    if (!aligned)
      out.push_back(
          {account_path::memo_contra(arrangement.id), AccountType::equity, arrangement.name + ": memo contra"});
  }
  return out;
}

}  // namespace poolbook::contracts
