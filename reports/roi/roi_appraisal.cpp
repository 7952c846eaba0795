#include "poolbook/reports/roi/roi_appraisal.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace poolbook::reports {
namespace {

constexpr int kLastYear = 200;

// Exact pence, rounded half up to a whole penny as reported.
Money to_money(const Ratio& pence) { return ledger::multiply(Money::from_pence(1), pence); }

Ratio pence_of(Money amount) { return Ratio(amount.pence()); }

bool is_share(const Ratio& value) { return value >= 0 && value <= 1; }

Status checked(const AppraisalInputs& inputs) {
  const auto refuse = [](const std::string& why) { return make_error("roi.input", why); };
  if (inputs.investment.empty()) return refuse("the appraisal has no investment: give at least year 0's");
  for (std::size_t year = 0; year < inputs.investment.size(); ++year)
    if (inputs.investment[year].is_negative())
      return refuse("the investment in year " + std::to_string(year) + " is negative");
  const Adjustments& a = inputs.adjustments;
  for (const auto& [name, value] :
       std::array<std::pair<const char*, const Ratio*>, 4>{{{"deadweight", &a.deadweight},
                                                            {"attribution", &a.attribution},
                                                            {"displacement", &a.displacement},
                                                            {"optimism bias", &a.optimism_bias}}})
    if (!is_share(*value)) return refuse(std::string(name) + " is a share, from 0 to 1 (0% to 100%)");
  if (inputs.discount_rate < 0 || inputs.long_discount_rate < 0) return refuse("a discount rate is negative");
  if (inputs.long_rate_from < 1) return refuse("the long discount rate starts in year 1 or later");
  if (inputs.investment.size() > static_cast<std::size_t>(kLastYear))
    return refuse("the appraisal runs beyond year " + std::to_string(kLastYear));
  for (const BenefitStream& benefit : inputs.benefits) {
    if (benefit.unit_cost.is_negative()) return refuse(benefit.name + ": the unit cost is negative");
    if (benefit.first_year < 0 || benefit.years < 0 || benefit.persistence < 0)
      return refuse(benefit.name + ": its first year, years and persistence are not negative");
    if (!is_share(benefit.decay)) return refuse(benefit.name + ": its decay is a share, from 0 to 1");
    if (benefit.first_year + benefit.years + benefit.persistence > kLastYear)
      return refuse(benefit.name + ": it runs beyond year " + std::to_string(kLastYear));
  }
  return ok_status();
}

// 1 / (1 + rate)^year, with the long rate from its year on.
Ratio discount_factor(const AppraisalInputs& inputs, int year) {
  Ratio factor(1);
  for (int step = 1; step <= year; ++step)
    factor /= 1 + (step >= inputs.long_rate_from ? inputs.long_discount_rate : inputs.discount_rate);
  return factor;
}

// What is left of a gross saving after the adjustments.
Ratio adjusted(const Adjustments& a) {
  return (1 - a.deadweight) * a.attribution * (1 - a.displacement) * (1 - a.optimism_bias);
}

// A benefit's share of its full effect in a year: 1 in its years of effect, (1 - decay)^k in
// the k-th year of persistence, 0 otherwise.
Ratio effect_in(const BenefitStream& benefit, int year) {
  const int from = benefit.first_year;
  const int full_to = from + benefit.years;  // exclusive
  if (year < from || year >= full_to + benefit.persistence) return Ratio(0);
  if (year < full_to) return Ratio(1);
  Ratio left(1);
  for (int k = 0; k <= year - full_to; ++k) left *= 1 - benefit.decay;
  return left;
}

}  // namespace

std::string_view beneficiary_word(Beneficiary beneficiary) {
  switch (beneficiary) {
    case Beneficiary::acute_nhs:
      return "acute-nhs";
    case Beneficiary::community_nhs:
      return "community-nhs";
    case Beneficiary::social_care:
      return "social-care";
    case Beneficiary::other:
      return "other";
  }
  return "other";
}

