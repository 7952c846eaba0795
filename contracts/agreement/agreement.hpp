#pragma once
// An Agreement is what the partners signed: a Section 75 partnership agreement (or a BCF
// plan, or a non-statutory MoU) setting up one or more arrangements between councils and
// NHS bodies: a pooled fund that partners pay into and a host manages, aligned budgets that
// each partner keeps but reports jointly, lead commissioning where one partner commissions
// for others with money they delegate, and integrated provision. Inside them sit schemes
// (service lines) with annual budgets, each partner's contributions and the dates they fall
// due, and the variations signed off since.
//
//   LoadedAgreement loaded = load_agreement("fixtures/northshire/agreement.toml");
//   if (!loaded.valid()) print(loaded.findings);
//   const Agreement& agreement = *loaded.agreement;
//   agreement.find_scheme("S07")->budget_annual.at(FinancialYear(2025));
//
// The model is plain data: loading and checking are in agreement_loader.hpp and
// agreement_check.hpp, and the money it implies (instalments, phased budgets) is computed
// by the pure functions in contribution_schedule.hpp and budget_phasing.hpp.
// Every element remembers the line of the file it came from, so a check can point at it.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::contracts {

using ledger::FinancialYear;
using ledger::Money;
using ledger::Period;
using ledger::Ratio;
using Date = date::year_month_day;

// ---- enumerations, with the words the agreement file uses ----

enum class LegalBasis { s75_nhs_act_2006, s31_health_act_1999, bcf, mou };

enum class PartnerKind {
  county_council,
  district_council,
  unitary_council,
  metropolitan_council,
  london_borough,
  icb,
  nhs_trust,
  nhs_foundation_trust,
  vcse,
  gp_collaborative
};

enum class ArrangementKind { pooled_fund, aligned_budget, lead_commissioning, integrated_provision };

enum class SchemeType {
  assistive_technologies,
  care_act_implementation,
  carers_services,
  community_based_schemes,
  dfg_related_schemes,
  enablers_for_integration,
  high_impact_change_model,
  home_care,
  housing_related_schemes,
  integrated_care_planning,
  bed_based_intermediate_care,
  home_based_intermediate_care,
  personalised_budgeting,
  prevention_early_intervention,
  residential_placements,
  workforce_recruitment_retention,
  other
};

enum class FundingSource { nhs_minimum, dfg, ibcf, discharge, additional_la, additional_nhs, other };
enum class ShareProfile { variable, fixed };
enum class ContributionForm { cash, in_kind };
enum class ScheduleKind { monthly, quarterly, annual, dates, none };
enum class DueRule { fixed, next_working_day };
enum class MismatchPolicy { error, warning };
// Risk share (DOMAIN.md section 4).
enum class SharingKind { proportional, fixed, own, tiered };
enum class OverspendRemedy { underspends, reserve, uncommitted, partners };
enum class UnderspendTreatment { carry_forward, contingency, return_pro_rata, hold };
enum class UnderspendScope { all, non_recurrent };
// Contracts and their payment mechanisms (DOMAIN.md section 5).
enum class ContractKind { outcome_based, capitated, alliance, activity };
enum class KpiDirection { higher, lower };
enum class PaymentCurve { all_or_nothing, linear, banded };
enum class PaymentSchedule { monthly, quarterly, annual };
// Governance (DOMAIN.md section 6).
enum class BodyKind { hwb, joint_board, alliance_board, officer, governing_body };
enum class VotingRule { unanimity, simple_majority, two_thirds, weighted, consensus };
enum class ActionType {
  virement,
  new_scheme,
  budget_change,
  use_of_contingency,
  use_of_underspend,
  contribution_variation,
  overspend_action_plan,
  period_reopening,
  contract_award,
  agreement_extension,
  ring_fenced_virement,  // moving budget off a ring-fenced line
  agreement_variation,   // adopting a variation that changes people, bodies or the scheme of delegation
  manual_journal,        // an accrual, a correction or a reversal posted by hand
  contract_payment,      // approving a contract's payment for a period, computed from its KPI results
  manual_forecast,       // setting a scheme's forecast outturn by hand, with a reason
  period_close,          // closing a month (its accruals, its statement, the lock; at M12 the settlement)
  new_partner,
  exit
};
// The Better Care Fund's national conditions a pooled fund declares it must meet.
enum class ConditionKind {
  nhs_social_care,      // the NHS minimum contribution to adult social care is maintained
  nhs_out_of_hospital,  // NHS-commissioned out-of-hospital services get at least their minimum
};
// The unit an outcome metric is measured in: a rate per 100,000 of the population, a
// percentage, a count, days, or a score.
enum class MetricUnit { per_100000, percent, count, days, score };

