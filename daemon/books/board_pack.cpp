#include "poolbook/daemon/books/board_pack.hpp"

#include <algorithm>
#include <set>

#include "poolbook/contracts/governance/dispute.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/disputes.hpp"
#include "poolbook/daemon/books/metrics.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/daemon/books/roi_report.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"
#include "poolbook/reports/pack/board_share.hpp"
#include "poolbook/reports/pack/self_assessment.hpp"

namespace poolbook::books {
namespace {

using ledger::to_iso;
using reports::BoardPack;

constexpr std::size_t kQuarantineShown = 20;

std::string partner_name(const contracts::Agreement& agreement, const std::string& id) {
  const contracts::Partner* partner = agreement.find_partner(id);
  return partner != nullptr ? partner->name : id;
}

std::string arrangement_name(const contracts::Agreement& agreement, const std::string& id) {
  const contracts::Arrangement* arrangement = agreement.find_arrangement(id);
  return arrangement != nullptr ? arrangement->name : id;
}

void add_statement(BoardPack& pack, const contracts::Agreement& agreement, const MonthStatement& statement) {
  for (const auto& exception : statement.exceptions) pack.exceptions.push_back(exception.message);
  for (const ConditionStatus& condition : statement.conditions)
    pack.conditions.push_back({condition.condition.id, condition.condition.arrangement, condition.schemes,
                               std::string(contracts::enum_label(condition.condition.kind)),
                               condition.condition.minimum, condition.budget, condition.outturn, condition.met});
  for (const contracts::ContributionPosition& position : statement.owed.positions) {
    reports::PackIncome line{partner_name(agreement, position.partner),
                             position.arrangement,
                             position.form == contracts::ContributionForm::cash ? "cash" : "in kind",
                             position.agreed,
                             position.due_to_date,
                             position.received_to_date,
                             position.outstanding,
                             static_cast<int>(position.overdue.size()),
                             0,
                             {}};
    line.partner_id = position.partner;
    for (const auto& overdue : position.overdue)
      line.most_working_days_late = std::max(line.most_working_days_late, overdue.working_days_overdue);
    pack.income.push_back(std::move(line));
  }
  pack.due_to_date = statement.owed.due_to_date;
  pack.received_to_date = statement.owed.received_to_date;
  for (const contracts::SchemeMonitoring& scheme : statement.monitoring.schemes) {
    reports::PackScheme line{scheme.scheme,
                             scheme.name,
                             scheme.arrangement,
                             scheme.amounts.budget,
                             scheme.amounts.budget_to_date,
                             scheme.amounts.actual_to_date,
                             scheme.amounts.variance,
                             scheme.amounts.budget,
                             {},
                             std::string(contracts::rag_word(scheme.amounts.status)),
                             {}};
    for (const contracts::SchemeForecast& forecast : statement.forecast.schemes)
      if (forecast.scheme == scheme.scheme) {
        line.outturn = forecast.outturn;
        line.outturn_variance = forecast.variance;
        line.forecast_basis = std::string(contracts::forecast_method_word(forecast.method)) +
                              (forecast.note.empty() ? std::string() : ": " + forecast.note);
      }
    pack.budget += line.budget;
    pack.forecast_outturn += line.outturn;
    pack.schemes.push_back(std::move(line));
  }
  pack.budget_to_date = statement.monitoring.total.budget_to_date;
  pack.spend_to_date = statement.monitoring.total.actual_to_date;
  for (const contracts::ArrangementForecast& forecast : statement.forecast.arrangements) {
    reports::PackArrangementRisk risk{forecast.arrangement,
                                      arrangement_name(agreement, forecast.arrangement),
                                      forecast.budget,
                                      forecast.outturn,
                                      forecast.variance,
                                      {},
                                      {},
                                      {},
                                      {},
                                      {},
                                      {},
                                      {},
                                      forecast.exposure_note};
    if (forecast.exposure) {
      const contracts::VarianceAllocation& exposure = *forecast.exposure;
      risk.reserve_used = exposure.reserve_used;
      risk.uncommitted_used = exposure.uncommitted_used;
      risk.carried_forward = exposure.carried_forward;
      risk.to_contingency = exposure.to_contingency;
      risk.held_for_decision = exposure.held_for_decision;
      risk.unallocated = exposure.unallocated;
      for (const contracts::PartnerAmount& share : exposure.partners) risk.partners += share.amount;
      for (const contracts::PartnerAmount& share : exposure.partners)
        pack.exposure.push_back({arrangement_name(agreement, forecast.arrangement),
                                 partner_name(agreement, share.partner), share.amount, share.partner});
      int number = 0;
      for (const contracts::WorkingStep& step : exposure.working)
        pack.risk_steps.push_back({arrangement_name(agreement, forecast.arrangement), ++number, step.what, step.scheme,
                                   step.amount, step.sentence});
    }
    pack.risk.push_back(std::move(risk));
  }
  for (const PaymentDue& due : statement.payments) {
    reports::PackPayment payment{due.contract, due.period, "not approved", {}, {}, {}, {}, {}};
    if (const contracts::Contract* contract = agreement.find_contract(due.contract)) payment.scheme = contract->scheme;
    if (due.approved) {
      payment.status = "approved";
      payment.fixed = due.approved->fixed;
      payment.at_risk = due.approved->at_risk;
      payment.earned = due.approved->earned;
      payment.withheld = due.approved->withheld;
    } else if (due.results < due.kpis) {
      payment.status = "results missing (" + std::to_string(due.results) + " of " + std::to_string(due.kpis) + ")";
    }
    pack.payments.push_back(std::move(payment));
  }
  if (statement.quarter) {
    for (const QuarterScheme& line : statement.quarter->schemes) {
      const contracts::Scheme* scheme = agreement.find_scheme(line.scheme);
      pack.return_expenditure.push_back({line.scheme, scheme != nullptr ? scheme->name : line.scheme, line.arrangement,
                                         line.budget, line.quarter, line.to_date});
    }
    for (const QuarterIncome& line : statement.quarter->income) {
      ledger::Money agreed;
      for (const contracts::ContributionPosition& position : statement.owed.positions)
        if (position.partner == line.partner && position.arrangement == line.arrangement) agreed += position.agreed;
      pack.return_income.push_back(
          {line.partner, partner_name(agreement, line.partner), line.arrangement, agreed, line.quarter, line.to_date});
    }
  }
  const contracts::MonitoringThresholds& thresholds = agreement.monitoring;
  pack.rag_rule =
      "A scheme is amber from " + ledger::format_percent(thresholds.amber) + " over its budget to date and red from " +
      ledger::format_percent(thresholds.red) + " over; " + ledger::format_percent(thresholds.red) +
      " or more under is amber (the agreement's monitoring thresholds). The RAG looks at the spend to date; "
      "the forecast outturn and its basis are shown beside it.";
  pack.integrity.statement_spend = statement.statement_spend;
  pack.integrity.journal_spend = statement.journal_spend;
  pack.integrity.statement_received = statement.statement_received;
  pack.integrity.journal_received = statement.journal_received;
  pack.integrity.spend_ties = statement.statement_spend == statement.journal_spend;
  pack.integrity.receipts_tie = statement.statement_received == statement.journal_received;
}

void add_reserves(BoardPack& pack, Books& books, ledger::FinancialYear year) {
  const auto decisions = books.governance->decisions();
  for (const contracts::Arrangement& arrangement : books.agreement.arrangements) {
    if (arrangement.kind != contracts::ArrangementKind::pooled_fund) continue;
    reports::PackReserve line{arrangement.name, arrangement.id, arrangement.reserve_for(year), {}, {}, "carry forward"};
    if (const contracts::RiskShareTerms* terms = books.agreement.find_risk_share(arrangement.id))
      line.treatment = std::string(contracts::enum_label(terms->underspend));
    for (const contracts::DecisionRecord& decision : decisions)
      if (decision.year == year && decision.outcome == contracts::Outcome::carried &&
          (decision.action == "use-of-contingency" || decision.action == "use-of-underspend"))
        line.approved_use += decision.amount;
    for (const reports::PackArrangementRisk& risk : pack.risk)
      if (risk.arrangement == arrangement.id) line.risk_share_use = risk.reserve_used;
    pack.reserves.push_back(std::move(line));
  }
}

void add_metrics(BoardPack& pack, Books& books) {
  const MetricFigures figures = metric_figures(books, pack.quarter);
  for (const contracts::Metric& metric : books.agreement.metrics) {
    const auto values = metric_values(figures, metric.id);
    reports::PackMetric line{metric.id,
                             metric.name,
                             std::string(contracts::enum_label(metric.unit)),
                             metric.national,
                             metric.unit == contracts::MetricUnit::percent,
                             metric.baseline,
                             reports::metric_status(metric, values, pack.quarter),
                             {}};
    for (int number = 1; number <= pack.quarter.quarter().number(); ++number)
      line.year.push_back(
          reports::metric_status(metric, values, ledger::QuarterPeriod(pack.quarter.year(), ledger::Quarter(number))));
    pack.metrics.push_back(std::move(line));
  }
}

// The governing bodies of the agreement's partners that have not ratified a decision on a
// reserved matter; "" when the matter is not reserved or all have.
std::string ratifications_outstanding(const contracts::Agreement& agreement,
                                      const contracts::DecisionRecord& decision) {
  const bool reserved = std::any_of(agreement.delegations.begin(), agreement.delegations.end(), [&](const auto& row) {
    return row.reserved && row.body == decision.body && contracts::enum_word(row.action) == decision.action;
  });
  if (!reserved || decision.outcome != contracts::Outcome::carried) return {};
  std::string outstanding;
  for (const contracts::Body& body : agreement.bodies) {
    if (body.kind != contracts::BodyKind::governing_body) continue;
    const bool ratified = std::any_of(decision.ratifications.begin(), decision.ratifications.end(),
                                      [&](const contracts::Ratification& done) { return done.body == body.id; });
    if (!ratified) outstanding += (outstanding.empty() ? "" : ", ") + body.name;
  }
  return outstanding;
}

Status add_governance(BoardPack& pack, Books& books, date::year_month_day first, date::year_month_day last) {
  for (const contracts::DecisionRecord& decision : books.governance->decisions()) {
    if (decision.decided_on < first || last < decision.decided_on) continue;
    const contracts::Body* body = books.agreement.find_body(decision.body);
    pack.decisions.push_back({decision.id, to_iso(decision.decided_on), body != nullptr ? body->name : decision.body,
                              decision.action, decision.matter, decision.amount,
                              std::string(contracts::outcome_word(decision.outcome)),
                              ratifications_outstanding(books.agreement, decision)});
  }
  const auto from = date::sys_days(first);
  const auto to = date::sys_days(last) + date::days(1);
  for (const contracts::AuthorityEvent& event : books.governance->authority_log())
    if (event.allowed && event.at >= from && event.at < to)
      pack.delegations_used.push_back({event.actor, event.action, event.amount, event.decision, event.reason});
  auto disputes = disputes_as_at(books, last, true);
  if (!disputes) return disputes.error();
  for (const DisputeStanding& standing : *disputes) {
    const auto& closed_on = standing.state.closed_on;
    if (closed_on && *closed_on < first) continue;  // closed before the quarter
    std::string parties;
    for (const std::string& party : contracts::dispute_parties(standing.dispute))
      parties += (parties.empty() ? "" : ", ") + partner_name(books.agreement, party);
    pack.disputes.push_back({standing.dispute.id, to_iso(standing.dispute.opened_on), parties, standing.dispute.matter,
                             standing.dispute.amount, std::string(contracts::enum_label(standing.state.level)),
                             to_iso(standing.state.due), standing.state.overdue, closed_on.has_value()});
  }
  return ok_status();
}

void add_data_quality(BoardPack& pack, Books& books) {
  for (const ledger::QuarantinedRow& row : books.store->quarantine(false)) {
    if (row.status != ledger::QuarantineStatus::open) {
      ++pack.data_quality.rows_quarantined_resolved;
      continue;
    }
    ++pack.data_quality.rows_quarantined_open;
    if (pack.data_quality.open_rows.size() < kQuarantineShown)
      pack.data_quality.open_rows.push_back(row.file + ":" + std::to_string(row.line) + " " + row.rule + ": " +
                                            row.reason);
  }
  pack.data_quality.metric_rows_refused = books.governance->metric_refusals().size();
  for (int month = pack.quarter.quarter().first_month().number(); month <= pack.quarter.quarter().last_month().number();
       ++month) {
    const ledger::Period period(pack.quarter.year(), ledger::FinancialMonth(month));
    if (!books.store->is_closed(period)) pack.data_quality.months_not_closed.push_back(period.to_string());
  }
}

// What is ahead of the quarter's end: the agreement's review dates, the end of its term, and
// the next three months' closes (on the close working day after each month ends).
void add_coming(BoardPack& pack, const contracts::Agreement& agreement, date::year_month_day last,
                int close_working_day) {
  std::vector<reports::PackComing> coming;
  for (const date::year_month_day& review : agreement.review_dates)
    if (last < review) coming.push_back({to_iso(review), "Review of the agreement"});
  for (const contracts::Extension& extension : agreement.extensions)
    if (last < extension.granted_on)
      coming.push_back({to_iso(extension.granted_on), "Extension to " + to_iso(extension.new_end)});
  if (last < agreement.effective_end())
    coming.push_back({to_iso(agreement.effective_end()), "The agreement's term ends (unless extended)"});
  const auto& calendar = ledger::WorkingCalendar::england_and_wales();
  ledger::Period month = pack.quarter.last_period();
  for (int i = 0; i < 3; ++i) {
    month = month.next();
    if (agreement.effective_end() < month.first_day()) break;
    if (auto closes = calendar.working_day_after_month_end(month, close_working_day))
      coming.push_back({to_iso(*closes), "Close of " + month.to_string()});
  }
  std::stable_sort(coming.begin(), coming.end(),
                   [](const reports::PackComing& a, const reports::PackComing& b) { return a.date < b.date; });
  pack.coming = std::move(coming);
}

Status add_self_assessment(BoardPack& pack, const std::string& file) {
  if (pack.quarter.quarter().number() != 4) {
    if (file.empty()) return ok_status();
    return make_error("pack.self-assessment",
                      "the self-assessment against the 15 best-practice actions is part of "
                      "the fourth quarter's pack, not " +
                          pack.quarter.to_string() + "'s");
  }
  if (file.empty()) {
    for (const auto& [action, title] : [] {
           std::vector<std::pair<int, std::string>> all;
           int number = 0;
           for (const std::string& title : reports::best_practice_actions()) all.emplace_back(++number, title);
           return all;
         }())
      pack.self_assessment.push_back({action, title, "not assessed", ""});
    return ok_status();
  }
  auto text = ledger::read_text_file(file, 1024 * 1024, "the self-assessment file");
  if (!text) return text.error();
  auto read = reports::read_self_assessment(*text, file);
  if (!read.refused.empty()) return read.refused.front();
  pack.self_assessment = std::move(read.actions);
  return ok_status();
}

// A report is made only from books whose audit chain verifies: figures read from books
// someone has altered are not published (poolbook verify says what is wrong). The pack reads
// the journal's maintained balances, so it checks them against their seal; poolbook verify
// re-hashes every entry too.
Status verified(Books& books, reports::PackIntegrity& integrity, const ledger::Period& last_month) {
  const ledger::VerifyReport report = verify_books_sealed(books);
  if (!report.ok())
    return refusal("books.verify",
                   "the books do not verify, so no report is made from them: " + report.problem + " (poolbook verify)");
  integrity.chain_verified = true;
  integrity.entries_rehashed = report.rehashed;
  if (auto head = books.store->record_head()) integrity.chain_head = head->to_string();
  auto closed = books.store->close_record(last_month);
  if (!closed) return closed.error();
  if (*closed) integrity.close_record = (*closed)->to_string();
  return ok_status();
}

// The month's statement, and the year's months to it for the spend by month.
Status add_months(BoardPack& pack, Books& books, const ledger::Period& last_month) {
  auto statement = month_statement(books, last_month);
  if (!statement) return statement.error();
  add_statement(pack, books.agreement, *statement);
  for (int month = 1; month <= last_month.month().number(); ++month) {
    const ledger::Period period(last_month.year(), ledger::FinancialMonth(month));
    auto earlier = month == last_month.month().number() ? statement : month_statement(books, period);
    if (!earlier) return earlier.error();
    reports::PackMonth line{period.month().to_string(),
                            earlier->monitoring.total.budget_to_date,
                            earlier->monitoring.total.actual_to_date,
                            {}};
    for (const contracts::SchemeMonitoring& scheme : earlier->monitoring.schemes)
      line.schemes.push_back({scheme.scheme, scheme.amounts.budget_to_date, scheme.amounts.actual_to_date});
    pack.months.push_back(std::move(line));
  }
  return ok_status();
}

}  // namespace

Result<BoardPack> statement_pack(Books& books, const ledger::Period& month) {
  if (auto in_term = within_term(books, month, "the statement of " + month.to_string()); !in_term)
    return in_term.error();
  BoardPack pack;
  pack.agreement_id = books.agreement.id;
  pack.agreement_title = books.agreement.title;
  pack.quarter = month.quarter();
  pack.month = month.to_string();
  pack.as_at = to_iso(month.last_day());
  pack.quarter_closed = books.store->is_closed(month);
  pack.year_end = month.month().number() == 12;
  if (auto added = add_months(pack, books, month); !added) return added.error();
  if (auto recorded = books.store->setting(statement_setting(month)))
    pack.integrity.statement_digest = ledger::sha256_hex(*recorded);
  if (auto checked = verified(books, pack.integrity, month); !checked) return checked.error();
  return pack;
}

namespace {

// The pool's pack, for `inputs.board` (checked to be one of the agreement's) or its first.
Result<BoardPack> pool_pack(Books& books, const ledger::QuarterPeriod& quarter, const PackInputs& inputs) {
  const contracts::Agreement& agreement = books.agreement;
  const ledger::Period last_month = quarter.last_period();
  if (auto in_term = within_term(books, last_month, "the board pack of " + quarter.to_string()); !in_term)
    return in_term.error();
  BoardPack pack;
  pack.agreement_id = agreement.id;
  pack.agreement_title = agreement.title;
  pack.board = inputs.board;
  if (pack.board.empty())
    pack.board = agreement.health_and_wellbeing_boards.empty() ? std::string("Health and Wellbeing Board")
                                                               : agreement.health_and_wellbeing_boards.front();
  else if (std::find(agreement.health_and_wellbeing_boards.begin(), agreement.health_and_wellbeing_boards.end(),
                     pack.board) == agreement.health_and_wellbeing_boards.end()) {
    std::string boards;
    for (const std::string& board : agreement.health_and_wellbeing_boards)
      boards += (boards.empty() ? "" : "; ") + board;
    return make_error("pack.board", "'" + pack.board + "' is not a Health and Wellbeing Board of the agreement (" +
                                        (boards.empty() ? std::string("it names none") : "its boards: " + boards) +
                                        ")");
  }
  pack.quarter = quarter;
  pack.as_at = to_iso(quarter.last_day());
  pack.quarter_closed = books.store->is_closed(last_month);
  pack.year_end = last_month.month().number() == 12;
  if (auto added = add_months(pack, books, last_month); !added) return added.error();
  add_reserves(pack, books, quarter.year());
  add_metrics(pack, books);
  if (auto done = add_governance(pack, books, quarter.first_day(), quarter.last_day()); !done) return done.error();
  add_data_quality(pack, books);
  add_coming(pack, agreement, quarter.last_day(), inputs.close_working_day);
  if (auto done = add_self_assessment(pack, inputs.self_assessment); !done) return done.error();
  if (!inputs.value_case.empty()) {
    // Planned always; realised when the quarter is in the value case's first year.
    auto appraisals = roi_appraisals(books, {inputs.value_case, {}, true, quarter, true});
    if (!appraisals && appraisals.error().rule == "roi.realised")
      appraisals = roi_appraisals(books, {inputs.value_case, {}, false, quarter, true});
    if (!appraisals) return appraisals.error();
    pack.roi = std::move(*appraisals);
  }
  if (auto checked = verified(books, pack.integrity, last_month); !checked) return checked.error();
  if (auto recorded = books.store->setting(statement_setting(last_month)))
    pack.integrity.statement_digest = ledger::sha256_hex(*recorded);
  return pack;
}

}  // namespace

Result<std::vector<BoardPack>> board_packs(Books& books, const ledger::QuarterPeriod& quarter,
                                           const PackInputs& inputs) {
  // One snapshot of the books for the whole pack: an import arriving meanwhile is in all of
  // it or none.
  std::optional<Result<BoardPack>> read;
  if (auto done = books.db->read([&]() -> Status {
        read = pool_pack(books, quarter, inputs);
        return ok_status();
      });
      !done)
    return done.error();
  Result<BoardPack>& whole = *read;
  if (!whole) return whole.error();
  const auto& boards = books.agreement.health_and_wellbeing_boards;
  if (boards.size() <= 1) return std::vector<BoardPack>{std::move(*whole)};
  std::vector<BoardPack> packs;
  for (std::size_t index = 0; index < boards.size(); ++index) {
    if (!inputs.board.empty() && boards[index] != inputs.board) continue;
    auto pack = reports::board_share(*whole, books.agreement, index);
    if (!pack) return pack.error();
    packs.push_back(std::move(*pack));
  }
  return packs;
}

Result<BoardPack> board_pack(Books& books, const ledger::QuarterPeriod& quarter, const PackInputs& inputs) {
  PackInputs one = inputs;
  if (one.board.empty() && !books.agreement.health_and_wellbeing_boards.empty())
    one.board = books.agreement.health_and_wellbeing_boards.front();
  auto packs = board_packs(books, quarter, one);
  if (!packs) return packs.error();
  return std::move(packs->front());
}

}  // namespace poolbook::books