Result<Appraisal> appraise(const AppraisalInputs& inputs) {
  if (auto valid = checked(inputs); !valid) return valid.error();
  int last = static_cast<int>(inputs.investment.size()) - 1;
  for (const BenefitStream& benefit : inputs.benefits)
    last = std::max(last, benefit.first_year + benefit.years + benefit.persistence - 1);
  const Ratio keep = adjusted(inputs.adjustments);
  Appraisal out;
  Ratio gross_total;
  Ratio net_total;
  Ratio present_investment;
  Ratio present_benefit;
  std::map<Beneficiary, std::pair<Ratio, Ratio>> by_beneficiary;  // present benefit, present cashable
  for (int year = 0; year <= last; ++year) {
    const Ratio factor = discount_factor(inputs, year);
    const Ratio invested = year < static_cast<int>(inputs.investment.size())
                               ? pence_of(inputs.investment[static_cast<std::size_t>(year)])
                               : Ratio(0);
    Ratio gross;
    Ratio net;
    for (const BenefitStream& benefit : inputs.benefits) {
      const Ratio saved = benefit.activity * pence_of(benefit.unit_cost) * effect_in(benefit, year);
      gross += saved;
      net += saved * keep;
      auto& value = by_beneficiary[benefit.beneficiary];
      value.first += saved * keep * factor;
      if (benefit.cashable) value.second += saved * keep * factor;
    }
    gross_total += gross;
    net_total += net;
    present_investment += invested * factor;
    present_benefit += net * factor;
    if (!out.payback_year && present_investment > 0 && present_benefit >= present_investment) out.payback_year = year;
    out.years.push_back({year, factor, to_money(invested), to_money(gross), to_money(net), to_money(invested * factor),
                         to_money(net * factor)});
  }
  out.gross_benefit = to_money(gross_total);
  out.net_benefit = to_money(net_total);
  out.present_investment = to_money(present_investment);
  out.present_benefit = to_money(present_benefit);
  out.net_present_value = to_money(present_benefit - present_investment);
  if (present_investment > 0) {
    out.benefit_cost_ratio = present_benefit / present_investment;
    out.return_on_investment = (present_benefit - present_investment) / present_investment;
  }
  for (const auto& [beneficiary, value] : by_beneficiary)
    out.by_beneficiary.push_back({beneficiary, to_money(value.first), to_money(value.second)});
  return out;
}

std::string per_pound(const Ratio& benefit_cost_ratio) {
  // A negative ratio (benefits below nothing: the outcome got worse) is written as money is,
  // in brackets: "(£0.04) per £1".
  const ledger::BigInt pence = ledger::round_to_integer(benefit_cost_ratio * 100);
  const ledger::BigInt whole = pence < 0 ? ledger::BigInt(-pence) : pence;
  const ledger::BigInt pounds = whole / 100;
  const ledger::BigInt left = whole % 100;
  const std::string amount = "£" + pounds.str() + "." + (left < 10 ? "0" : "") + left.str();
  return (pence < 0 ? "(" + amount + ")" : amount) + " per £1";
}

Result<std::vector<SensitivityLine>> sensitivity(const AppraisalInputs& inputs, const Ratio& range) {
  if (range < 0 || range > 1) return make_error("roi.input", "the sensitivity range is a share, from 0 to 1");
  if (auto base = appraise(inputs); !base) return base.error();
  std::vector<SensitivityLine> out;
  // Moves one input by a factor, a share kept within 0 to 1.
  const auto share = [](Ratio& value, const Ratio& by) { value = std::clamp(Ratio(value * by), Ratio(0), Ratio(1)); };
  const auto vary = [&](const std::string& name, const std::function<void(AppraisalInputs&, const Ratio&)>& move) {
    AppraisalInputs low = inputs;
    AppraisalInputs high = inputs;
    move(low, 1 - range);
    move(high, 1 + range);
    auto npv_low = appraise(low);
    auto npv_high = appraise(high);
    if (!npv_low || !npv_high) return;
    const Money a = npv_low->net_present_value;
    const Money b = npv_high->net_present_value;
    out.push_back({name, a, b, a < b ? b - a : a - b});
  };
  vary("investment", [](AppraisalInputs& in, const Ratio& by) {
    for (Money& amount : in.investment) amount = ledger::multiply(amount, by);
  });
  vary("deadweight", [&](AppraisalInputs& in, const Ratio& by) { share(in.adjustments.deadweight, by); });
  vary("attribution", [&](AppraisalInputs& in, const Ratio& by) { share(in.adjustments.attribution, by); });
  vary("displacement", [&](AppraisalInputs& in, const Ratio& by) { share(in.adjustments.displacement, by); });
  vary("optimism bias", [&](AppraisalInputs& in, const Ratio& by) { share(in.adjustments.optimism_bias, by); });
  vary("discount rate", [](AppraisalInputs& in, const Ratio& by) {
    in.discount_rate *= by;
    in.long_discount_rate *= by;
  });
  for (std::size_t i = 0; i < inputs.benefits.size(); ++i) {
    const std::string& name = inputs.benefits[i].name;
    vary("activity: " + name, [i](AppraisalInputs& in, const Ratio& by) { in.benefits[i].activity *= by; });
    vary("unit cost: " + name, [i](AppraisalInputs& in, const Ratio& by) {
      in.benefits[i].unit_cost = ledger::multiply(in.benefits[i].unit_cost, by);
    });
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SensitivityLine& a, const SensitivityLine& b) { return b.swing < a.swing; });
  return out;
}

}  // namespace poolbook::reports
