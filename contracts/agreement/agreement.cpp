#include "poolbook/contracts/agreement/agreement.hpp"

#include <algorithm>
#include <span>

namespace poolbook::contracts {
namespace {

constexpr EnumWords<LegalBasis> kLegalBases[] = {
    {LegalBasis::s75_nhs_act_2006, "s75-nhs-act-2006", "section 75, NHS Act 2006"},
    {LegalBasis::s31_health_act_1999, "s31-health-act-1999", "section 31, Health Act 1999 (legacy)"},
    {LegalBasis::bcf, "bcf", "Better Care Fund plan (section 75)"},
    {LegalBasis::mou, "mou", "memorandum of understanding (non-statutory)"},
};

constexpr EnumWords<PartnerKind> kPartnerKinds[] = {
    {PartnerKind::county_council, "county-council", "county council"},
    {PartnerKind::district_council, "district-council", "district council"},
    {PartnerKind::unitary_council, "unitary-council", "unitary council"},
    {PartnerKind::metropolitan_council, "metropolitan-council", "metropolitan borough council"},
    {PartnerKind::london_borough, "london-borough", "London borough"},
    {PartnerKind::icb, "icb", "integrated care board"},
    {PartnerKind::nhs_trust, "nhs-trust", "NHS trust"},
    {PartnerKind::nhs_foundation_trust, "nhs-foundation-trust", "NHS foundation trust"},
    {PartnerKind::vcse, "vcse", "voluntary, community and social enterprise organisation"},
    {PartnerKind::gp_collaborative, "gp-collaborative", "GP collaborative"},
};

constexpr EnumWords<ArrangementKind> kArrangementKinds[] = {
    {ArrangementKind::pooled_fund, "pooled-fund", "pooled fund"},
    {ArrangementKind::aligned_budget, "aligned-budget", "aligned budget"},
    {ArrangementKind::lead_commissioning, "lead-commissioning", "lead commissioning"},
    {ArrangementKind::integrated_provision, "integrated-provision", "integrated provision"},
};

constexpr EnumWords<SchemeType> kSchemeTypes[] = {
    {SchemeType::assistive_technologies, "assistive-technologies", "assistive technologies and equipment"},
    {SchemeType::care_act_implementation, "care-act-implementation", "Care Act implementation related duties"},
    {SchemeType::carers_services, "carers-services", "carers services"},
    {SchemeType::community_based_schemes, "community-based-schemes", "community based schemes"},
    {SchemeType::dfg_related_schemes, "dfg-related-schemes", "DFG related schemes"},
    {SchemeType::enablers_for_integration, "enablers-for-integration", "enablers for integration"},
    {SchemeType::high_impact_change_model, "high-impact-change-model",
     "high impact change model for managing transfer of care"},
    {SchemeType::home_care, "home-care", "home care or domiciliary care"},
    {SchemeType::housing_related_schemes, "housing-related-schemes", "housing related schemes"},
    {SchemeType::integrated_care_planning, "integrated-care-planning", "integrated care planning and navigation"},
    {SchemeType::bed_based_intermediate_care, "bed-based-intermediate-care", "bed based intermediate care services"},
    {SchemeType::home_based_intermediate_care, "home-based-intermediate-care", "home-based intermediate care services"},
    {SchemeType::personalised_budgeting, "personalised-budgeting", "personalised budgeting and commissioning"},
    {SchemeType::prevention_early_intervention, "prevention-early-intervention", "prevention / early intervention"},
    {SchemeType::residential_placements, "residential-placements", "residential placements"},
    {SchemeType::workforce_recruitment_retention, "workforce-recruitment-retention",
     "workforce recruitment and retention"},
    {SchemeType::other, "other", "other"},
};

constexpr EnumWords<FundingSource> kFundingSources[] = {
    {FundingSource::nhs_minimum, "nhs-minimum", "NHS minimum contribution"},
    {FundingSource::dfg, "dfg", "Disabled Facilities Grant"},
    {FundingSource::ibcf, "ibcf", "iBCF / Local Authority BCF grant"},
    {FundingSource::discharge, "discharge", "discharge fund"},
    {FundingSource::additional_la, "additional-la", "additional local authority contribution"},
    {FundingSource::additional_nhs, "additional-nhs", "additional NHS contribution"},
    {FundingSource::other, "other", "other"},
};

constexpr EnumWords<ShareProfile> kShareProfiles[] = {
    {ShareProfile::variable, "variable", "variable (variance shared)"},
    {ShareProfile::fixed, "fixed", "fixed (variance stays with the commissioner)"},
};

constexpr EnumWords<ContributionForm> kContributionForms[] = {
    {ContributionForm::cash, "cash", "cash"},
    {ContributionForm::in_kind, "in-kind", "in kind"},
};

constexpr EnumWords<ScheduleKind> kScheduleKinds[] = {
    {ScheduleKind::monthly, "monthly", "monthly"},  {ScheduleKind::quarterly, "quarterly", "quarterly"},
    {ScheduleKind::annual, "annual", "annual"},     {ScheduleKind::dates, "dates", "on set dates"},
    {ScheduleKind::none, "none", "none (aligned)"},
};

constexpr EnumWords<DueRule> kDueRules[] = {
    {DueRule::fixed, "fixed", "on the day"},
    {DueRule::next_working_day, "next-working-day", "or the next working day"},
};

constexpr EnumWords<MismatchPolicy> kMismatchPolicies[] = {
    {MismatchPolicy::error, "error", "error"},
    {MismatchPolicy::warning, "warning", "warning"},
};

constexpr EnumWords<SharingKind> kSharingKinds[] = {
    {SharingKind::proportional, "proportional", "in proportion to contributions"},
    {SharingKind::fixed, "fixed", "in fixed shares"},
    {SharingKind::own, "own", "by the commissioning partner"},
    {SharingKind::tiered, "tiered", "in bands"},
};

constexpr EnumWords<OverspendRemedy> kOverspendRemedies[] = {
    {OverspendRemedy::underspends, "underspends", "underspends elsewhere in the pool"},
    {OverspendRemedy::reserve, "reserve", "the contingency reserve"},
    {OverspendRemedy::uncommitted, "uncommitted", "uncommitted allocations"},
    {OverspendRemedy::partners, "partners", "the partners, by the agreed shares"},
};

constexpr EnumWords<UnderspendTreatment> kUnderspendTreatments[] = {
    {UnderspendTreatment::carry_forward, "carry-forward", "carried forward in the pool"},
    {UnderspendTreatment::contingency, "contingency", "kept as contingency"},
    {UnderspendTreatment::return_pro_rata, "return-pro-rata", "returned to partners pro rata to contributions"},
    {UnderspendTreatment::hold, "hold", "held pending a decision of the board"},
};

constexpr EnumWords<UnderspendScope> kUnderspendScopes[] = {
    {UnderspendScope::all, "all", "all lines"},
    {UnderspendScope::non_recurrent, "non-recurrent", "non-recurrent lines only"},
};

constexpr EnumWords<ContractKind> kContractKinds[] = {
    {ContractKind::outcome_based, "outcome-based", "outcome-based contract"},
    {ContractKind::capitated, "capitated", "capitated budget"},
    {ContractKind::alliance, "alliance", "alliance agreement"},
    {ContractKind::activity, "activity", "activity-based contract"},
};

constexpr EnumWords<KpiDirection> kKpiDirections[] = {
    {KpiDirection::higher, "higher", "higher is better"},
    {KpiDirection::lower, "lower", "lower is better"},
};

constexpr EnumWords<PaymentCurve> kPaymentCurves[] = {
    {PaymentCurve::all_or_nothing, "all-or-nothing", "all or nothing"},
    {PaymentCurve::linear, "linear", "linear between threshold and target"},
    {PaymentCurve::banded, "banded", "banded"},
};

constexpr EnumWords<PaymentSchedule> kPaymentSchedules[] = {
    {PaymentSchedule::monthly, "monthly", "monthly"},
    {PaymentSchedule::quarterly, "quarterly", "quarterly"},
    {PaymentSchedule::annual, "annual", "annual"},
};

constexpr EnumWords<BodyKind> kBodyKinds[] = {
    {BodyKind::hwb, "hwb", "Health and Wellbeing Board"},
    {BodyKind::joint_board, "joint-board", "joint commissioning board"},
    {BodyKind::alliance_board, "alliance-board", "alliance leadership board"},
    {BodyKind::officer, "officer", "officer"},
    {BodyKind::governing_body, "governing-body", "partner's governing body"},
};

constexpr EnumWords<VotingRule> kVotingRules[] = {
    {VotingRule::unanimity, "unanimity", "unanimity"},
    {VotingRule::simple_majority, "simple-majority", "simple majority"},
    {VotingRule::two_thirds, "two-thirds", "two-thirds majority"},
    {VotingRule::weighted, "weighted", "weighted vote"},
    {VotingRule::consensus, "consensus", "consensus"},
};

constexpr EnumWords<ActionType> kActionTypes[] = {
    {ActionType::virement, "virement", "virement between schemes"},
    {ActionType::new_scheme, "new-scheme", "new scheme"},
    {ActionType::budget_change, "budget-change", "budget change"},
    {ActionType::use_of_contingency, "use-of-contingency", "use of the contingency reserve"},
    {ActionType::use_of_underspend, "use-of-underspend", "use of an underspend"},
    {ActionType::contribution_variation, "contribution-variation", "contribution variation"},
    {ActionType::overspend_action_plan, "overspend-action-plan", "approval of an overspend action plan"},
    {ActionType::period_reopening, "period-reopening", "reopening of a closed month"},
    {ActionType::contract_award, "contract-award", "contract award or variation"},
    {ActionType::agreement_extension, "agreement-extension", "extension of the agreement"},
    {ActionType::ring_fenced_virement, "ring-fenced-virement", "virement off a ring-fenced line"},
    {ActionType::agreement_variation, "agreement-variation",
     "variation of the agreement's people, bodies or scheme of delegation"},
    {ActionType::manual_journal, "manual-journal", "manual journal"},
    {ActionType::contract_payment, "contract-payment", "contract payment"},
    {ActionType::manual_forecast, "manual-forecast", "manual forecast"},
    {ActionType::period_close, "period-close", "close of a month"},
    {ActionType::new_partner, "new-partner", "a new partner"},
    {ActionType::exit, "exit", "a partner's exit"},
};

constexpr EnumWords<ConditionKind> kConditionKinds[] = {
    {ConditionKind::nhs_social_care, "nhs-social-care", "the NHS minimum contribution to adult social care"},
    {ConditionKind::nhs_out_of_hospital, "nhs-out-of-hospital", "NHS-commissioned out-of-hospital services"},
};

constexpr EnumWords<MetricUnit> kMetricUnits[] = {
    {MetricUnit::per_100000, "per-100000", "per 100,000"},
    {MetricUnit::percent, "percent", "%"},
    {MetricUnit::count, "count", "count"},
    {MetricUnit::days, "days", "days"},
    {MetricUnit::score, "score", "score"},
};

constexpr EnumWords<DisputeLevel> kDisputeLevels[] = {
    {DisputeLevel::officers, "officers", "officers"},
    {DisputeLevel::directors, "directors", "directors"},
    {DisputeLevel::chief_executives, "chief-executives", "chief executives"},
    {DisputeLevel::mediation, "mediation", "mediation"},
};

template <typename Enum>
std::span<const EnumWords<Enum>> table();
template <>
std::span<const EnumWords<LegalBasis>> table() {
  return kLegalBases;
}
template <>
std::span<const EnumWords<PartnerKind>> table() {
  return kPartnerKinds;
}
template <>
std::span<const EnumWords<ArrangementKind>> table() {
  return kArrangementKinds;
}
template <>
std::span<const EnumWords<SchemeType>> table() {
  return kSchemeTypes;
}
template <>
std::span<const EnumWords<FundingSource>> table() {
  return kFundingSources;
}
template <>
std::span<const EnumWords<ShareProfile>> table() {
  return kShareProfiles;
}
template <>
std::span<const EnumWords<ContributionForm>> table() {
  return kContributionForms;
}
template <>
std::span<const EnumWords<ScheduleKind>> table() {
  return kScheduleKinds;
}
template <>
std::span<const EnumWords<DueRule>> table() {
  return kDueRules;
}
template <>
std::span<const EnumWords<MismatchPolicy>> table() {
  return kMismatchPolicies;
}
template <>
std::span<const EnumWords<SharingKind>> table() {
  return kSharingKinds;
}
template <>
std::span<const EnumWords<OverspendRemedy>> table() {
  return kOverspendRemedies;
}
template <>
std::span<const EnumWords<UnderspendTreatment>> table() {
  return kUnderspendTreatments;
}
template <>
std::span<const EnumWords<UnderspendScope>> table() {
  return kUnderspendScopes;
}
template <>
std::span<const EnumWords<ContractKind>> table() {
  return kContractKinds;
}
template <>
std::span<const EnumWords<KpiDirection>> table() {
  return kKpiDirections;
}
template <>
std::span<const EnumWords<PaymentCurve>> table() {
  return kPaymentCurves;
}
template <>
std::span<const EnumWords<PaymentSchedule>> table() {
  return kPaymentSchedules;
}
template <>
std::span<const EnumWords<BodyKind>> table() {
  return kBodyKinds;
}
template <>
std::span<const EnumWords<VotingRule>> table() {
  return kVotingRules;
}
template <>
std::span<const EnumWords<ActionType>> table() {
  return kActionTypes;
}
template <>
std::span<const EnumWords<DisputeLevel>> table() {
  return kDisputeLevels;
}
template <>
std::span<const EnumWords<ConditionKind>> table() {
  return kConditionKinds;
}

template <>
std::span<const EnumWords<MetricUnit>> table() {
  return kMetricUnits;
}

template <typename Enum>
const EnumWords<Enum>& entry(Enum value) {
  for (const auto& row : table<Enum>())
    if (row.value == value) return row;
  assert(false && "every enumerator has a row in its table");
  return table<Enum>().front();
}

template <typename Item>
const Item* find_by_id(const std::vector<Item>& items, std::string_view id) {
  const auto found = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.id == id; });
  return found == items.end() ? nullptr : &*found;
}

}  // namespace