// The rungs of the dispute ladder (clause 25), from the bottom up.
enum class DisputeLevel { officers, directors, chief_executives, mediation };

// The file's word for each value ("pooled-fund") and a reader's label ("pooled fund").
template <typename Enum>
struct EnumWords {
  Enum value;
  std::string_view word;   // as written in the file
  std::string_view label;  // as printed for people
};
template <typename Enum>
std::optional<Enum> enum_from_word(std::string_view word);
template <typename Enum>
std::string_view enum_word(Enum value);
template <typename Enum>
std::string_view enum_label(Enum value);
// "pooled-fund, aligned-budget, ..." for error messages.
template <typename Enum>
std::string enum_words_list();

bool is_local_authority(PartnerKind kind);
bool is_nhs_body(PartnerKind kind);

// ---- the agreement ----

struct Extension {
  Date granted_on{};
  std::string decision;
  Date new_end{};
  long line = 0;
};

struct Partner {
  std::string id;
  std::string name;
  PartnerKind kind = PartnerKind::county_council;
  std::vector<std::string> roles;
  long line = 0;
};

struct Reserve {
  FinancialYear year{0};
  Money amount;
  long line = 0;
};

struct Arrangement {
  std::string id;
  std::string name;
  ArrangementKind kind = ArrangementKind::pooled_fund;
  std::vector<std::string> partners;
  std::string host;          // pooled fund
  std::string pool_manager;  // pooled fund
  std::string lead;          // lead commissioning, integrated provision
  std::vector<std::string> delegating;
  std::vector<std::string> nhs_functions;
  std::vector<std::string> health_related_functions;
  std::vector<long> nhs_function_lines;  // the line of each function, for checks
  std::vector<long> health_related_function_lines;
  std::vector<Reserve> reserves;  // pooled fund contingency reserve, per year
  long line = 0;

  [[nodiscard]] Money reserve_for(FinancialYear year) const;
  [[nodiscard]] bool has_partner(std::string_view partner_id) const;
};

// Twelve monthly weights M01..M12 summing to exactly 1; flat is 1/12 each.
struct Phasing {
  bool flat = true;
  std::array<Ratio, 12> weights{};                     // meaningful when !flat
  [[nodiscard]] Ratio weight(int month_number) const;  // 1..12
};

struct Scheme {
  std::string id;
  std::string name;
  SchemeType type = SchemeType::other;
  std::string arrangement;
  std::string commissioner;
  std::string provider;  // a partner id or an external provider's name
  FundingSource funding_source = FundingSource::other;
  ShareProfile share_profile = ShareProfile::variable;
  bool recurrent = true;
  // The grant or condition that ring-fences this line ("Disabled Facilities Grant"), if any:
  // budget may be moved off it only as the scheme of delegation's ring-fenced-virement allows.
  std::string ring_fence;
  Phasing phasing;
  std::map<FinancialYear, Money> budget_annual;  // as originally agreed
  std::map<FinancialYear, long> budget_lines;    // the line of each year's budget
  long line = 0;
};

struct Instalment {
  Date due{};
  Money amount;
  long line = 0;
};

struct Contribution {
  std::string partner;
  std::string arrangement;
  FinancialYear year{0};
  Money amount;  // as originally agreed
  ContributionForm form = ContributionForm::cash;
  ScheduleKind schedule = ScheduleKind::monthly;
  std::optional<int> due_day;  // 1..28; nullopt with due_day_last
  bool due_day_last = false;   // due on the last day of the month
  DueRule due_rule = DueRule::fixed;
  std::vector<Instalment> instalments;  // schedule == dates
  // In kind only: the scheme the contribution is spent on (recognised there as spend as it
  // falls due), and what evidences it (a lease, secondment agreements).
  std::string funds;
  std::string evidence;
  long line = 0;
};

struct ContributionTarget {
  std::string partner;
  std::string arrangement;
  ContributionForm form = ContributionForm::cash;  // a partner may give cash and in kind
};
struct BudgetTarget {
  std::string scheme;
};

struct Variation {
  std::string id;
  Date agreed_on{};
  std::string signed_off_by;
  std::string decision;
  Period effective_from{FinancialYear(0), ledger::FinancialMonth(1)};
  FinancialYear year{0};
  Money change;
  std::variant<ContributionTarget, BudgetTarget> target;
  long line = 0;

