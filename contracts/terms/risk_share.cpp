#include "poolbook/contracts/terms/risk_share.hpp"

#include <algorithm>
#include <set>

#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/ledger/money/allocation.hpp"

namespace poolbook::contracts {
namespace {

using Amounts = std::map<std::string, Money>;  // partner -> amount

std::string pounds(Money amount) { return amount.abs().to_report(); }

Error rule_error(std::string message) { return make_error("risk-share.rule", std::move(message)); }

// "39.64% icb / 60.36% county = £24,735.87 / £37,664.30"
std::string split_words(const std::vector<std::pair<std::string, Ratio>>& weights, const Amounts& amounts) {
  std::string names;
  std::string figures;
  for (const auto& [partner, share] : weights) {
    if (!names.empty()) {
      names += " / ";
      figures += " / ";
    }
    names += ledger::format_percent(share) + " " + partner;
    const auto found = amounts.find(partner);
    figures += pounds(found == amounts.end() ? Money{} : found->second);
  }
  return names + " = " + figures;
}

std::vector<PartnerAmount> as_list(const Amounts& amounts, const std::vector<std::string>& order) {
  std::vector<PartnerAmount> out;
  for (const std::string& partner : order)
    if (const auto found = amounts.find(partner); found != amounts.end() && !found->second.is_zero())
      out.push_back(PartnerAmount{partner, found->second});
  for (const auto& [partner, amount] : amounts)  // any not in the arrangement's list, after
    if (std::find(order.begin(), order.end(), partner) == order.end() && !amount.is_zero())
      out.push_back(PartnerAmount{partner, amount});
  return out;
}

void add(Amounts& into, const Amounts& more) {
  for (const auto& [partner, amount] : more) into[partner] += amount;
}

class Allocator {
 public:
  Allocator(const Agreement& agreement, const Arrangement& arrangement, const RiskShareTerms& terms, FinancialYear year)
      : agreement_(agreement), arrangement_(arrangement), terms_(terms), year_(year) {
    for (const Contribution& contribution : agreement.contributions)
      if (contribution.arrangement == arrangement.id && contribution.year == year)
        contributions_[contribution.partner] += contribution_amount(agreement, contribution);
  }

  Result<VarianceAllocation> run(std::map<std::string, Money> variances, const PerformanceResults& performance) {
    result_.arrangement = arrangement_.id;
    result_.year = year_;
    for (const auto& [scheme, variance] : variances) result_.total_variance += variance;
    if (auto moved = apply_performance(variances, performance); !moved) return moved.error();
    const bool pooled = arrangement_.kind == ArrangementKind::pooled_fund;
    std::vector<std::pair<const Scheme*, Money>> shared_over, shared_under;
    for (const Scheme& scheme : agreement_.schemes) {  // in the agreement's order
      const auto found = variances.find(scheme.id);
      if (found == variances.end() || found->second.is_zero()) continue;
      const Money variance = found->second;
      const SchemeRiskShare* own_terms = terms_for(scheme);
      if (!pooled || scheme.share_profile == ShareProfile::fixed) {
        own_line(scheme, variance, pooled);
      } else if (own_terms != nullptr && !variance.is_negative()) {
        if (auto shared = scheme_terms(scheme, *own_terms, variance); !shared) return shared.error();
      } else if (variance.is_negative()) {
        shared_under.emplace_back(&scheme, -variance);
      } else {
        shared_over.emplace_back(&scheme, variance);
      }
    }
    if (pooled) {
      if (auto shared = shared_lines(shared_over, shared_under); !shared) return shared.error();
    }
    result_.partners = every_partner();
    if (auto balanced = check_balance(); !balanced) return balanced.error();
    return std::move(result_);
  }

 private:
  const SchemeRiskShare* terms_for(const Scheme& scheme) const {
    for (const SchemeRiskShare& own : terms_.schemes)
      if (own.scheme == scheme.id) return &own;
    return nullptr;
  }

  std::string owner_of(const Scheme& scheme) const {
    if (arrangement_.has_partner(scheme.commissioner)) return scheme.commissioner;
    return !arrangement_.host.empty() ? arrangement_.host : arrangement_.lead;
  }

  // Each partner of the arrangement, in its order, with what it bears: one that bears
  // nothing is listed with nothing, so that a reader (or a program) sees it was shared in and
  // not forgotten. Then any other partner given an amount (none, while every line's owner is
  // a partner of the arrangement).
  std::vector<PartnerAmount> every_partner() const {
    std::vector<PartnerAmount> out;
    for (const std::string& partner : arrangement_.partners) {
      const auto found = partners_.find(partner);
      out.push_back(PartnerAmount{partner, found == partners_.end() ? Money{} : found->second});
    }
    for (const auto& [partner, amount] : partners_)
      if (!arrangement_.has_partner(partner) && !amount.is_zero()) out.push_back(PartnerAmount{partner, amount});
    return out;
  }