template <typename Enum>
std::optional<Enum> enum_from_word(std::string_view word) {
  for (const auto& row : table<Enum>())
    if (row.word == word) return row.value;
  return std::nullopt;
}

template <typename Enum>
std::string_view enum_word(Enum value) {
  return entry(value).word;
}

template <typename Enum>
std::string_view enum_label(Enum value) {
  return entry(value).label;
}

template <typename Enum>
std::string enum_words_list() {
  std::string out;
  for (const auto& row : table<Enum>()) {
    if (!out.empty()) out += ", ";
    out += row.word;
  }
  return out;
}

#define POOLBOOK_ENUM_WORDS(Enum)                                      \
  template std::optional<Enum> enum_from_word<Enum>(std::string_view); \
  template std::string_view enum_word<Enum>(Enum);                     \
  template std::string_view enum_label<Enum>(Enum);                    \
  template std::string enum_words_list<Enum>();
POOLBOOK_ENUM_WORDS(LegalBasis)
POOLBOOK_ENUM_WORDS(PartnerKind)
POOLBOOK_ENUM_WORDS(ArrangementKind)
POOLBOOK_ENUM_WORDS(SchemeType)
POOLBOOK_ENUM_WORDS(FundingSource)
POOLBOOK_ENUM_WORDS(ShareProfile)
POOLBOOK_ENUM_WORDS(ContributionForm)
POOLBOOK_ENUM_WORDS(ScheduleKind)
POOLBOOK_ENUM_WORDS(DueRule)
POOLBOOK_ENUM_WORDS(MismatchPolicy)
POOLBOOK_ENUM_WORDS(SharingKind)
POOLBOOK_ENUM_WORDS(OverspendRemedy)
POOLBOOK_ENUM_WORDS(UnderspendTreatment)
POOLBOOK_ENUM_WORDS(UnderspendScope)
POOLBOOK_ENUM_WORDS(ContractKind)
POOLBOOK_ENUM_WORDS(KpiDirection)
POOLBOOK_ENUM_WORDS(PaymentCurve)
POOLBOOK_ENUM_WORDS(PaymentSchedule)
POOLBOOK_ENUM_WORDS(BodyKind)
POOLBOOK_ENUM_WORDS(VotingRule)
POOLBOOK_ENUM_WORDS(ActionType)
POOLBOOK_ENUM_WORDS(DisputeLevel)
POOLBOOK_ENUM_WORDS(ConditionKind)
POOLBOOK_ENUM_WORDS(MetricUnit)
#undef POOLBOOK_ENUM_WORDS