  // Whether a computation "as at" the given date sees this variation.
  [[nodiscard]] bool signed_off_by_date(Date as_at) const { return agreed_on <= as_at; }
};

// ---- risk share: who bears an overspend, what becomes of an underspend ----

// A partner's share written in the agreement, in file order ("county" = 62.5%).
struct PartnerShare {
  std::string partner;
  Ratio share;
  long line = 0;
};

// No partner bears more than `max` under the rule it belongs to; the excess falls by
// `fallback`: "proportional" (the other partners, by contributions), "host", or a partner id.
struct Cap {
  std::string partner;
  Money max;
  std::string fallback = "proportional";
  long line = 0;
};

// A band of a tiered rule: the next `amount` (the rest, for the last band) shared by its own
// rule, which is proportional, fixed or own (not tiered again).
struct Band {
  std::optional<Money> amount;
  SharingKind sharing = SharingKind::proportional;
  std::vector<PartnerShare> shares;  // fixed
  long line = 0;
};

// How an amount is divided between partners.
//  - proportional: by each partner's contributions to the arrangement for the year, as varied;
//  - fixed: by the shares written (summing to exactly 1);
//  - own: to the commissioner of the scheme it arose on (at pool level, to the host);
//  - tiered: band by band.
struct SharingRule {
  SharingKind kind = SharingKind::proportional;
  std::vector<PartnerShare> shares;
  std::vector<Band> bands;
  std::vector<Cap> caps;
  long line = 0;
};

// A scheme's own terms for its overspend, over the pool's.
struct SchemeRiskShare {
  std::string scheme;
  SharingRule rule;
  long line = 0;
};

// An amount released to a scheme only if a metric's target is met; if missed it is
// redirected to other schemes (pro rata to their budgets) and the scheme reduced.
struct PerformanceElement {
  std::string id;
  std::string metric;
  FinancialYear year{0};
  Money amount;
  std::string scheme;
  std::vector<std::string> redirect_to;
  long line = 0;
};

struct RiskShareTerms {
  std::string arrangement;
  // The order of remedies for an overspend on the shared (variable) lines.
  std::vector<OverspendRemedy> overspend_order = {OverspendRemedy::underspends, OverspendRemedy::reserve,
                                                  OverspendRemedy::uncommitted, OverspendRemedy::partners};
  std::map<FinancialYear, Money> uncommitted;  // allocations not yet committed, that may be reduced
  SharingRule sharing;                         // for what the partners bear of the shared lines
  UnderspendTreatment underspend = UnderspendTreatment::carry_forward;
  UnderspendScope underspend_scope = UnderspendScope::all;
  std::vector<SchemeRiskShare> schemes;
  std::vector<PerformanceElement> performance;
  long line = 0;
};

// ---- contracts: what providers are paid, and for what ----

// A result reaching `reaches` (in the KPI's direction) earns `pays` of the KPI's amount.
struct KpiBand {
  Ratio reaches;
  Ratio pays;
  long line = 0;
};

// An outcome measure. The share of its amount earned follows its curve: all-or-nothing (the
// target reached or not), linear (nothing at the threshold, all at the target, in between in
// proportion; beyond the target more, up to `cap`, if `cap` is over 100%), or banded. The
// share is then held between `collar` and `cap`. A banded KPI uses neither threshold nor
// target (the file need not give them: they are then 0, and a warning names any given).
struct Kpi {
  std::string id;
  std::string name;
  Ratio weight;
  KpiDirection direction = KpiDirection::higher;
  std::optional<Ratio> baseline;
  Ratio threshold;
  Ratio target;
  PaymentCurve curve = PaymentCurve::linear;
  PaymentSchedule measured = PaymentSchedule::quarterly;
  std::vector<KpiBand> bands;
  Ratio collar = 0;
  Ratio cap = 1;
  long line = 0;
};

// A risk corridor of a capitated budget: the variance up to `upto` of the budget (beyond the
// corridors before it) is borne `provider_share` by the provider, the rest by the
// commissioner. The last corridor has no `upto`.
struct Corridor {
  std::optional<Ratio> upto;
  Ratio provider_share;
  long line = 0;
};

struct AllianceMember {
  std::string id;
  std::string name;
  std::map<FinancialYear, Money> contract_value;  // its own contract
  Ratio share;                                    // of the alliance's gain and pain
  std::optional<Money> pain_cap;                  // the most pain it bears in a year
  long line = 0;
};

