// The board pack's sections from the risk share to the self-assessment, laid out.
#include <algorithm>

#include "poolbook/reports/pack/internal/pack_sections.hpp"

namespace poolbook::reports::detail {
namespace {

Cell figure(const std::optional<ledger::Ratio>& value, bool percent) {
  if (!value) return Cell::blank();  // no figure: an empty cell, null in JSON
  return percent ? Cell::of_percent(*value, 2) : Cell::of_number(*value, 1);
}

std::string payback(const std::optional<int>& year) {
  return year ? "year " + std::to_string(*year) : "not within the appraisal";
}

}  // namespace

Section risk_section(const BoardPack& pack) {
  // What the partners would pay in (an overspend's share) and get back (an underspend's), as
  // the risk share works the variance at the quarter's end: the forecast outturn in year, the
  // actual variances at the year's end (M12).
  Money bear;
  Money back;
  for (const PackExposure& line : pack.exposure) (line.amount.is_positive() ? bear : back) += line.amount;
  const std::string basis = pack.year_end ? "the year's settlement" : "the forecast outturn";
  Section out = section("risk-share", "Risk-share exposure by partner", "Risk share",
                        "At " + basis + ", the partners would bear " + bear.to_report() + " and get back " +
                            (-back).to_report() + " under the risk share");
  Table& arrangements = out.tables.emplace_back(table(
      "risk-share-working",
      "The variance at " + basis + " and how the risk share treats it" + (pack.share ? " (the whole pool's)" : ""),
      {{"Arrangement", CellKind::text},
       {"Budget", CellKind::money},
       {"Forecast outturn", CellKind::money},
       {"Variance", CellKind::money},
       {"Partners bear (back)", CellKind::money},
       {"Reserve used", CellKind::money},
       {"Uncommitted used", CellKind::money},
       {"Carried forward", CellKind::money},
       {"To contingency", CellKind::money},
       {"Held for decision", CellKind::money},
       {"Unallocated", CellKind::money}}));
  for (const PackArrangementRisk& risk : pack.risk)
    arrangements.rows.push_back({text(risk.name), money(risk.budget), money(risk.outturn), money(risk.variance),
                                 money(risk.partners), money(risk.reserve_used), money(risk.uncommitted_used),
                                 money(risk.carried_forward), money(risk.to_contingency), money(risk.held_for_decision),
                                 money(risk.unallocated)});
  for (const PackArrangementRisk& risk : pack.risk)
    if (!risk.note.empty()) out.paragraphs.push_back(risk.name + ": " + risk.note + ".");
  Table& exposure = out.tables.emplace_back(
      table("exposure-by-partner", "What each partner would bear (over) or receive back (under) at " + basis,
            {{"Partner", CellKind::text}, {"Arrangement", CellKind::text}, {"Exposure", CellKind::money}}));
  for (const PackExposure& line : pack.exposure)
    exposure.rows.push_back(
        {text(line.partner + " (" + line.arrangement + ")"), text(line.arrangement), money(line.amount)});
  out.charts.push_back(
      Chart{"exposure-chart", "Risk-share exposure by partner", ChartKind::bar, "exposure-by-partner", 0, {2}, "£"});
  Table& steps = out.tables.emplace_back(
      table("risk-share-steps",
            std::string("The risk share's working, step by step") + (pack.share ? " (the whole pool's)" : ""),
            {{"Arrangement", CellKind::text},
             {"Step", CellKind::count},
             {"What", CellKind::text},
             {"Scheme", CellKind::text},
             {"Amount", CellKind::money},
             {"The step in words", CellKind::text}}));
  for (const PackRiskStep& step : pack.risk_steps)
    steps.rows.push_back({text(step.arrangement), Cell::of_count(step.number), text(step.what), text(step.scheme),
                          money(step.amount), text(step.sentence)});
  if (pack.risk_steps.empty()) steps.note = "No step: no arrangement's variance is shared at this forecast.";
  return out;
}

Section contingency_section(const BoardPack& pack) {
  Money reserve;
  Money used;
  for (const PackReserve& line : pack.reserves) {
    reserve += line.reserve;
    used += line.approved_use;
  }
  Section out = section("contingency", "Contingency and underspend", "Contingency",
                        used.to_report() + " approved for use against " + reserve.to_report() + " held in reserve");
  Table& lines = out.tables.emplace_back(
      table("contingency-and-underspend",
            std::string("Contingency reserves and the use of underspends") + (pack.share ? " (the whole pool's)" : ""),
            {{"Arrangement", CellKind::text},
             {"Reserve for the year", CellKind::money},
             {"Approved use", CellKind::money},
             {"Used by the risk share", CellKind::money},
             {"Underspend treatment", CellKind::text}}));
  for (const PackReserve& line : pack.reserves)
    lines.rows.push_back({text(line.arrangement), money(line.reserve), money(line.approved_use),
                          money(line.risk_share_use), text(line.treatment)});
  return out;
}

Section contracts_section(const BoardPack& pack) {
  Money withheld;
  std::size_t pending = 0;
  for (const PackPayment& payment : pack.payments) {
    withheld += payment.withheld;
    if (payment.status != "approved") ++pending;
  }
  Section out = section("contracts", "Contract performance and payments withheld", "Contracts",
                        withheld.to_report() + " withheld on performance to date; " +
                            count_of(pending, "payment", "payments") + " awaiting approval");
  Table& lines = out.tables.emplace_back(table("contract-payments", "Outcome-based contracts: payments due to date",
                                               {{"Contract", CellKind::text},
                                                {"Period", CellKind::text},
                                                {"Status", CellKind::text},
                                                {"Fixed", CellKind::money},
                                                {"At risk", CellKind::money},
                                                {"Earned", CellKind::money},
                                                {"Withheld", CellKind::money}}));
  for (const PackPayment& payment : pack.payments)
    lines.rows.push_back({text(payment.contract), text(payment.period), text(payment.status), money(payment.fixed),
                          money(payment.at_risk), money(payment.earned), money(payment.withheld)});
  return out;
}

Section metrics_section(const BoardPack& pack) {
  const auto on_track = std::count_if(pack.metrics.begin(), pack.metrics.end(), [](const PackMetric& metric) {
    return metric.status.status == MetricState::on_track;
  });
  Section out = section("metrics", "Outcome metrics against plan", "Metrics",
                        std::to_string(on_track) + " of " + std::to_string(pack.metrics.size()) +
                            " metrics on track in " + pack.quarter.to_string());
  out.paragraphs.push_back(
      "On track: the quarter's figure meets its plan in the metric's direction. The trend compares it with the "
      "quarter before.");
  Table& lines = out.tables.emplace_back(table("metrics-against-plan", "Outcome metrics, " + pack.quarter.to_string(),
                                               {{"Metric", CellKind::text},
                                                {"Unit", CellKind::text},
                                                {"Baseline", CellKind::number},
                                                {"Plan", CellKind::number},
                                                {"Actual", CellKind::number},
                                                {"Status", CellKind::text},
                                                {"Trend", CellKind::text}}));
  for (const PackMetric& metric : pack.metrics)
    lines.rows.push_back({text(metric.name + (metric.national ? " (national)" : "")), text(metric.unit),
                          figure(metric.baseline, metric.percent), figure(metric.status.plan, metric.percent),
                          figure(metric.status.actual, metric.percent),
                          text(std::string(metric_state_words(metric.status.status))),
                          text(std::string(metric_trend_word(metric.status.trend)))});
  // Each metric's plan and actual by quarter, charted: one table and chart per metric, as
  // their units differ.
  for (const PackMetric& metric : pack.metrics) {
    const CellKind kind = metric.percent ? CellKind::percent : CellKind::number;
    Table& history = out.tables.emplace_back(table("metric-" + metric.id, metric.name + " (" + metric.unit + ")",
                                                   {{"Quarter", CellKind::text}, {"Plan", kind}, {"Actual", kind}}));
    for (const MetricStatus& quarter : metric.year) {
      const auto cell = [&](const std::optional<ledger::Ratio>& value) {
        return value ? figure(value, metric.percent) : Cell::blank();
      };
      history.rows.push_back({text(quarter.quarter.quarter().to_string()), cell(quarter.plan), cell(quarter.actual)});
    }
    out.charts.push_back(Chart{"metric-chart-" + metric.id,
                               metric.name + ": actual against plan",
                               ChartKind::column,
                               "metric-" + metric.id,
                               0,
                               {1, 2},
                               metric.unit});
  }
  return out;
}

Section roi_section(const std::vector<PackRoi>& appraisals) {
  std::string status = "No value case is given for the fund";
  if (!appraisals.empty())
    status = per_pound(appraisals.front().benefit_cost_ratio) + " (" + appraisals.front().basis + ", " +
             appraisals.front().scope + "); net present value " + appraisals.front().net_present_value.to_report();
  Section out = section("roi", "Return on investment", "ROI", status);
  Table& lines = out.tables.emplace_back(table("roi-summary", "Return on investment, discounted at the Green Book rate",
                                               {{"Scope", CellKind::text},
                                                {"Basis", CellKind::text},
                                                {"Present investment", CellKind::money},
                                                {"Present benefit", CellKind::money},
                                                {"Net present value", CellKind::money},
                                                {"Benefit per £1", CellKind::number},
                                                {"Payback", CellKind::text}}));
  for (const PackRoi& roi : appraisals)
    lines.rows.push_back({text(roi.scope), text(roi.basis), money(roi.present_investment), money(roi.present_benefit),
                          money(roi.net_present_value), Cell::of_number(roi.benefit_cost_ratio, 2),
                          text(payback(roi.payback_year))});
  if (!appraisals.empty()) {
    Table& who = out.tables.emplace_back(
        table("roi-by-beneficiary", "Who benefits (" + appraisals.front().scope + ", " + appraisals.front().basis + ")",
              {{"Beneficiary", CellKind::text},
               {"Present benefit", CellKind::money},
               {"Of which cashable", CellKind::money}}));
    for (const BeneficiaryValue& value : appraisals.front().by_beneficiary)
      who.rows.push_back({text(std::string(beneficiary_word(value.beneficiary))), money(value.present_benefit),
                          money(value.present_cashable)});
    Table& years = out.tables.emplace_back(table(
        "roi-years", "The working year by year (" + appraisals.front().scope + ", " + appraisals.front().basis + ")",
        {{"Year", CellKind::count},
         {"Discount factor", CellKind::number},
         {"Investment", CellKind::money},
         {"Gross benefit", CellKind::money},
         {"Net benefit", CellKind::money},
         {"Present investment", CellKind::money},
         {"Present benefit", CellKind::money}}));
    for (const AppraisalYear& year : appraisals.front().years)
      years.rows.push_back({Cell::of_count(year.year), Cell::of_number(year.discount_factor, 4), money(year.investment),
                            money(year.gross_benefit), money(year.net_benefit), money(year.present_investment),
                            money(year.present_benefit)});
    for (const PackRoi& roi : appraisals)
      if (!roi.realised_working.empty()) out.paragraphs.push_back(roi.realised_working);
    // The tornado's bars run from the central net present value: each input moved down, then up.
    const PackRoi& central = appraisals.front();
    Table& tornado = out.tables.emplace_back(
        table("roi-tornado", "Sensitivity: the change in net present value with each input moved down and up",
              {{"Input", CellKind::text},
               {"NPV change, input down", CellKind::money},
               {"NPV change, input up", CellKind::money},
               {"NPV, input down", CellKind::money},
               {"NPV, input up", CellKind::money},
               {"Swing", CellKind::money}}));
    for (const SensitivityLine& line : central.tornado)
      tornado.rows.push_back({text(line.input), money(line.npv_low - central.net_present_value),
                              money(line.npv_high - central.net_present_value), money(line.npv_low),
                              money(line.npv_high), money(line.swing)});
    if (!appraisals.front().tornado.empty())
      out.charts.push_back(Chart{
          "roi-tornado-chart", "Sensitivity of the NPV (tornado)", ChartKind::tornado, "roi-tornado", 0, {1, 2}, "£"});
  }
  return out;
}

Section governance_section(const BoardPack& pack) {
  const auto outstanding = std::count_if(pack.decisions.begin(), pack.decisions.end(),
                                         [](const PackDecision& d) { return !d.ratifications_outstanding.empty(); });
  Section out = section("governance", "Decisions and delegations", "Decisions",
                        count_of(pack.decisions.size(), "decision", "decisions") + " in the quarter, " +
                            count_of(pack.delegations_used.size(), "delegated action", "delegated actions") +
                            " taken; " + std::to_string(outstanding) + " awaiting ratification");
  Table& decisions = out.tables.emplace_back(table("decisions", "Decisions taken in the quarter",
                                                   {{"Decision", CellKind::text},
                                                    {"Date", CellKind::date},
                                                    {"Body", CellKind::text},
                                                    {"Action", CellKind::text},
                                                    {"Matter", CellKind::text},
                                                    {"Amount", CellKind::money},
                                                    {"Outcome", CellKind::text},
                                                    {"Ratifications outstanding", CellKind::text}}));
  for (const PackDecision& decision : pack.decisions)
    decisions.rows.push_back({text(decision.id), Cell::of_date(decision.date), text(decision.body),
                              text(decision.action), text(decision.matter), money(decision.amount),
                              text(decision.outcome), text(decision.ratifications_outstanding)});
  Table& used = out.tables.emplace_back(table("delegations-used", "Delegated authority used in the quarter",
                                              {{"Person", CellKind::text},
                                               {"Action", CellKind::text},
                                               {"Amount", CellKind::money},
                                               {"Under decision", CellKind::text},
                                               {"What", CellKind::text}}));
  for (const PackDelegationUse& use : pack.delegations_used)
    used.rows.push_back({text(use.actor), text(use.action), money(use.amount), text(use.decision), text(use.what)});
  return out;
}

Section disputes_section(const BoardPack& pack) {
  const auto open =
      std::count_if(pack.disputes.begin(), pack.disputes.end(), [](const PackDispute& d) { return !d.closed; });
  const auto overdue =
      std::count_if(pack.disputes.begin(), pack.disputes.end(), [](const PackDispute& d) { return d.overdue; });
  Section out = section("disputes", "Disputes", "Disputes",
                        std::to_string(open) + " open, " + std::to_string(overdue) + " overdue at their rung");
  Table& lines = out.tables.emplace_back(table("disputes", "Disputes between partners",
                                               {{"Dispute", CellKind::text},
                                                {"Opened", CellKind::date},
                                                {"Parties", CellKind::text},
                                                {"Matter", CellKind::text},
                                                {"Amount", CellKind::money},
                                                {"Rung", CellKind::text},
                                                {"Due by", CellKind::date},
                                                {"State", CellKind::text}}));
  for (const PackDispute& dispute : pack.disputes)
    lines.rows.push_back({text(dispute.id), Cell::of_date(dispute.opened), text(dispute.parties), text(dispute.matter),
                          dispute.amount ? money(*dispute.amount) : Cell::blank(), text(dispute.rung),
                          Cell::of_date(dispute.due_on),
                          text(dispute.closed ? "closed" : (dispute.overdue ? "overdue" : "open"))});
  return out;
}

Section data_quality_section(const BoardPack& pack) {
  const PackDataQuality& quality = pack.data_quality;
  Section out =
      section("data-quality", "Data quality", "Data quality",
              count_of(quality.rows_quarantined_open, "row", "rows") + " in quarantine, " +
                  count_of(quality.metric_rows_refused, "metrics row", "metrics rows") + " refused; " +
                  (quality.months_not_closed.empty()
                       ? std::string("every month of the quarter closed")
                       : count_of(quality.months_not_closed.size(), "month", "months") + " of the quarter not closed"));
  Table& counts = out.tables.emplace_back(
      table("data-quality", "Imports and quarantine", {{"Measure", CellKind::text}, {"Count", CellKind::count}}));
  counts.rows = {
      {text("Rows in quarantine"), Cell::of_count(static_cast<std::int64_t>(quality.rows_quarantined_open))},
      {text("Quarantined rows resolved"), Cell::of_count(static_cast<std::int64_t>(quality.rows_quarantined_resolved))},
      {text("Metrics rows refused (every file so far)"),
       Cell::of_count(static_cast<std::int64_t>(quality.metric_rows_refused))},
      {text("Months of the quarter not closed"),
       Cell::of_count(static_cast<std::int64_t>(quality.months_not_closed.size()))}};
  if (!quality.open_rows.empty()) {
    Table& rows = out.tables.emplace_back(
        table("quarantine", "Rows in quarantine (the first 20)", {{"Row and reason", CellKind::text}}));
    for (const std::string& row : quality.open_rows) rows.rows.push_back({text(row)});
  }
  return out;
}

Section coming_section(const BoardPack& pack) {
  Section out = section("coming", "What is coming", "Coming",
                        pack.coming.empty() ? "Nothing scheduled"
                                            : "Next: " + pack.coming.front().what + " on " + pack.coming.front().date);
  Table& lines =
      out.tables.emplace_back(table("coming", "Dates ahead", {{"Date", CellKind::date}, {"What", CellKind::text}}));
  for (const PackComing& item : pack.coming) lines.rows.push_back({Cell::of_date(item.date), text(item.what)});
  return out;
}

// What was checked before the pack was made, in a phrase.
std::string integrity_status(const PackIntegrity& integrity) {
  if (!integrity.chain_verified) return "the books do NOT verify";
  if (integrity.entries_rehashed) return "the audit chain verifies";
  return "the books' records and balances are as poolbook sealed them";
}

Section integrity_section(const BoardPack& pack) {
  const PackIntegrity& integrity = pack.integrity;
  const bool ties = integrity.spend_ties && integrity.receipts_tie;
  Section out = section("integrity", "Integrity statement", "Integrity",
                        std::string(ties ? "Every total ties to the books" : "A total does not tie to the books") +
                            "; " + integrity_status(integrity));
  const std::string month = pack.month.empty() ? pack.quarter.last_period().to_string() : pack.month;
  if (!integrity.close_record.empty())
    out.paragraphs.push_back(
        "The figures are read from the maintained balances of the books' journal. The audit chain's record of the "
        "close of " +
        month + " is " + integrity.close_record +
        " (the head of the books the close printed): its hash commits to the journal and everything else the books "
        "held when the month closed, and poolbook verify --expect-head checks that the books still hold it. The "
        "metrics, decisions and disputes are those the books held when the pack was made, at the chain's head " +
        integrity.chain_head + ".");
  else
    out.paragraphs.push_back("The figures are read from the maintained balances of the books' journal. " + month +
                             " is not closed; the audit chain's head when the pack was made: " + integrity.chain_head +
                             ".");
  if (integrity.chain_verified)
    out.paragraphs.push_back(
        integrity.entries_rehashed
            ? "Checked for this pack: every entry of the journal re-hashed, every maintained balance re-added from "
              "its postings and every record of the books' record chain recomputed (poolbook verify)."
            : "Checked for this pack: every record of the books' record chain (each change poolbook made to them) "
              "recomputed, and the maintained balances the figures are read from found to be the ones poolbook last "
              "sealed with the journal, as every write to the books also checks. Not checked for this pack: each "
              "entry of the journal, one by one; poolbook verify does that.");
  if (!integrity.statement_digest.empty())
    out.paragraphs.push_back("The statement recorded at the close of " + month + " has SHA-256 " +
                             integrity.statement_digest + ".");
  const Money pool_received = pack.share ? pack.share->pool_received_to_date : pack.received_to_date;
  if (pool_received != integrity.statement_received)
    out.paragraphs.push_back("The receipts in the proof are cash; the contributions received to date (" +
                             pool_received.to_report() + ") also count " +
                             (pool_received - integrity.statement_received).to_report() +
                             " of contributions in kind, recognised as they fall due and never received as cash.");
  if (pack.share)
    out.paragraphs.push_back("The balance proof is the pool's: the " + pack.board +
                             "'s spend and contributions are its shares of the pool's, and the " +
                             std::to_string(pack.share->boards.size()) +
                             " boards' shares of each add up to the pool's figure to the penny.");
  Table& proof = out.tables.emplace_back(table("balance-proof", "The balance proof at the quarter's end",
                                               {{"Total", CellKind::text},
                                                {"As the pack counts it", CellKind::money},
                                                {"As the journal holds it", CellKind::money},
                                                {"Ties", CellKind::text}}));
  proof.rows = {{text("Spend"), money(integrity.statement_spend), money(integrity.journal_spend),
                 text(integrity.spend_ties ? "yes" : "no")},
                {text("Receipts"), money(integrity.statement_received), money(integrity.journal_received),
                 text(integrity.receipts_tie ? "yes" : "no")}};
  return out;
}

Section self_assessment_section(const BoardPack& pack) {
  std::size_t green = 0;
  std::size_t assessed = 0;
  for (const PackAssessment& action : pack.self_assessment) {
    if (action.rating == "green") ++green;
    if (action.rating != "not assessed") ++assessed;
  }
  Section out = section("self-assessment", "Self-assessment against the 15 best-practice actions", "Self-assessment",
                        std::to_string(assessed) + " of 15 actions assessed, " + std::to_string(green) + " green");
  Table& lines = out.tables.emplace_back(table(
      "self-assessment", "The 15 best-practice actions for integration (LGA and SCIE)",
      {{"Action", CellKind::count}, {"Title", CellKind::text}, {"Rating", CellKind::text}, {"Note", CellKind::text}}));
  for (const PackAssessment& action : pack.self_assessment)
    lines.rows.push_back({Cell::of_count(action.action), text(action.title), text(action.rating), text(action.note)});
  return out;
}

}  // namespace poolbook::reports::detail