bool is_local_authority(PartnerKind kind) {
  switch (kind) {
    case PartnerKind::county_council:
    case PartnerKind::district_council:
    case PartnerKind::unitary_council:
    case PartnerKind::metropolitan_council:
    case PartnerKind::london_borough:
      return true;
    default:
      return false;
  }
}

bool is_nhs_body(PartnerKind kind) {
  return kind == PartnerKind::icb || kind == PartnerKind::nhs_trust || kind == PartnerKind::nhs_foundation_trust;
}

Money Arrangement::reserve_for(FinancialYear year) const {
  Money total;
  for (const Reserve& reserve : reserves)
    if (reserve.year == year) total += reserve.amount;
  return total;
}

bool Arrangement::has_partner(std::string_view partner_id) const {
  return std::find(partners.begin(), partners.end(), partner_id) != partners.end();
}

Ratio Phasing::weight(int month_number) const {
  assert(month_number >= 1 && month_number <= 12);
  return flat ? Ratio(1, 12) : weights[static_cast<std::size_t>(month_number - 1)];
}

Date Agreement::effective_end() const {
  Date last = end;
  for (const Extension& extension : extensions) last = std::max(last, extension.new_end);
  return last;
}

std::vector<FinancialYear> Agreement::years() const {
  std::vector<FinancialYear> out;
  if (!start.ok() || !end.ok()) return out;
  for (FinancialYear year = FinancialYear::containing(start); year <= FinancialYear::containing(effective_end());
       year = year.next())
    out.push_back(year);
  return out;
}