  std::string pool_owner() const { return !arrangement_.host.empty() ? arrangement_.host : arrangement_.lead; }

  void step(std::string what, std::string scheme, Money amount, const Amounts& shares, std::string sentence) {
    result_.working.push_back(WorkingStep{std::move(what), std::move(scheme), amount,
                                          as_list(shares, arrangement_.partners), std::move(sentence)});
  }

  // 1. A missed target moves the element's money from its scheme to the redirected ones.
  Status apply_performance(std::map<std::string, Money>& variances, const PerformanceResults& performance) {
    for (const PerformanceElement& element : terms_.performance) {
      if (element.year != year_) continue;
      const auto result = performance.find(element.id);
      const std::string named = element.id + " (" + element.metric + ")";
      if (result == performance.end()) {
        result_.pending_performance.push_back(
            PendingElement{element.id, element.metric, element.scheme, element.amount, element.redirect_to});
        step("performance", element.scheme, element.amount, {},
             "Performance element " + named + ": result not given, so its " + pounds(element.amount) + " stays in " +
                 element.scheme + "'s budget, as if met, and is not redirected (pending)");
        continue;
      }
      if (result->second) {
        step("performance", element.scheme, element.amount, {},
             "Performance element " + named + ": target met; " + pounds(element.amount) + " released to " +
                 element.scheme + " as budgeted");
        continue;
      }
      std::vector<Money> budgets;
      for (const std::string& id : element.redirect_to) {
        const Scheme* scheme = agreement_.find_scheme(id);
        budgets.push_back(scheme == nullptr ? Money{} : budget_annual(agreement_, *scheme, year_));
      }
      auto parts = ledger::allocate(element.amount, budgets);
      if (!parts)
        return rule_error("performance element " + element.id + " cannot be redirected: " + parts.error().message);
      variances[element.scheme] += element.amount;
      std::string where;
      for (std::size_t i = 0; i < parts->size(); ++i) {
        variances[element.redirect_to[i]] -= (*parts)[i];
        where += (i > 0 ? " / " : "") + element.redirect_to[i] + " " + pounds((*parts)[i]);
      }
      step("performance", element.scheme, element.amount, {},
           "Performance element " + named + ": target missed; " + pounds(element.amount) + " is taken from " +
               element.scheme + "'s budget and redirected, pro rata to budgets, to " + where);
    }
    return ok_status();
  }

  // 2. A fixed line (or any line of an aligned budget or lead commissioning) is its
  // commissioner's own.
  void own_line(const Scheme& scheme, Money variance, bool pooled) {
    const std::string owner = owner_of(scheme);
    partners_[owner] += variance;
    const std::string kind = variance.is_negative() ? "underspend" : "overspend";
    const std::string why = pooled ? "a fixed line" : "the arrangement shares no risk";
    step("fixed line", scheme.id, variance, {{owner, variance}},
         scheme.id + " (" + scheme.name + ", " + why + "): " + kind + " " + pounds(variance) + " stays with " + owner +
             (owner == scheme.commissioner ? ", its commissioner" : ", the host"));
  }

  // 2. A scheme's own terms share its overspend (by step 5), met by no remedy.
  Status scheme_terms(const Scheme& scheme, const SchemeRiskShare& own, Money overspend) {
    step("scheme terms", scheme.id, overspend, {},
         scheme.id + " (" + scheme.name + ") overspend " + pounds(overspend) + " is shared by its own terms");
    auto shared = apply_rule(own.rule, overspend, owner_of(scheme), scheme.id);
    if (!shared) return shared.error();
    add(partners_, *shared);
    return ok_status();
  }

