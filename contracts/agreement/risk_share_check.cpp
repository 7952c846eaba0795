// The checks of the agreement's [[risk_share]] terms; each finding names its rule.
#include <algorithm>
#include <set>

#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

namespace poolbook::contracts {
namespace {

class RiskShareChecker {
 public:
  explicit RiskShareChecker(const Agreement& agreement) : agreement_(agreement) {}

  std::vector<Finding> run() {
    std::map<std::string, long> seen;
    for (const RiskShareTerms& terms : agreement_.risk_shares) {
      if (auto [first, added] = seen.emplace(terms.arrangement, terms.line); !added)
        report("agreement.duplicate", terms.line,
               "the risk share of " + terms.arrangement + " is given again (first at line " +
                   std::to_string(first->second) + ")");
      check_terms(terms);
    }
    return std::move(findings_);
  }

 private:
  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), agreement_.file, line}});
  }

  void check_terms(const RiskShareTerms& terms) {
    const std::string where = "the risk share of " + terms.arrangement;
    const Arrangement* arrangement = agreement_.find_arrangement(terms.arrangement);
    if (arrangement == nullptr) {
      report("risk-share.reference", terms.line,
             where + " names arrangement '" + terms.arrangement + "', which the agreement does not have");
      return;
    }
    if (arrangement->kind != ArrangementKind::pooled_fund) {
      report("risk-share.kind", terms.line,
             where + ": " + terms.arrangement + " is " + std::string(enum_label(arrangement->kind)) +
                 ", not a pooled fund; only a pooled fund shares risk (elsewhere each line's variance falls to its "
                 "commissioner)");
      return;
    }
    check_order(terms, where);
    for (const auto& [year, amount] : terms.uncommitted)
      if (amount.is_negative())
        report("risk-share.uncommitted", terms.line,
               where + ": the uncommitted allocations for " + year.to_string() + " are negative");
    check_rule(terms.sharing, *arrangement, where, false);
    std::map<std::string, long> schemes_seen;
    for (const SchemeRiskShare& own : terms.schemes) {
      const std::string scheme_where = where + " for scheme " + own.scheme;
      if (auto [first, added] = schemes_seen.emplace(own.scheme, own.line); !added)
        report("agreement.duplicate", own.line,
               scheme_where + " is given again (first at line " + std::to_string(first->second) + ")");
      const Scheme* scheme = expect_scheme(own.scheme, *arrangement, own.line, scheme_where);
      if (scheme != nullptr && scheme->share_profile == ShareProfile::fixed)
        report("risk-share.scheme", own.line,
               scheme_where + ": " + own.scheme +
                   " is a fixed line, whose variance stays with its commissioner, so these terms never apply",
               Severity::warning);
      check_rule(own.rule, *arrangement, scheme_where, true);
    }
    std::set<std::string> elements;
    for (const PerformanceElement& element : terms.performance)
      check_performance(element, *arrangement, where, elements);
  }

  void check_order(const RiskShareTerms& terms, const std::string& where) {
    std::set<OverspendRemedy> seen;
    for (OverspendRemedy remedy : terms.overspend_order)
      if (!seen.insert(remedy).second)
        report("risk-share.order", terms.line,
               where + ": 'overspend_order' lists '" + std::string(enum_word(remedy)) + "' twice");
    const auto partners =
        std::find(terms.overspend_order.begin(), terms.overspend_order.end(), OverspendRemedy::partners);
    if (partners == terms.overspend_order.end())
      report("risk-share.order", terms.line,
             where +
                 ": 'overspend_order' does not end with 'partners', so an overspend beyond the other remedies "
                 "falls to no one (it is reported as unallocated)",
             Severity::warning);
    else if (partners + 1 != terms.overspend_order.end())
      report("risk-share.order", terms.line,
             where +
                 ": 'partners' should be the last remedy: the partners meet all that is left, so the remedies "
                 "after it are never used",
             Severity::warning);
  }

  const Scheme* expect_scheme(const std::string& id, const Arrangement& arrangement, long line,
                              const std::string& where) {
    const Scheme* scheme = agreement_.find_scheme(id);
    if (scheme == nullptr) {
      report("risk-share.reference", line, where + " names scheme '" + id + "', which the agreement does not have");
      return nullptr;
    }
    if (scheme->arrangement != arrangement.id) {
      report(
          "risk-share.reference", line,
          where + " names scheme " + id + ", which is charged to " + scheme->arrangement + ", not " + arrangement.id);
      return nullptr;
    }
    return scheme;
  }

  void expect_partner(const std::string& id, const Arrangement& arrangement, long line, const std::string& where) {
    if (!arrangement.has_partner(id))
      report("risk-share.reference", line,
             where + " names partner '" + id + "', which is not a partner of " + arrangement.id);
  }

  void check_shares(SharingKind kind, const std::vector<PartnerShare>& shares, const Arrangement& arrangement,
                    long line, const std::string& where) {
    if (kind != SharingKind::fixed) {
      if (!shares.empty())
        report("risk-share.shares", shares.front().line,
               where + " gives 'shares' but shares " + std::string(enum_label(kind)) +
                   "; write sharing = \"fixed\" to use them");
      return;
    }
    if (shares.empty()) {
      report("risk-share.shares", line, where + " shares in fixed shares but gives no 'shares'");
      return;
    }
    Ratio total = 0;
    std::set<std::string> partners;
    for (const PartnerShare& share : shares) {
      expect_partner(share.partner, arrangement, share.line, where);
      if (!partners.insert(share.partner).second)
        report("risk-share.shares", share.line, where + " gives " + share.partner + " a share twice");
      if (share.share <= 0 || share.share > 1)
        report("risk-share.shares", share.line,
               where + ": the share of " + share.partner + " is " + ledger::format_percent(share.share, 6) +
                   "; a share is more than 0% and at most 100%");
      total += share.share;
    }
    if (total != 1)
      report("risk-share.shares", shares.front().line,
             where + ": the shares sum to " + ledger::format_percent(total, 6) + ", not exactly 100%");
  }

  void check_rule(const SharingRule& rule, const Arrangement& arrangement, const std::string& where, bool scheme) {
    check_shares(rule.kind, rule.shares, arrangement, rule.line, where);
    if (rule.kind == SharingKind::own && !scheme)
      report("risk-share.rule", rule.line,
             where + " shares the pool's overspend as 'own': it all falls to the host, " + arrangement.host +
                 " (to leave each line with its commissioner, make the lines fixed)",
             Severity::warning);
    if (rule.kind != SharingKind::tiered && !rule.bands.empty())
      report("risk-share.bands", rule.bands.front().line,
             where + " gives bands but shares " + std::string(enum_label(rule.kind)) +
                 "; write sharing = \"tiered\" to use them");
    if (rule.kind == SharingKind::tiered) {
      if (rule.bands.empty()) report("risk-share.bands", rule.line, where + " is tiered but gives no [[band]]");
      for (std::size_t i = 0; i < rule.bands.size(); ++i) {
        const Band& band = rule.bands[i];
        const std::string band_where = where + " band " + std::to_string(i + 1);
        const bool last = i + 1 == rule.bands.size();
        if (band.sharing == SharingKind::tiered)
          report("risk-share.bands", band.line,
                 band_where + " is tiered again; a band shares proportional, fixed or own");
        if (band.amount && !band.amount->is_negative() && band.amount->is_zero())
          report("risk-share.bands", band.line, band_where + " has an amount of £0.00");
        if (band.amount && band.amount->is_negative())
          report("risk-share.bands", band.line, band_where + " has a negative amount");
        if (!band.amount && !last)
          report("risk-share.bands", band.line,
                 band_where + " has no amount but is not the last band; only the last band takes the rest");
        if (band.amount && last)
          report("risk-share.bands", band.line,
                 band_where +
                     " is the last band but has an amount, so an overspend beyond the bands falls to no one "
                     "(it is reported as unallocated)",
                 Severity::warning);
        check_shares(band.sharing, band.shares, arrangement, band.line, band_where);
      }
    }
    std::set<std::string> capped;
    for (const Cap& cap : rule.caps) {
      const std::string cap_where = where + " cap on " + cap.partner;
      expect_partner(cap.partner, arrangement, cap.line, cap_where);
      if (!capped.insert(cap.partner).second) report("risk-share.cap", cap.line, cap_where + " is given twice");
      if (cap.max.is_negative()) report("risk-share.cap", cap.line, cap_where + " is negative");
      if (cap.fallback == cap.partner || (cap.fallback == "host" && cap.partner == arrangement.host))
        report("risk-share.cap", cap.line, cap_where + " falls back to the same partner");
      else if (cap.fallback != "proportional" && cap.fallback != "host" && !arrangement.has_partner(cap.fallback))
        report("risk-share.cap", cap.line,
               cap_where + ": the fallback '" + cap.fallback + "' is not \"proportional\", \"host\" or a partner of " +
                   arrangement.id);
    }
  }

  void check_performance(const PerformanceElement& element, const Arrangement& arrangement, const std::string& where,
                         std::set<std::string>& ids) {
    const std::string element_where = where + " performance element " + element.id;
    if (!ids.insert(element.id).second) report("agreement.duplicate", element.line, element_where + " is given twice");
    if (element.amount.is_negative() || element.amount.is_zero())
      report("risk-share.performance", element.line, element_where + " has no positive amount");
    const auto years = agreement_.years();
    if (element.year.start_year() != 0 && std::find(years.begin(), years.end(), element.year) == years.end())
      report("risk-share.performance", element.line,
             element_where + " is for " + element.year.to_string() + ", outside the term of the agreement");
    expect_scheme(element.scheme, arrangement, element.line, element_where);
    Money redirect_budgets;
    bool all_known = true;
    for (const std::string& id : element.redirect_to) {
      const Scheme* scheme = expect_scheme(id, arrangement, element.line, element_where + " (redirect_to)");
      if (id == element.scheme)
        report("risk-share.performance", element.line, element_where + " redirects to its own scheme " + id);
      if (scheme == nullptr) {
        all_known = false;
        continue;
      }
      const Money budget = budget_annual(agreement_, *scheme, element.year);
      if (budget.is_negative()) all_known = false;  // reported by the budget checks
      redirect_budgets += budget;
    }
    if (all_known && !element.redirect_to.empty() && redirect_budgets.is_zero())
      report("risk-share.performance", element.line,
             element_where + ": the schemes it redirects to have no budget for " + element.year.to_string() +
                 ", so the amount could not be shared between them by budget");
  }

  const Agreement& agreement_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> check_risk_shares(const Agreement& agreement) { return RiskShareChecker(agreement).run(); }

}  // namespace poolbook::contracts
