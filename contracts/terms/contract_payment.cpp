#include "poolbook/contracts/terms/contract_payment.hpp"

#include <algorithm>
#include <set>

#include "poolbook/ledger/money/allocation.hpp"

namespace poolbook::contracts {
namespace {

using ledger::format_decimal;
using ledger::format_percent;

Error contract_error(std::string rule, std::string message) { return make_error(std::move(rule), std::move(message)); }

// Whether a result reaches a level, in the KPI's direction.
bool reaches(const Kpi& kpi, const Ratio& result, const Ratio& level) {
  return kpi.direction == KpiDirection::higher ? result >= level : result <= level;
}

std::string curve_words(const Kpi& kpi) {
  std::string words = std::string(enum_label(kpi.direction));
  switch (kpi.curve) {
    case PaymentCurve::all_or_nothing:
      return words + "; all or nothing at target " + format_decimal(kpi.target, 4);
    case PaymentCurve::linear:
      return words + "; threshold " + format_decimal(kpi.threshold, 4) + ", target " + format_decimal(kpi.target, 4) +
             ", linear";
    case PaymentCurve::banded: {
      words += "; bands";
      for (const KpiBand& band : kpi.bands)
        words += " " + format_decimal(band.reaches, 4) + " pays " + format_percent(band.pays);
      return words;
    }
  }
  return words;
}

// Splits an amount between KPIs by weight and finds what each result earns.
Result<std::vector<KpiEarning>> earn(const std::vector<Kpi>& kpis, Money amount, const KpiResults& results) {
  std::vector<Ratio> weights;
  for (const Kpi& kpi : kpis) weights.push_back(kpi.weight);
  auto available = ledger::allocate(amount, weights);
  if (!available)
    return contract_error("contract.kpi", "the KPIs' weights cannot split the amount: " + available.error().message);
  std::vector<KpiEarning> out;
  for (std::size_t i = 0; i < kpis.size(); ++i) {
    const Kpi& kpi = kpis[i];
    const auto result = results.find(kpi.id);
    if (result == results.end())
      return contract_error("contract.kpi", "there is no result for KPI " + kpi.id + " (" + kpi.name + ")");
    KpiEarning earning{kpi.id, result->second, (*available)[i], kpi_earned_share(kpi, result->second), Money{}, ""};
    earning.earned = ledger::multiply(earning.available, earning.earned_share);
    earning.sentence = kpi.id + " " + kpi.name + " (weight " + format_percent(kpi.weight) + ", " + curve_words(kpi) +
                       "): result " + format_decimal(earning.result, 4) + " earns " +
                       format_percent(earning.earned_share) + " of " + earning.available.to_report() + " = " +
                       earning.earned.to_report();
    out.push_back(std::move(earning));
  }
  return out;
}

std::vector<PartnerAmount> by_member(const Contract& contract, const std::vector<Money>& amounts) {
  std::vector<PartnerAmount> out;
  for (std::size_t i = 0; i < contract.members.size(); ++i)
    out.push_back(PartnerAmount{contract.members[i].id, amounts[i]});
  return out;
}

// "30% county / 30% icb = £180,000.00 / £180,000.00", over the members with a weight.
std::string member_words(const Contract& contract, const std::vector<Ratio>& weights,
                         const std::vector<Money>& amounts) {
  Ratio total = 0;
  for (const Ratio& weight : weights) total += weight;
  std::string names;
  std::string figures;
  for (std::size_t i = 0; i < contract.members.size(); ++i) {
    if (weights[i] == 0 || total == 0) continue;
    names += (names.empty() ? "" : " / ") + format_percent(weights[i] / total) + " " + contract.members[i].id;
    figures += (figures.empty() ? "" : " / ") + amounts[i].abs().to_report();
  }
  return names + " = " + figures;
}

}  // namespace

int periods_per_year(PaymentSchedule schedule) {
  switch (schedule) {
    case PaymentSchedule::monthly:
      return 12;
    case PaymentSchedule::quarterly:
      return 4;
    case PaymentSchedule::annual:
      return 1;
  }
  return 1;
}

Result<PaymentPeriod> payment_period(const Contract& contract, std::string_view text) {
  PaymentPeriod period;
  period.per_year = periods_per_year(contract.schedule);
  const std::string example = contract.schedule == PaymentSchedule::monthly     ? "2025/26 M06"
                              : contract.schedule == PaymentSchedule::quarterly ? "2025/26 Q2"
                                                                                : "2025/26";
  const auto refuse = [&] {
    return contract_error("contract.period", "contract " + contract.id + " pays " +
                                                 std::string(enum_word(contract.schedule)) + ": give a period like " +
                                                 example + ", not '" + std::string(text) + "'");
  };
  switch (contract.schedule) {
    case PaymentSchedule::annual: {
      auto year = FinancialYear::parse(text);
      if (!year) return refuse();
      period.year = *year;
      period.label = year->to_string();
      break;
    }
    case PaymentSchedule::quarterly: {
      auto quarter = ledger::QuarterPeriod::parse(text);
      if (!quarter) return refuse();
      period.year = quarter->year();
      period.index = quarter->quarter().number();
      period.label = quarter->to_string();
      break;
    }
    case PaymentSchedule::monthly: {
      auto month = Period::parse(text);
      if (!month) return refuse();
      period.year = month->year();
      period.index = month->month().number();
      period.label = month->to_string();
      break;
    }
  }
  return period;
}

Ratio kpi_earned_share(const Kpi& kpi, const Ratio& result) {
  Ratio share = 0;
  switch (kpi.curve) {
    case PaymentCurve::all_or_nothing:
      share = reaches(kpi, result, kpi.target) ? 1 : 0;
      break;
    case PaymentCurve::linear:
      if (kpi.target == kpi.threshold) {
        share = reaches(kpi, result, kpi.target) ? 1 : 0;
      } else {
        // (result - threshold) / (target - threshold) runs from 0 at the threshold to 1 at the
        // target in either direction; beyond the target it goes on rising, for a cap over 100%.
        share = (result - kpi.threshold) / (kpi.target - kpi.threshold);
        if (share < 0) share = 0;
        if (share > 1 && kpi.cap <= 1) share = 1;
      }
      break;
    case PaymentCurve::banded:
      for (const KpiBand& band : kpi.bands)
        if (reaches(kpi, result, band.reaches) && band.pays > share) share = band.pays;
      break;
  }
  return std::clamp(share, kpi.collar, kpi.cap);
}

Result<OutcomePayment> outcome_payment(const Contract& contract, const PaymentPeriod& period,
                                       const KpiResults& results) {
  if (contract.kind != ContractKind::outcome_based)
    return contract_error("contract.kind", "contract " + contract.id + " is " + std::string(enum_label(contract.kind)) +
                                               ", not outcome-based");
  const auto value = contract.value.find(period.year);
  if (value == contract.value.end())
    return contract_error("contract.year", "contract " + contract.id + " has no value for " + period.year.to_string());
  for (const auto& [id, result] : results)
    if (std::none_of(contract.kpis.begin(), contract.kpis.end(), [&](const Kpi& kpi) { return kpi.id == id; }))
      return contract_error("contract.kpi", "contract " + contract.id + " has no KPI '" + id + "'");
  OutcomePayment paid;
  paid.contract = contract.id;
  paid.period = period.label;
  const Money at_risk_year = ledger::multiply(value->second, contract.at_risk);
  const Money fixed_year = value->second - at_risk_year;
  auto fixed_parts = ledger::allocate_evenly(fixed_year, static_cast<std::size_t>(period.per_year));
  auto risk_parts = ledger::allocate_evenly(at_risk_year, static_cast<std::size_t>(period.per_year));
  if (!fixed_parts || !risk_parts) return contract_error("contract.value", "the value cannot be split by period");
  paid.fixed = (*fixed_parts)[static_cast<std::size_t>(period.index - 1)];
  paid.at_risk = (*risk_parts)[static_cast<std::size_t>(period.index - 1)];
  paid.working.push_back("Contract value " + period.year.to_string() + " " + value->second.to_report() + ": " +
                         format_percent(contract.at_risk) + " at risk on outcomes = " + at_risk_year.to_report() +
                         " a year, fixed " + fixed_year.to_report() + "; paid " +
                         std::string(enum_word(contract.schedule)) + ", so " + period.label + " has fixed " +
                         paid.fixed.to_report() + " and " + paid.at_risk.to_report() + " at risk");
  auto earned = earn(contract.kpis, paid.at_risk, results);
  if (!earned) return earned.error();
  paid.kpis = std::move(earned).value();
  for (const KpiEarning& kpi : paid.kpis) {
    paid.earned += kpi.earned;
    paid.working.push_back(kpi.sentence);
  }
  paid.withheld = paid.at_risk - paid.earned;
  paid.working.push_back("Earned " + paid.earned.to_report() + " of " + paid.at_risk.to_report() + " at risk; " +
                         (paid.withheld.is_negative() ? "a bonus of " + paid.withheld.abs().to_report()
                                                      : "withheld " + paid.withheld.to_report()) +
                         "; the provider is paid " + (paid.fixed + paid.earned).to_report() + " for " + period.label);
  return paid;
}

Result<CapitatedSettlement> capitated_settlement(const Contract& contract, const PaymentPeriod& period,
                                                 Money actual_cost) {
  if (contract.kind != ContractKind::capitated)
    return contract_error("contract.kind", "contract " + contract.id + " is " + std::string(enum_label(contract.kind)) +
                                               ", not capitated");
  const FinancialYear year = period.year;
  const auto rate = contract.rate_per_head.find(year);
  const auto population = contract.population.find(year);
  if (rate == contract.rate_per_head.end() || population == contract.population.end())
    return contract_error("contract.year",
                          "contract " + contract.id + " has no rate per head and population for " + year.to_string());
  if (actual_cost.is_negative())
    return contract_error("contract.cost", "the actual cost of a period cannot be negative");
  CapitatedSettlement settled;
  const Money annual = rate->second * population->second;
  auto parts = ledger::allocate_evenly(annual, static_cast<std::size_t>(period.per_year));
  if (!parts) return contract_error("contract.value", "the budget cannot be split by period");
  settled.budget = (*parts)[static_cast<std::size_t>(period.index - 1)];
  settled.actual = actual_cost;
  settled.variance = actual_cost - settled.budget;
  settled.working.push_back(
      "Capitated budget " + year.to_string() + ": " + rate->second.to_report() + " a head x " +
      ledger::group_thousands(population->second) + " people = " + annual.to_report() +
      (period.per_year > 1 ? "; for " + period.label + " " + settled.budget.to_report() : std::string{}));
  const bool over = !settled.variance.is_negative();
  const Money size = settled.variance.abs();
  settled.working.push_back(
      "Actual cost " + actual_cost.to_report() + ": " + (over ? "overspend " : "underspend ") + size.to_report() +
      (settled.budget.is_zero() ? std::string{}
                                : " (" + format_percent(ledger::ratio_of(size, settled.budget)) + " of the budget)"));
  // Band by band: each corridor's part of the variance, its edges rounded to the penny.
  Money below;  // the edge of the corridor before
  Money provider;
  for (std::size_t i = 0; i < contract.corridors.size() && below < size; ++i) {
    const Corridor& corridor = contract.corridors[i];
    const Money edge = corridor.upto ? ledger::multiply(settled.budget, *corridor.upto) : size;
    const Money in_band = std::min(size, std::max(edge, below)) - below;
    const Money share = ledger::multiply(in_band, corridor.provider_share);
    provider += share;
    settled.working.push_back(
        "corridor " + std::to_string(i + 1) + " (" +
        (corridor.upto ? (i == 0 ? "up to " : "to ") + format_percent(*corridor.upto) + " = " + edge.to_report()
                       : "beyond " + below.to_report()) +
        "): " + in_band.to_report() + ", provider " + format_percent(corridor.provider_share) + " = " +
        share.to_report());
    below = std::max(edge, below);
  }
  if (below < size)
    settled.working.push_back((size - below).to_report() + " beyond the last corridor falls to the commissioner");
  settled.provider = over ? provider : -provider;
  settled.commissioner = settled.variance - settled.provider;
  settled.working.push_back(std::string("The provider ") + (over ? "bears " : "keeps ") + provider.to_report() +
                            "; the commissioner " + (over ? "bears " : "keeps ") +
                            settled.commissioner.abs().to_report());
  return settled;
}

Result<AllianceShare> alliance_share(const Contract& contract, FinancialYear year, Money alliance_variance,
                                     const KpiResults& results) {
  if (contract.kind != ContractKind::alliance)
    return contract_error("contract.kind", "contract " + contract.id + " is " + std::string(enum_label(contract.kind)) +
                                               ", not an alliance");
  for (const auto& [id, result] : results)
    if (std::none_of(contract.kpis.begin(), contract.kpis.end(), [&](const Kpi& kpi) { return kpi.id == id; }))
      return contract_error("contract.kpi", "contract " + contract.id + " has no KPI '" + id + "'");
  AllianceShare shared;
  shared.variance = alliance_variance;
  std::vector<Ratio> shares;
  for (const AllianceMember& member : contract.members) shares.push_back(member.share);
  auto parts = ledger::allocate(alliance_variance, shares);
  if (!parts)
    return contract_error("contract.member", "the members' shares cannot split the variance: " + parts.error().message);
  std::vector<Money> amounts = std::move(parts).value();
  const bool pain = !alliance_variance.is_negative();
  shared.working.push_back("Alliance " + std::string(pain ? "overspend (pain) " : "underspend (gain) ") +
                           alliance_variance.abs().to_report() + " shared " + member_words(contract, shares, amounts));
  if (pain) {
    std::set<std::size_t> capped;
    for (std::size_t round = 0; round <= contract.members.size(); ++round) {
      Money excess;
      for (std::size_t i = 0; i < contract.members.size(); ++i) {
        const auto& cap = contract.members[i].pain_cap;
        if (!cap || amounts[i] <= *cap) continue;
        excess += amounts[i] - *cap;
        shared.working.push_back("cap: " + contract.members[i].id + " bears at most " + cap->to_report() +
                                 " of pain; " + (amounts[i] - *cap).to_report() + " passes on");
        amounts[i] = *cap;
        capped.insert(i);
      }
      if (excess.is_zero()) break;
      std::vector<Ratio> open;
      for (std::size_t i = 0; i < contract.members.size(); ++i)
        open.push_back(capped.contains(i) ? Ratio(0) : shares[i]);
      auto spread = ledger::allocate(excess, open);
      if (!spread) {  // every member at its cap
        shared.unallocated += excess;
        shared.working.push_back(excess.to_report() +
                                 " is beyond every member's cap on pain: it stays with the commissioners");
        break;
      }
      for (std::size_t i = 0; i < amounts.size(); ++i) amounts[i] += (*spread)[i];
      shared.working.push_back(excess.to_report() +
                               " shared by the members not at their cap: " + member_words(contract, open, *spread));
    }
  }
  shared.members = by_member(contract, amounts);
  if (const auto pot = contract.outcome_pot.find(year); pot != contract.outcome_pot.end() && !contract.kpis.empty()) {
    shared.pot = pot->second;
    auto earned = earn(contract.kpis, pot->second, results);
    if (!earned) return earned.error();
    shared.kpis = std::move(earned).value();
    shared.working.push_back("Outcome pot " + year.to_string() + " " + pot->second.to_report() +
                             ", earned on the "
                             "alliance's KPIs:");
    for (const KpiEarning& kpi : shared.kpis) {
      shared.pot_earned += kpi.earned;
      shared.working.push_back(kpi.sentence);
    }
    auto pot_parts = ledger::allocate(shared.pot_earned, shares);
    if (!pot_parts) return contract_error("contract.member", pot_parts.error().message);
    shared.pot_shares = by_member(contract, *pot_parts);
    shared.working.push_back("Earned " + shared.pot_earned.to_report() + " of the pot, shared " +
                             member_words(contract, shares, *pot_parts));
  }
  return shared;
}

Result<ActivityPayment> activity_payment(const Contract& contract, std::int64_t volume) {
  if (contract.kind != ContractKind::activity)
    return contract_error("contract.kind", "contract " + contract.id + " is " + std::string(enum_label(contract.kind)) +
                                               ", not activity-based");
  if (volume < 0) return contract_error("contract.volume", "a volume cannot be negative");
  ActivityPayment paid;
  paid.volume = volume;
  const std::int64_t within = std::min(volume, contract.volume_threshold);
  const std::int64_t above = volume - within;
  paid.within_threshold = contract.unit_price * within;
  paid.above_threshold = contract.marginal_price * above;
  paid.total = paid.within_threshold + paid.above_threshold;
  paid.sentence = ledger::group_thousands(within) + " units at " + contract.unit_price.to_report() + " = " +
                  paid.within_threshold.to_report() +
                  (above > 0 ? "; " + ledger::group_thousands(above) + " above the threshold of " +
                                   ledger::group_thousands(contract.volume_threshold) + " at " +
                                   contract.marginal_price.to_report() + " = " + paid.above_threshold.to_report()
                             : std::string{}) +
                  "; total " + paid.total.to_report();
  return paid;
}

}  // namespace poolbook::contracts