  // 3 and 4: the shared lines' overspend by the remedies, then what is left of their underspend.
  Status shared_lines(const std::vector<std::pair<const Scheme*, Money>>& over,
                      const std::vector<std::pair<const Scheme*, Money>>& under) {
    Money overspend, underspend, recurrent_underspend;
    std::string over_list, under_list;
    for (const auto& [scheme, amount] : over) {
      overspend += amount;
      over_list += (over_list.empty() ? "" : ", ") + scheme->id + " " + pounds(amount);
    }
    for (const auto& [scheme, amount] : under) {
      underspend += amount;
      if (scheme->recurrent) recurrent_underspend += amount;
      under_list += (under_list.empty() ? "" : ", ") + scheme->id + " " + pounds(amount);
    }
    Money remaining = overspend;
    Money underspend_left = underspend;
    if (!overspend.is_zero()) {
      step("shared lines", "", overspend, {},
           "Overspend " + pounds(overspend) + " on the shared lines (" + over_list + ")");
      for (OverspendRemedy remedy : terms_.overspend_order) {
        if (remaining.is_zero()) break;
        switch (remedy) {
          case OverspendRemedy::underspends: {
            const Money used = std::min(remaining, underspend_left);
            if (used.is_zero()) break;
            remaining -= used;
            underspend_left -= used;
            step("underspends", "", used, {},
                 "underspends elsewhere on the shared lines (" + under_list + ") meet " + pounds(used));
            break;
          }
          case OverspendRemedy::reserve: {
            const Money reserve = std::max(arrangement_.reserve_for(year_), Money{});
            const Money used = std::min(remaining, reserve);
            if (used.is_zero()) break;
            remaining -= used;
            result_.reserve_used += used;
            step("reserve", "", used, {},
                 "the contingency reserve of " + pounds(reserve) + " meets " + pounds(used) + " (" +
                     pounds(reserve - used) + " left)");
            break;
          }
          case OverspendRemedy::uncommitted: {
            const auto found = terms_.uncommitted.find(year_);
            const Money available = found == terms_.uncommitted.end() ? Money{} : found->second;
            const Money used = std::min(remaining, available);
            if (used.is_zero()) break;
            remaining -= used;
            result_.uncommitted_used += used;
            step("uncommitted", "", used, {},
                 "uncommitted allocations of " + pounds(available) + " are reduced by " + pounds(used));
            break;
          }
          case OverspendRemedy::partners: {
            step("partners", "", remaining, {}, "the remaining " + pounds(remaining) + " falls to the partners");
            auto shared = apply_rule(terms_.sharing, remaining, pool_owner(), "");
            if (!shared) return shared.error();
            add(partners_, *shared);
            remaining = Money{};
            break;
          }
        }
      }
      if (!remaining.is_zero()) {
        result_.unallocated += remaining;
        step("unallocated", "", remaining, {},
             pounds(remaining) + " is not met by the remedies the agreement lists: for the board to settle");
      }
    }
    if (underspend_left.is_zero()) return ok_status();
    // The underspend used to meet overspends came from recurrent lines first.
    const Money used = underspend - underspend_left;
    const Money recurrent_left = recurrent_underspend - std::min(used, recurrent_underspend);
    Money in_scope = underspend_left;
    if (terms_.underspend_scope == UnderspendScope::non_recurrent && !recurrent_left.is_zero()) {
      in_scope -= recurrent_left;
      result_.carried_forward += recurrent_left;
      step("underspend", "", recurrent_left, {},
           "Underspend " + pounds(recurrent_left) +
               " left on recurrent shared lines is carried forward in the pool (the treatment applies to "
               "non-recurrent lines only)");
    }
    if (in_scope.is_zero()) return ok_status();
    const std::string left = "Underspend " + pounds(in_scope) + " left on the shared lines";
    switch (terms_.underspend) {
      case UnderspendTreatment::carry_forward:
        result_.carried_forward += in_scope;
        step("underspend", "", in_scope, {}, left + " is carried forward in the pool");
        break;
      case UnderspendTreatment::contingency:
        result_.to_contingency += in_scope;
        step("underspend", "", in_scope, {}, left + " is added to the contingency reserve");
        break;
      case UnderspendTreatment::hold:
        result_.held_for_decision += in_scope;
        step("underspend", "", in_scope, {}, left + " is held pending a decision of the board");
        break;
      case UnderspendTreatment::return_pro_rata: {
        auto returned = by_contributions(-in_scope, {});
        if (!returned) return returned.error();
        add(partners_, returned->first);
        step("underspend", "", -in_scope, returned->first,
             left + " is returned pro rata to contributions: " + split_words(returned->second, returned->first));
        break;
      }
    }
    return ok_status();
  }