const Partner* Agreement::find_partner(std::string_view wanted_id) const { return find_by_id(partners, wanted_id); }
const Arrangement* Agreement::find_arrangement(std::string_view wanted_id) const {
  return find_by_id(arrangements, wanted_id);
}
const Scheme* Agreement::find_scheme(std::string_view wanted_id) const { return find_by_id(schemes, wanted_id); }

const Person* Agreement::find_person(std::string_view wanted_id) const { return find_by_id(people, wanted_id); }

const Body* Agreement::find_body(std::string_view wanted_id) const { return find_by_id(bodies, wanted_id); }

const Metric* Agreement::find_metric(std::string_view wanted_id) const { return find_by_id(metrics, wanted_id); }

const MetricPlan* Metric::plan_for(const ledger::QuarterPeriod& wanted) const {
  const auto found =
      std::find_if(plan.begin(), plan.end(), [&](const MetricPlan& row) { return row.quarter == wanted; });
  return found == plan.end() ? nullptr : &*found;
}

std::optional<std::int64_t> Metric::population_in(FinancialYear year) const {
  for (const MetricPopulation& row : population)
    if (row.year == year) return row.people;
  return std::nullopt;
}

const BodyMember* Body::member(std::string_view person) const {
  const auto found =
      std::find_if(members.begin(), members.end(), [&](const BodyMember& member) { return member.person == person; });
  return found == members.end() ? nullptr : &*found;
}

bool Body::records_decisions(std::string_view person) const {
  if (std::find(clerks.begin(), clerks.end(), person) != clerks.end()) return true;
  const BodyMember* found = member(person);
  return found != nullptr && found->chair;
}

const Contract* Agreement::find_contract(std::string_view wanted_id) const { return find_by_id(contracts, wanted_id); }

const RiskShareTerms* Agreement::find_risk_share(std::string_view arrangement_id) const {
  const auto found = std::find_if(risk_shares.begin(), risk_shares.end(),
                                  [&](const RiskShareTerms& terms) { return terms.arrangement == arrangement_id; });
  return found == risk_shares.end() ? nullptr : &*found;
}

std::vector<const Contribution*> Agreement::contributions_of(std::string_view partner_id, FinancialYear year) const {
  std::vector<const Contribution*> out;
  for (const Contribution& contribution : contributions)
    if (contribution.partner == partner_id && contribution.year == year) out.push_back(&contribution);
  return out;
}

}  // namespace poolbook::contracts
