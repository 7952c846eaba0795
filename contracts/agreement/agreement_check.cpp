#include "poolbook/contracts/agreement/agreement_check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/contract_payment.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

namespace poolbook::contracts {
namespace {

using ledger::to_iso;

class Checker {
 public:
  explicit Checker(const Agreement& agreement) : agreement_(agreement) {}

  std::vector<Finding> run() {
    check_duplicates();
    check_references();
    check_term();
    check_monitoring();
    check_functions();
    check_hosts();
    check_pool_partners();
    check_phasing();
    check_scheme_years();
    check_balances();
    check_schedules();
    check_variations();
    check_national_conditions();
    for (Finding& finding : check_risk_shares(agreement_)) findings_.push_back(std::move(finding));
    for (Finding& finding : check_contracts(agreement_)) findings_.push_back(std::move(finding));
    for (Finding& finding : check_governance(agreement_)) findings_.push_back(std::move(finding));
    for (Finding& finding : check_metrics(agreement_)) findings_.push_back(std::move(finding));
    for (Finding& finding : check_board_shares(agreement_)) findings_.push_back(std::move(finding));
    return std::move(findings_);
  }

 private:
  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), agreement_.file, line}});
  }

  bool partner_exists(const std::string& id) const { return agreement_.find_partner(id) != nullptr; }

  void expect_partner(const std::string& id, long line, const std::string& who) {
    if (!id.empty() && !partner_exists(id))
      report("agreement.reference", line, who + " names partner '" + id + "', which is not a partner of the agreement");
  }

  template <typename Item>
  void unique_ids(const std::vector<Item>& items, const std::string& kind) {
    std::map<std::string, long> first_line;
    for (const Item& item : items) {
      if (item.id.empty()) continue;
      auto [found, inserted] = first_line.emplace(item.id, item.line);
      if (!inserted)
        report("agreement.duplicate", item.line,
               kind + " '" + item.id + "' is defined again (first at line " + std::to_string(found->second) + ")");
    }
  }

  void check_duplicates() {
    unique_ids(agreement_.partners, "partner");
    unique_ids(agreement_.arrangements, "arrangement");
    unique_ids(agreement_.schemes, "scheme");
    unique_ids(agreement_.variations, "variation");
    std::map<std::tuple<std::string, std::string, int, ContributionForm>, long> seen;
    for (const Contribution& contribution : agreement_.contributions) {
      auto [found, inserted] = seen.emplace(std::make_tuple(contribution.partner, contribution.arrangement,
                                                            contribution.year.start_year(), contribution.form),
                                            contribution.line);
      if (!inserted)
        report("agreement.duplicate", contribution.line,
               "the " + std::string(enum_word(contribution.form)) + " contribution of " + contribution.partner +
                   " to " + contribution.arrangement + " for " + contribution.year.to_string() +
                   " is defined again (first at line " + std::to_string(found->second) + ")");
    }
  }

  void check_references() {
    for (const Arrangement& arrangement : agreement_.arrangements)
      for (const std::string& partner : arrangement.partners)
        expect_partner(partner, arrangement.line, "arrangement '" + arrangement.id + "'");
    for (const Scheme& scheme : agreement_.schemes) {
      if (!scheme.arrangement.empty() && agreement_.find_arrangement(scheme.arrangement) == nullptr)
        report("agreement.reference", scheme.line,
               "scheme " + scheme.id + " is charged to arrangement '" + scheme.arrangement + "', which does not exist");
      expect_partner(scheme.commissioner, scheme.line, "scheme " + scheme.id + " (commissioner)");
      const Arrangement* arrangement = agreement_.find_arrangement(scheme.arrangement);
      if (arrangement != nullptr && arrangement->kind == ArrangementKind::aligned_budget &&
          partner_exists(scheme.commissioner) && !arrangement->has_partner(scheme.commissioner))
        report("agreement.reference", scheme.line,
               "scheme " + scheme.id + " is commissioned by " + scheme.commissioner +
                   ", which has no aligned budget in '" + arrangement->id + "' (it is not one of its partners)");
    }
    for (const Arrangement& arrangement : agreement_.arrangements) {
      std::map<int, long> reserve_years;
      for (const Reserve& reserve : arrangement.reserves)
        if (auto [first, added] = reserve_years.emplace(reserve.year.start_year(), reserve.line); !added)
          report("agreement.duplicate", reserve.line,
                 "arrangement '" + arrangement.id + "' has a second contingency reserve for " +
                     reserve.year.to_string() + " (first at line " + std::to_string(first->second) + ")");
    }
    for (const Contribution& contribution : agreement_.contributions) {
      const std::string who = "the contribution of " + contribution.partner + " to " + contribution.arrangement;
      expect_partner(contribution.partner, contribution.line, who);
      const Arrangement* arrangement = agreement_.find_arrangement(contribution.arrangement);
      if (!contribution.arrangement.empty() && arrangement == nullptr)
        report("agreement.reference", contribution.line,
               who + " names arrangement '" + contribution.arrangement + "', which does not exist");
      else if (arrangement != nullptr && partner_exists(contribution.partner) &&
               !arrangement->has_partner(contribution.partner))
        report("agreement.reference", contribution.line,
               who + ": " + contribution.partner + " is not one of the arrangement's partners");
      check_funds(contribution, who);
    }
  }

  // An in-kind contribution's `funds`: a scheme of its arrangement with a budget for its year;
  // a cash contribution funds the pool, not a scheme.
  void check_funds(const Contribution& contribution, const std::string& who) {
    if (contribution.funds.empty()) return;
    if (contribution.form != ContributionForm::in_kind) {
      report("agreement.reference", contribution.line,
             who + " is in cash, so it cannot name a scheme it funds ('funds' is for an in-kind contribution)");
      return;
    }
    const Scheme* scheme = agreement_.find_scheme(contribution.funds);
    if (scheme == nullptr || scheme->arrangement != contribution.arrangement)
      report("agreement.reference", contribution.line,
             who + " funds scheme '" + contribution.funds + "', which is not a scheme of " + contribution.arrangement);
    else if (scheme->budget_annual.find(contribution.year) == scheme->budget_annual.end())
      report("agreement.reference", contribution.line,
             who + " funds " + contribution.funds + ", which has no budget for " + contribution.year.to_string());
  }

  void in_term(Date day, long line, const std::string& what) {
    if (!day.ok() || !agreement_.start.ok() || !agreement_.end.ok()) return;
    if (day < agreement_.start || day > agreement_.effective_end())
      report("agreement.term", line,
             what + " (" + to_iso(day) + ") is outside the term of the agreement (" + to_iso(agreement_.start) +
                 " to " + to_iso(agreement_.effective_end()) + ")");
  }

  bool year_in_term(FinancialYear year) const {
    const auto years = agreement_.years();
    return std::find(years.begin(), years.end(), year) != years.end();
  }

  void year_in_term(FinancialYear year, long line, const std::string& what) {
    if (year.start_year() == 0 || !agreement_.start.ok() || !agreement_.end.ok()) return;
    if (!year_in_term(year))
      report("agreement.term", line,
             what + " is for " + year.to_string() + ", outside the term of the agreement (" + to_iso(agreement_.start) +
                 " to " + to_iso(agreement_.effective_end()) + ")");
  }

  // A national condition: a unique id, a pooled fund of the agreement, a year of the term, a
  // minimum that is not negative.
  void check_national_conditions() {
    std::map<std::string, long> seen;
    for (const NationalCondition& condition : agreement_.national_conditions) {
      const std::string what = "national condition '" + condition.id + "'";
      if (auto [first, added] = seen.emplace(condition.id, condition.line); !added)
        report("agreement.duplicate", condition.line,
               what + " is declared twice (first at line " + std::to_string(first->second) + ")");
      const Arrangement* arrangement = agreement_.find_arrangement(condition.arrangement);
      if (arrangement == nullptr || arrangement->kind != ArrangementKind::pooled_fund)
        report("agreement.reference", condition.line,
               what + " names '" + condition.arrangement + "', which is not a pooled fund of the agreement");
      year_in_term(condition.year, condition.line, what);
      if (condition.minimum.is_negative())
        report("agreement.money", condition.line, what + ": the minimum cannot be negative");
    }
  }

  void check_monitoring() {
    const MonitoringThresholds& thresholds = agreement_.monitoring;
    if (!(thresholds.amber > 0 && thresholds.amber < thresholds.red && thresholds.red <= 1))
      report("agreement.monitoring", thresholds.line != 0 ? thresholds.line : agreement_.line,
             "[agreement.monitoring]: amber (" + ledger::format_percent(thresholds.amber) + ") must be above 0 and " +
                 "below red (" + ledger::format_percent(thresholds.red) + "), and red at most 100%");
  }

  void check_term() {
    if (agreement_.start.ok() && agreement_.end.ok() && agreement_.end <= agreement_.start)
      report("agreement.term", agreement_.line,
             "the agreement ends (" + to_iso(agreement_.end) + ") before it starts (" + to_iso(agreement_.start) + ")");
    for (const Date& review : agreement_.review_dates) in_term(review, agreement_.line, "a review date");
    Date previous_end = agreement_.end;
    for (const Extension& extension : agreement_.extensions) {
      if (extension.new_end.ok() && previous_end.ok() && extension.new_end <= previous_end)
        report("agreement.term", extension.line,
               "the extension granted by " + extension.decision + " ends on " + to_iso(extension.new_end) +
                   ", which does not extend the term beyond " + to_iso(previous_end));
      if (extension.granted_on.ok() && previous_end.ok() &&
          (extension.granted_on > previous_end || extension.granted_on < agreement_.start))
        report("agreement.term", extension.line,
               "the extension granted by " + extension.decision + " was granted on " + to_iso(extension.granted_on) +
                   ", outside the term it extends (" + to_iso(agreement_.start) + " to " + to_iso(previous_end) + ")");
      if (extension.new_end.ok()) previous_end = std::max(previous_end, extension.new_end);
    }
    for (const Variation& variation : agreement_.variations)
      in_term(variation.agreed_on, variation.line, "variation " + variation.id + " was agreed on a date that");
    for (const Contribution& contribution : agreement_.contributions) {
      const std::string what = "the contribution of " + contribution.partner + " to " + contribution.arrangement;
      year_in_term(contribution.year, contribution.line, what);
      for (const Instalment& instalment : contribution.instalments) {
        in_term(instalment.due, instalment.line, "an instalment of " + what + " falls due on a date that");
        if (instalment.due.ok() && contribution.year.start_year() != 0 && !contribution.year.contains(instalment.due))
          report("agreement.term", instalment.line,
                 "an instalment of " + what + " for " + contribution.year.to_string() + " falls due on " +
                     to_iso(instalment.due) + ", outside that financial year");
      }
    }
    for (const Scheme& scheme : agreement_.schemes)
      for (const auto& [year, amount] : scheme.budget_annual)
        year_in_term(year, scheme.budget_lines.at(year), "scheme " + scheme.id + "'s budget");
    for (const Arrangement& arrangement : agreement_.arrangements)
      for (const Reserve& reserve : arrangement.reserves)
        year_in_term(reserve.year, reserve.line, "arrangement '" + arrangement.id + "''s contingency reserve");
  }

  void check_functions() {
    for (const Arrangement& arrangement : agreement_.arrangements) {
      check_function_list(arrangement, arrangement.nhs_functions, arrangement.nhs_function_lines);
      check_function_list(arrangement, arrangement.health_related_functions, arrangement.health_related_function_lines);
    }
  }

  void check_function_list(const Arrangement& arrangement, const std::vector<std::string>& functions,
                           const std::vector<long>& lines) {
    for (std::size_t i = 0; i < functions.size(); ++i) {
      const std::string excluded = excluded_function_in(functions[i]);
      if (excluded.empty()) continue;
      report("agreement.excluded-function", i < lines.size() ? lines[i] : arrangement.line,
             "arrangement '" + arrangement.id + "' covers '" + functions[i] + "': " + excluded +
                 " is an NHS function that may not be pooled or delegated under the Partnership Arrangements "
                 "Regulations, so the agreement is invalid");
    }
  }

  void check_hosts() {
    for (const Arrangement& arrangement : agreement_.arrangements) {
      const std::string where = "arrangement '" + arrangement.id + "'";
      if (arrangement.kind == ArrangementKind::pooled_fund && !arrangement.host.empty() &&
          !arrangement.has_partner(arrangement.host))
        report("agreement.host", arrangement.line,
               where + " is hosted by '" + arrangement.host + "', which is not one of its partners");
      const bool led = arrangement.kind == ArrangementKind::lead_commissioning ||
                       arrangement.kind == ArrangementKind::integrated_provision;
      if (led && !arrangement.lead.empty() && !arrangement.has_partner(arrangement.lead))
        report("agreement.host", arrangement.line,
               where + " is led by '" + arrangement.lead + "', which is not one of its partners");
      for (const std::string& delegating : arrangement.delegating) {
        if (!arrangement.has_partner(delegating))
          report("agreement.host", arrangement.line,
                 where + " has '" + delegating + "' delegating to the lead, but it is not one of its partners");
        if (delegating == arrangement.lead)
          report("agreement.host", arrangement.line,
                 where + ": the lead '" + delegating + "' cannot delegate to itself");
      }
    }
  }

  void check_pool_partners() {
    for (const Arrangement& arrangement : agreement_.arrangements) {
      if (arrangement.kind != ArrangementKind::pooled_fund) continue;
      bool nhs = false;
      bool council = false;
      for (const std::string& id : arrangement.partners) {
        if (const Partner* partner = agreement_.find_partner(id)) {
          nhs = nhs || is_nhs_body(partner->kind);
          council = council || is_local_authority(partner->kind);
        }
      }
      if (!nhs || !council)
        report("agreement.pool-partners", arrangement.line,
               "pooled fund '" + arrangement.id + "' has no " + (nhs ? "local authority" : "NHS body") +
                   " among its partners; a Section 75 pooled fund needs at least one NHS body and one local "
                   "authority");
    }
  }

  void check_phasing() {
    for (const Scheme& scheme : agreement_.schemes) {
      if (scheme.phasing.flat) continue;
      Ratio total = 0;
      for (int month = 1; month <= 12; ++month) {
        total += scheme.phasing.weight(month);
        if (scheme.phasing.weight(month) < 0)
          report("agreement.phasing", scheme.line,
                 "scheme " + scheme.id + "'s phasing weight for M" + (month < 10 ? "0" : "") + std::to_string(month) +
                     " is negative");
      }
      if (total != 1)
        report(
            "agreement.phasing", scheme.line,
            "scheme " + scheme.id + "'s twelve phasing weights sum to " + ledger::format_decimal(total, 6) + ", not 1");
    }
  }

  bool arrangement_has_money(const std::string& arrangement_id, FinancialYear year) const {
    return std::any_of(agreement_.contributions.begin(), agreement_.contributions.end(),
                       [&](const Contribution& c) { return c.arrangement == arrangement_id && c.year == year; });
  }

  void check_scheme_years() {
    for (const Scheme& scheme : agreement_.schemes) {
      if (agreement_.find_arrangement(scheme.arrangement) == nullptr) continue;
      for (const auto& [year, amount] : scheme.budget_annual)
        if (!arrangement_has_money(scheme.arrangement, year))
          report("agreement.no-budget", scheme.budget_lines.at(year),
                 "scheme " + scheme.id + " is charged to arrangement '" + scheme.arrangement +
                     "', which has no budget for " + year.to_string());
    }
  }

  void mismatch(long line, const std::string& what, Money contributed, Money needed, const std::string& needed_what) {
    if (contributed == needed) return;
    const Severity severity =
        agreement_.contribution_mismatch == MismatchPolicy::error ? Severity::error : Severity::warning;
    report("agreement.contributions", line,
           what + " total " + contributed.to_report() + " but " + needed_what + " total " + needed.to_report() +
               ", a difference of " + (contributed - needed).to_report(),
           severity);
  }

  void check_balances() {
    for (const Arrangement& arrangement : agreement_.arrangements) {
      std::set<FinancialYear> years;
      for (const Contribution& c : agreement_.contributions)
        if (c.arrangement == arrangement.id && c.year.start_year() != 0) years.insert(c.year);
      for (const FinancialYear& year : years) {
        if (arrangement.kind == ArrangementKind::aligned_budget)
          check_aligned_balance(arrangement, year);
        else
          check_pooled_balance(arrangement, year);
      }
    }
  }

  void check_pooled_balance(const Arrangement& arrangement, FinancialYear year) {
    Money contributed;
    for (const Contribution& c : agreement_.contributions)
      if (c.arrangement == arrangement.id && c.year == year) contributed += contribution_amount(agreement_, c);
    Money budgets;
    for (const Scheme& scheme : agreement_.schemes)
      if (scheme.arrangement == arrangement.id) budgets += budget_annual(agreement_, scheme, year);
    const Money reserve = arrangement.reserve_for(year);
    mismatch(
        arrangement.line, "contributions to arrangement '" + arrangement.id + "' for " + year.to_string(), contributed,
        budgets + reserve,
        "its schemes' budgets (" + budgets.to_report() + ") and contingency reserve (" + reserve.to_report() + ")");
  }

  // Every partner with an aligned budget there, and every partner commissioning schemes there
  // (whose aligned budget may be missing altogether), with the line to point at: its first
  // contribution, or else its first scheme budget for the year.
  std::vector<std::pair<std::string, long>> aligned_partners(const Arrangement& arrangement, FinancialYear year) const {
    std::vector<std::pair<std::string, long>> partners;
    const auto note = [&](const std::string& id, long line) {
      if (!id.empty() && std::none_of(partners.begin(), partners.end(), [&](const auto& p) { return p.first == id; }))
        partners.emplace_back(id, line);
    };
    for (const Contribution& c : agreement_.contributions)
      if (c.arrangement == arrangement.id && c.year == year) note(c.partner, c.line);
    for (const Scheme& scheme : agreement_.schemes)
      if (scheme.arrangement == arrangement.id && scheme.budget_annual.contains(year))
        note(scheme.commissioner, scheme.budget_lines.at(year));
    return partners;
  }

  void check_aligned_balance(const Arrangement& arrangement, FinancialYear year) {
    for (const auto& [partner, line] : aligned_partners(arrangement, year)) {
      Money contributed;  // a partner's aligned budget is all it puts in there, cash and in kind
      for (const Contribution& c : agreement_.contributions)
        if (c.arrangement == arrangement.id && c.year == year && c.partner == partner)
          contributed += contribution_amount(agreement_, c);
      Money budgets;
      for (const Scheme& scheme : agreement_.schemes)
        if (scheme.arrangement == arrangement.id && scheme.commissioner == partner)
          budgets += budget_annual(agreement_, scheme, year);
      mismatch(line, partner + "'s aligned budget in '" + arrangement.id + "' for " + year.to_string(), contributed,
               budgets, "the budgets of the schemes it commissions there");
    }
  }

  void check_schedules() {
    for (const Contribution& c : agreement_.contributions) {
      const std::string what = "the contribution of " + c.partner + " to " + c.arrangement;
      const Arrangement* arrangement = agreement_.find_arrangement(c.arrangement);
      const bool aligned = arrangement != nullptr && arrangement->kind == ArrangementKind::aligned_budget;
      // A due day is out of place on a list of dates, or on an aligned budget's "none" (a
      // "none" outside an aligned budget is reported below, which is the real mistake).
      const bool dated = c.schedule == ScheduleKind::dates || (c.schedule == ScheduleKind::none && aligned);
      if (dated && (c.due_day || c.due_day_last))
        report("agreement.schedule", c.line,
               what + " has a due_day, which a \"" + std::string(enum_word(c.schedule)) +
                   "\" schedule does not use: remove it, or choose a monthly, quarterly or annual schedule");
      if (aligned && c.schedule != ScheduleKind::none)
        report("agreement.schedule", c.line,
               what + " is to an aligned budget, where no money moves: its schedule should be \"none\"");
      if (arrangement != nullptr && !aligned && c.schedule == ScheduleKind::none)
        report("agreement.schedule", c.line,
               what + " has no schedule (\"none\"), which only an aligned budget may have: say when it falls due");
      if (c.schedule != ScheduleKind::dates && !c.instalments.empty())
        report("agreement.schedule", c.line,
               what + " lists instalments but its schedule is \"" + std::string(enum_word(c.schedule)) +
                   "\"; use schedule = \"dates\"");
      if (c.schedule == ScheduleKind::dates) {
        if (c.instalments.empty())
          report("agreement.schedule", c.line,
                 what + " has schedule \"dates\" but lists no [[contribution.instalment]]");
        ledger::MoneySum sum;
        for (const Instalment& instalment : c.instalments) sum += instalment.amount;
        if (!c.instalments.empty() && sum.total() != c.amount)
          report("agreement.schedule", c.line,
                 what + "'s instalments sum to " + sum.total().to_report() + ", not the annual amount " +
                     c.amount.to_report());
      }
    }
  }

  void check_variations() {
    for (const Variation& variation : agreement_.variations) {
      const std::string where = "variation " + variation.id;
      if (variation.year.start_year() != 0 && variation.effective_from.year().start_year() != 0 &&
          variation.effective_from.year() != variation.year)
        report("agreement.variation", variation.line,
               where + " changes " + variation.year.to_string() + " but takes effect from " +
                   variation.effective_from.to_string() + ", a month of another year");
      if (const auto* target = std::get_if<ContributionTarget>(&variation.target)) {
        const bool found =
            std::any_of(agreement_.contributions.begin(), agreement_.contributions.end(), [&](const Contribution& c) {
              return c.partner == target->partner && c.arrangement == target->arrangement && c.form == target->form &&
                     c.year == variation.year;
            });
        if (!found && !target->partner.empty())
          report("agreement.variation", variation.line,
                 where + " changes the " + std::string(enum_word(target->form)) + " contribution of " +
                     target->partner + " to " + target->arrangement + " for " + variation.year.to_string() +
                     ", which the agreement does not have");
      } else if (const auto* budget = std::get_if<BudgetTarget>(&variation.target)) {
        const Scheme* scheme = agreement_.find_scheme(budget->scheme);
        if (scheme == nullptr && !budget->scheme.empty())
          report("agreement.reference", variation.line,
                 where + " changes scheme " + budget->scheme + "'s budget, but there is no such scheme");
        else if (scheme != nullptr && !scheme->budget_annual.contains(variation.year))
          report("agreement.variation", variation.line,
                 where + " changes scheme " + budget->scheme + "'s budget for " + variation.year.to_string() +
                     ", but it has no budget for that year");
      }
    }
  }

  const Agreement& agreement_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> check_agreement(const Agreement& agreement) { return Checker(agreement).run(); }

}  // namespace poolbook::contracts