  // Splits amount by the partners' contributions for the year (among `among`, or every
  // partner of the arrangement); gives the amounts and each partner's exact share.
  Result<std::pair<Amounts, std::vector<std::pair<std::string, Ratio>>>> by_contributions(
      Money amount, const std::set<std::string>& excluded) {
    std::vector<std::string> who;
    std::vector<Money> weights;
    for (const std::string& partner : arrangement_.partners) {
      if (excluded.contains(partner)) continue;
      const auto found = contributions_.find(partner);
      if (found == contributions_.end() || found->second.is_zero()) continue;
      who.push_back(partner);
      weights.push_back(found->second);
    }
    if (who.empty())
      return rule_error("no partner of " + arrangement_.id + " has a contribution for " + year_.to_string() +
                        (excluded.empty() ? std::string{} : " that is not already at its cap") +
                        ", so nothing can be shared in proportion to contributions");
    auto parts = ledger::allocate(amount, weights);
    if (!parts) return rule_error(parts.error().message);
    Money total;
    for (Money weight : weights) total += weight;
    Amounts amounts;
    std::vector<std::pair<std::string, Ratio>> shares;
    for (std::size_t i = 0; i < who.size(); ++i) {
      amounts[who[i]] += (*parts)[i];
      shares.emplace_back(who[i], ledger::ratio_of(weights[i], total));
    }
    return std::make_pair(std::move(amounts), std::move(shares));
  }

  Result<std::pair<Amounts, std::vector<std::pair<std::string, Ratio>>>> by_fixed(
      Money amount, const std::vector<PartnerShare>& shares) {
    std::vector<Ratio> weights;
    for (const PartnerShare& share : shares) weights.push_back(share.share);
    auto parts = ledger::allocate(amount, weights);
    if (!parts) return rule_error(parts.error().message);
    Amounts amounts;
    std::vector<std::pair<std::string, Ratio>> named;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      amounts[shares[i].partner] += (*parts)[i];
      named.emplace_back(shares[i].partner, shares[i].share);
    }
    return std::make_pair(std::move(amounts), std::move(named));
  }

  // One sharing (not tiered) of an amount, with its step.
  Result<Amounts> share_once(SharingKind kind, const std::vector<PartnerShare>& shares, Money amount,
                             const std::string& owner, const std::string& scheme, const std::string& lead) {
    if (kind == SharingKind::own) {
      const Amounts amounts{{owner, amount}};
      step("own", scheme, amount, amounts, lead + pounds(amount) + " to " + owner + " (its own)");
      return amounts;
    }
    auto split = kind == SharingKind::fixed ? by_fixed(amount, shares) : by_contributions(amount, {});
    if (!split) return split.error();
    const std::string how = kind == SharingKind::fixed ? "in fixed shares" : "by contributions";
    step(kind == SharingKind::fixed ? "fixed shares" : "contributions", scheme, amount, split->first,
         lead + pounds(amount) + " shared " + how + ": " + split_words(split->second, split->first));
    return std::move(split->first);
  }

  // 5. Shares an overspend by a rule (bands one after another), then applies its caps.
  Result<Amounts> apply_rule(const SharingRule& rule, Money amount, const std::string& owner,
                             const std::string& scheme) {
    Amounts total;
    if (rule.kind != SharingKind::tiered) {
      auto shared = share_once(rule.kind, rule.shares, amount, owner, scheme, "");
      if (!shared) return shared.error();
      total = std::move(shared).value();
    } else {
      Money remaining = amount;
      Money below;  // the amount the bands before this one took
      for (std::size_t i = 0; i < rule.bands.size() && !remaining.is_zero(); ++i) {
        const Band& band = rule.bands[i];
        const Money in_band = band.amount ? std::min(remaining, *band.amount) : remaining;
        const std::string lead = "band " + std::to_string(i + 1) + " (" +
                                 (band.amount ? (i == 0 ? "the first " : "the next ") + pounds(*band.amount)
                                              : "the rest, above " + pounds(below)) +
                                 "): ";
        auto shared = share_once(band.sharing, band.shares, in_band, owner, scheme, lead);
        if (!shared) return shared.error();
        add(total, *shared);
        remaining -= in_band;
        if (band.amount) below += *band.amount;
      }
      if (!remaining.is_zero()) {  // bands that end (the checks warn of it)
        result_.unallocated += remaining;
        step("unallocated", scheme, remaining, {},
             pounds(remaining) + " lies beyond the last band: for the board to settle");
      }
    }
    apply_caps(rule.caps, total, scheme);
    return total;
  }