struct Contract {
  std::string id;
  std::string name;
  ContractKind kind = ContractKind::outcome_based;
  std::string arrangement;
  std::string scheme;    // the scheme it is paid from
  std::string provider;  // a partner id or an external provider's name
  PaymentSchedule schedule = PaymentSchedule::quarterly;
  // outcome-based: annual value, the part at risk on KPIs (the KPIs' weights sum to 1)
  std::map<FinancialYear, Money> value;
  Ratio at_risk = 0;
  std::vector<Kpi> kpis;  // outcome-based; alliance (earning its outcome pot)
  // capitated: a rate per head a year times the registered population, with corridors
  std::map<FinancialYear, Money> rate_per_head;
  std::map<FinancialYear, std::int64_t> population;
  std::vector<Corridor> corridors;
  // alliance: members sharing gain and pain, and an outcome pot earned on alliance KPIs
  std::vector<AllianceMember> members;
  std::map<FinancialYear, Money> outcome_pot;
  // activity: price per unit up to a volume threshold, a marginal price above it
  Money unit_price;
  std::int64_t volume_threshold = 0;
  Money marginal_price;
  long line = 0;
};

// ---- governance: who may decide what ----

struct Person {
  std::string id;
  std::string name;
  std::string organisation;  // a partner id, or another organisation's name
  std::string role;
  std::vector<std::string> os_users;  // operating-system users who act as this person
  long line = 0;
};

struct BodyMember {
  std::string person;
  Ratio vote_weight = 1;  // for weighted voting
  bool independent = false;
  bool voting = true;  // a non-voting member (an adviser) counts for neither quorum nor vote
  bool chair = false;  // the chair may record the body's decisions
  long line = 0;
};

// A board, an officer or a partner's governing body. An officer acts alone (its one member);
// a board decides by its quorum and voting rule.
struct Body {
  std::string id;
  std::string name;
  BodyKind kind = BodyKind::joint_board;
  std::string partner;  // governing body: whose
  std::vector<BodyMember> members;
  int quorum = 1;                            // voting members present and not conflicted
  std::vector<std::string> quorum_partners;  // at least one such member from each
  VotingRule voting = VotingRule::simple_majority;
  std::string veto;                 // a partner whose members' vote against defeats a motion
  std::string weights_from;         // weighted voting by contributions to this arrangement
  std::vector<std::string> clerks;  // the people who record its decisions (with its chair)
  long line = 0;
  [[nodiscard]] const BodyMember* member(std::string_view person) const;
  // Whether `person` may record this body's decisions: one of its clerks, or its chair.
  [[nodiscard]] bool records_decisions(std::string_view person) const;
};

// One row of the scheme of delegation: `body` may approve `action` up to `up_to` (no limit
// when absent); a reserved matter also needs ratification by each partner's governing body.
struct Delegation {
  ActionType action = ActionType::virement;
  std::optional<Money> up_to;
  std::string body;
  bool reserved = false;
  long line = 0;
};

// One rung of the dispute ladder: who meets at that level, and how many working days they
// have to resolve a dispute before it goes up to the next rung. A valid ladder climbs:
// each level at most once, officers before directors before chief executives before mediation.
inline constexpr int kMaxDisputeStepWorkingDays = 250;  // about a working year
struct DisputeStep {
  DisputeLevel level = DisputeLevel::officers;
  std::string name;      // "The pool managers and finance leads of the partners in dispute meet"
  int working_days = 0;  // 1 to kMaxDisputeStepWorkingDays in a valid agreement; 0 when not given or not valid
  int position = 0;      // its place among the [[dispute_step]] tables of the file, from 1
  long line = 0;
};

// When budget monitoring turns a scheme amber or red: its variance against the budget to date,
// as a share of that budget. An overspend of `amber` or more is amber, of `red` or more red;
// an underspend of `red` or more is amber (money not being spent as planned). An instalment
// unpaid more than `late_after` working days after it fell due is an exception of the month.
inline constexpr int kMaxLateAfterWorkingDays = 250;
// A national condition of a pooled fund for a year: the schemes it counts (those funded by
// the NHS minimum contribution and commissioned by a local authority, for nhs-social-care;
// by an NHS body, for nhs-out-of-hospital) must have at least `minimum`, budgeted and
// forecast.
struct NationalCondition {
  std::string id;
  ConditionKind kind = ConditionKind::nhs_social_care;
  std::string arrangement;
  FinancialYear year{0};
  Money minimum;
  long line = 0;
};