  // No partner bears more than its cap; the excess falls by the cap's fallback, and what no
  // partner can take is unallocated.
  void apply_caps(const std::vector<Cap>& caps, Amounts& amounts, const std::string& scheme) {
    std::set<std::string> full;  // partners at their cap
    const auto cap_of = [&](const std::string& partner) -> const Cap* {
      for (const Cap& cap : caps)
        if (cap.partner == partner) return &cap;
      return nullptr;
    };
    for (std::size_t round = 0; round <= caps.size() * (arrangement_.partners.size() + 1); ++round) {
      const Cap* over = nullptr;
      for (const Cap& cap : caps)
        if (amounts[cap.partner] > cap.max) {
          over = &cap;
          break;
        }
      if (over == nullptr) return;
      const Money excess = amounts[over->partner] - over->max;
      amounts[over->partner] = over->max;
      full.insert(over->partner);
      // Follow fallbacks past partners already at their cap.
      std::string fallback = over->fallback;
      std::set<std::string> visited{over->partner};
      while (fallback != "proportional") {
        const std::string target = fallback == "host" ? pool_owner() : fallback;
        if (!full.contains(target)) {
          fallback = target;
          break;
        }
        if (!visited.insert(target).second || cap_of(target) == nullptr) {
          fallback = "";
          break;
        }
        fallback = cap_of(target)->fallback;
      }
      const std::string capped =
          "cap: " + over->partner + " bears at most " + pounds(over->max) + "; the excess " + pounds(excess);
      if (fallback.empty()) {
        result_.unallocated += excess;
        step("cap", scheme, excess, {{over->partner, -excess}},
             capped + " has nowhere to fall (every fallback is at its cap): unallocated");
      } else if (fallback == "proportional") {
        auto split = by_contributions(excess, full);
        if (!split) {
          result_.unallocated += excess;
          step("cap", scheme, excess, {},
               capped + " cannot fall to anyone (" + split.error().message + "): unallocated");
          continue;
        }
        add(amounts, split->first);
        Amounts moved = split->first;
        moved[over->partner] -= excess;
        step("cap", scheme, excess, moved,
             capped + " falls to the other partners by contributions: " + split_words(split->second, split->first));
      } else {
        amounts[fallback] += excess;
        step("cap", scheme, excess, {{fallback, excess}, {over->partner, -excess}}, capped + " falls to " + fallback);
      }
    }
  }

  Status check_balance() const {
    Money borne;
    for (const PartnerAmount& share : result_.partners) borne += share.amount;
    const Money accounted = borne + result_.reserve_used + result_.uncommitted_used + result_.unallocated -
                            result_.carried_forward - result_.to_contingency - result_.held_for_decision;
    if (accounted != result_.total_variance)
      return make_error("risk-share.internal", "the allocation accounts for " + accounted.to_report() + " of " +
                                                   result_.total_variance.to_report() + "; please report this");
    return ok_status();
  }

  const Agreement& agreement_;
  const Arrangement& arrangement_;
  const RiskShareTerms& terms_;
  FinancialYear year_;
  Amounts contributions_;
  Amounts partners_;
  VarianceAllocation result_;
};

}  // namespace

Money VarianceAllocation::amount_for(std::string_view partner) const {
  for (const PartnerAmount& share : partners)
    if (share.partner == partner) return share.amount;
  return Money{};
}

Result<VarianceAllocation> allocate_variance(const Agreement& agreement, std::string_view arrangement_id,
                                             FinancialYear year, const std::map<std::string, Money>& variances,
                                             const PerformanceResults& performance) {
  const Arrangement* arrangement = agreement.find_arrangement(arrangement_id);
  if (arrangement == nullptr)
    return make_error("risk-share.arrangement",
                      "the agreement has no arrangement '" + std::string(arrangement_id) + "'");
  const auto years = agreement.years();
  if (std::find(years.begin(), years.end(), year) == years.end())
    return make_error("risk-share.year", year.to_string() + " is outside the term of the agreement");
  for (const auto& [id, variance] : variances) {
    const Scheme* scheme = agreement.find_scheme(id);
    if (scheme == nullptr) return make_error("risk-share.scheme", "there is no scheme '" + id + "' in the agreement");
    if (scheme->arrangement != arrangement->id)
      return make_error("risk-share.scheme",
                        "scheme " + id + " belongs to " + scheme->arrangement + ", not " + arrangement->id);
  }
  static const RiskShareTerms kDefault;
  const RiskShareTerms* terms = agreement.find_risk_share(arrangement->id);
  Allocator allocator(agreement, *arrangement, terms != nullptr ? *terms : kDefault, year);
  auto allocation = allocator.run(variances, performance);
  if (allocation && terms == nullptr && arrangement->kind == ArrangementKind::pooled_fund)
    allocation->working.insert(allocation->working.begin(),
                               WorkingStep{"terms",
                                           "",
                                           Money{},
                                           {},
                                           "The agreement states no risk share for " + arrangement->id +
                                               ": the default applies (remedies in the usual order, then by "
                                               "contributions; underspend carried forward)"});
  return allocation;
}

}  // namespace poolbook::contracts