// An outcome metric the agreement reports to the Health and Wellbeing Board: a BCF national
// metric (non-elective admissions, discharge to usual place of residence, permanent
// admissions to care homes per 100,000, reablement effectiveness) or a local one. Its
// baseline and plan are quarterly figures in its unit (a rate per 100,000 is the quarter's
// events per 100,000 people); a rate is worked from a numerator and the year's population
// when the metrics file gives no denominator (docs/metrics-format.md).
struct MetricPlan {
  ledger::QuarterPeriod quarter{FinancialYear(0), ledger::Quarter(1)};
  Ratio value;
  long line = 0;
};
struct MetricPopulation {
  FinancialYear year{0};
  std::int64_t people = 0;
  long line = 0;
};
struct Metric {
  std::string id;
  std::string name;
  bool national = false;  // a BCF national metric
  MetricUnit unit = MetricUnit::count;
  KpiDirection direction = KpiDirection::lower;  // which way is better
  std::optional<Ratio> baseline;                 // a quarter's figure in the baseline period
  std::string baseline_period;                   // "2024/25"
  std::vector<MetricPlan> plan;                  // by quarter
  std::vector<MetricPopulation> population;      // the denominator of a rate, by year
  long line = 0;
  [[nodiscard]] const MetricPlan* plan_for(const ledger::QuarterPeriod& quarter) const;
  [[nodiscard]] std::optional<std::int64_t> population_in(FinancialYear year) const;
};

// A board's share of a pool that reports to several ([[agreement.board_share]]): its share of
// what is not wholly one board's, and the partners and schemes wholly its own (board_share.hpp).
struct BoardShare {
  std::string board;  // one of health_and_wellbeing_boards
  Ratio share;        // of what is not wholly one board's
  std::vector<std::string> partners;
  std::vector<std::string> schemes;
  long line = 0;
};

struct MonitoringThresholds {
  Ratio amber{2, 100};
  Ratio red{5, 100};
  int late_after = 0;    // working days
  int match_within = 3;  // working days between a partner's payment and the pool's receipt of it
  long line = 0;
};

struct Agreement {
  std::string file;  // where it was loaded from, for messages
  std::string id;
  std::string title;
  LegalBasis legal_basis = LegalBasis::s75_nhs_act_2006;
  std::vector<std::string> aims;
  std::vector<std::string> outcomes;
  std::vector<std::string> client_groups;
  std::vector<std::string> areas_served;
  std::vector<std::string> health_and_wellbeing_boards;
  std::vector<BoardShare> board_shares;  // with several boards, one each
  Date start{};
  Date end{};
  std::vector<Date> review_dates;
  std::vector<Extension> extensions;
  std::string variation_provisions;
  std::string termination_provisions;
  std::string dispute_procedure;
  MismatchPolicy contribution_mismatch = MismatchPolicy::error;
  MonitoringThresholds monitoring;
  long line = 0;

  std::vector<Partner> partners;
  std::vector<Arrangement> arrangements;
  std::vector<Scheme> schemes;
  std::vector<Contribution> contributions;
  std::vector<Variation> variations;
  std::vector<RiskShareTerms> risk_shares;
  std::vector<NationalCondition> national_conditions;
  std::vector<Contract> contracts;
  std::vector<Person> people;
  std::vector<Body> bodies;
  std::vector<Delegation> delegations;
  std::vector<DisputeStep> dispute_ladder;  // in order, from the first rung
  std::vector<Metric> metrics;              // outcome metrics, in file order

  // The end of the term after every extension.
  [[nodiscard]] Date effective_end() const;
  // The financial years the (extended) term touches, in order.
  [[nodiscard]] std::vector<FinancialYear> years() const;

  [[nodiscard]] const Partner* find_partner(std::string_view wanted_id) const;
  [[nodiscard]] const Arrangement* find_arrangement(std::string_view wanted_id) const;
  [[nodiscard]] const Scheme* find_scheme(std::string_view wanted_id) const;
  [[nodiscard]] const RiskShareTerms* find_risk_share(std::string_view arrangement_id) const;
  [[nodiscard]] const Contract* find_contract(std::string_view wanted_id) const;
  [[nodiscard]] const Person* find_person(std::string_view wanted_id) const;
  [[nodiscard]] const Body* find_body(std::string_view wanted_id) const;
  [[nodiscard]] const Metric* find_metric(std::string_view wanted_id) const;
  // The contributions of a partner for a year (to every arrangement), in file order.
  [[nodiscard]] std::vector<const Contribution*> contributions_of(std::string_view partner_id,
                                                                  FinancialYear year) const;
};

}  // namespace poolbook::contracts
