#pragma once
// The quarterly board accountability pack for a Health and Wellbeing Board, as data: every
// figure the pack prints, assembled from the books and the agreement by the application layer
// (daemon/books/board_pack.hpp), tested on its numbers, then laid out (pack_layout.hpp) and
// rendered. Nothing here reads the books.
//
// The sections, in the pack's order: cover and summary; income by partner; expenditure by
// scheme with the forecast; risk-share exposure by partner; contingency and underspend;
// contract performance and payments withheld; outcome metrics against plan; the ROI summary;
// decisions and delegations used, ratifications outstanding; disputes; data quality; what is
// coming; the integrity statement; and, in the fourth quarter's pack, the self-assessment
// against the 15 best-practice actions for pooled budgets.
#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/reports/outcomes/metric_status.hpp"
#include "poolbook/reports/roi/roi_appraisal.hpp"

namespace poolbook::reports {

using ledger::Money;

struct PackCondition {
  std::string id;
  std::string arrangement;           // id
  std::vector<std::string> schemes;  // the schemes it counts
  std::string description;           // "the NHS minimum contribution to adult social care"
  Money minimum;
  Money budget;
  Money outturn;
  bool met = false;
};

struct PackIncome {
  std::string partner;  // the partner's name
  std::string arrangement;
  std::string form;  // "cash", "in kind"
  Money agreed;      // the year's contribution as varied
  Money due_to_date;
  Money received_to_date;
  Money outstanding;
  int overdue = 0;  // instalments overdue at the quarter's end
  int most_working_days_late = 0;
  std::string partner_id;
};

struct PackScheme {
  std::string scheme;
  std::string name;
  std::string arrangement;
  Money budget;  // for the year, as varied and moved
  Money budget_to_date;
  Money actual_to_date;
  Money variance;  // actual less budget to date
  Money outturn;   // forecast
  Money outturn_variance;
  std::string rag;             // "green", "amber", "red"
  std::string forecast_basis;  // "profile", "run-rate", "last-year", or "manual: who set it, when and why"
};

// A month of the year to date: the phased budget and the spend, each cumulative, in all and
// by scheme (from which a board's share of the month is worked).
struct PackMonthScheme {
  std::string scheme;
  Money budget;
  Money actual;
};
struct PackMonth {
  std::string month;  // "M04"
  Money budget;
  Money actual;
  std::vector<PackMonthScheme> schemes;
};

struct PackExposure {
  std::string arrangement;
  std::string partner;  // name
  Money amount;         // what it would bear (an overspend) or receive back (negative)
  std::string partner_id;
};

struct PackArrangementRisk {
  std::string arrangement;
  std::string name;
  Money budget;
  Money outturn;
  Money variance;
  Money reserve_used;
  Money uncommitted_used;
  Money carried_forward;
  Money to_contingency;
  Money held_for_decision;
  Money unallocated;
  Money partners;    // what the partners bear (back, if negative): the exposure lines' sum
  std::string note;  // why there is no exposure, if there is none
};

// A numbered step of the risk share's working (docs/agreement-format.md, "The order of
// steps"): what it dealt with, and the step in words with every figure.
struct PackRiskStep {
  std::string arrangement;  // name
  int number = 0;           // 1, 2, ... within the arrangement
  std::string what;         // "reserve", "partners", ...
  std::string scheme;
  Money amount;
  std::string sentence;
};

struct PackReserve {
  std::string arrangement;  // name
  std::string arrangement_id;
  Money reserve;          // the contingency reserve for the year
  Money approved_use;     // decisions to use the contingency or underspends, carried, in the year
  Money risk_share_use;   // what the risk share takes from the reserve at the quarter's end
  std::string treatment;  // what becomes of an underspend ("carry forward")
};

struct PackPayment {
  std::string contract;
  std::string period;
  std::string status;  // "approved", "not approved", "results missing"
  Money fixed;
  Money at_risk;
  Money earned;
  Money withheld;
  std::string scheme;  // the scheme it is paid from
};

struct PackMetric {
  std::string id;
  std::string name;
  std::string unit;  // "per 100,000", "%", ...
  bool national = false;
  bool percent = false;  // figures are fractions shown as percentages
  std::optional<ledger::Ratio> baseline;
  MetricStatus status;
  std::vector<MetricStatus> year;  // each quarter of the year to the pack's, for the chart
};

struct PackRoi {
  std::string scope;  // "the whole fund", "S03 Discharge to assess"
  std::string basis;  // "planned", "realised to date"
  Money present_investment;
  Money present_benefit;
  Money net_present_value;
  ledger::Ratio benefit_cost_ratio;
  std::optional<int> payback_year;
  std::vector<BeneficiaryValue> by_beneficiary;
  std::vector<SensitivityLine> tornado;  // the whole fund, planned only
  std::vector<AppraisalYear> years;      // the working, year by year
  std::string realised_working;          // how realised activity was found, if realised
  std::string as_at;                     // planned: the first year's first day; realised: its last month's end
};

struct PackDecision {
  std::string id;
  std::string date;  // ISO
  std::string body;
  std::string action;
  std::string matter;
  Money amount;
  std::string outcome;
  std::string ratifications_outstanding;  // the governing bodies still to ratify, or ""
};

struct PackDelegationUse {
  std::string actor;
  std::string action;
  Money amount;
  std::string decision;
  std::string what;
};

struct PackDispute {
  std::string id;
  std::string opened;  // ISO
  std::string parties;
  std::string matter;
  std::optional<Money> amount;
  std::string rung;    // "directors"
  std::string due_on;  // ISO
  bool overdue = false;
  bool closed = false;
};

struct PackDataQuality {
  std::size_t rows_quarantined_open = 0;
  std::size_t rows_quarantined_resolved = 0;
  std::size_t metric_rows_refused = 0;
  std::vector<std::string> open_rows;          // "file:line rule: reason", the first few
  std::vector<std::string> months_not_closed;  // months of the quarter not closed
};

struct PackComing {
  std::string date;  // ISO
  std::string what;
};

struct PackIntegrity {
  std::string chain_head;    // "N:hash" when the pack was made (shown only while the month is open)
  std::string close_record;  // "N:hash": the chain's record of the close of the quarter's last month
  bool chain_verified = false;
  bool entries_rehashed = false;  // every entry re-hashed too, not only the balances checked against their seal
  std::string statement_digest;   // SHA-256 of the statement recorded at the quarter's last close
  bool spend_ties = false;        // the statement's spend = the journal's balances
  bool receipts_tie = false;
  Money statement_spend;
  Money journal_spend;
  Money statement_received;
  Money journal_received;
};

struct PackAssessment {
  int action = 0;  // 1..15
  std::string title;
  std::string rating;  // "green", "amber", "red", "not assessed"
  std::string note;
};

// A line of the BCF quarterly return: a scheme's spend, or a contribution's cash, in the
// quarter and in the year to date.
struct PackReturnLine {
  std::string id;  // the scheme, or the partner
  std::string name;
  std::string arrangement;
  Money budget;  // a scheme's for the year, as varied and moved; a contribution's agreed
  Money quarter;
  Money to_date;
};

// A pack for one of several Health and Wellbeing Boards shows that board's share of every
// money figure (board_share.hpp); this says which share, and the whole pool's figures the
// boards' shares add up to.
struct PackShare {
  std::vector<std::string> boards;    // all of the agreement's, in order
  ledger::Ratio share;                // of what is not wholly one board's
  std::vector<std::string> partners;  // wholly this board's, by name
  std::vector<std::string> schemes;
  Money pool_budget;
  Money pool_budget_to_date;
  Money pool_spend_to_date;
  Money pool_forecast_outturn;
  Money pool_due_to_date;
  Money pool_received_to_date;
};

struct BoardPack {
  std::string agreement_id;
  std::string agreement_title;
  std::string board;  // the Health and Wellbeing Board
  ledger::QuarterPeriod quarter{ledger::FinancialYear(0), ledger::Quarter(1)};
  std::string month;            // a monthly statement's month ("2025/26 M07"); "" in a quarter's pack
  std::string as_at;            // the quarter's last day, ISO
  bool year_end = false;        // the quarter (or month) ends the year: the risk share is the settlement
  bool quarter_closed = false;  // the quarter's last month (a statement's month) is closed
  std::vector<PackCondition> conditions;
  std::vector<PackIncome> income;
  std::vector<PackScheme> schemes;
  std::vector<PackMonth> months;
  std::vector<PackArrangementRisk> risk;
  std::vector<PackExposure> exposure;
  std::vector<PackRiskStep> risk_steps;  // the pool's working, step by step
  std::vector<PackReserve> reserves;
  std::vector<PackPayment> payments;
  std::vector<PackMetric> metrics;
  std::vector<PackRoi> roi;
  std::vector<PackDecision> decisions;
  std::vector<PackDelegationUse> delegations_used;
  std::vector<PackDispute> disputes;
  PackDataQuality data_quality;
  std::vector<PackComing> coming;
  PackIntegrity integrity;
  std::vector<PackAssessment> self_assessment;     // the fourth quarter only
  std::vector<std::string> exceptions;             // the statement's exceptions at the quarter's end
  std::vector<PackReturnLine> return_expenditure;  // the quarterly return's figures
  std::vector<PackReturnLine> return_income;
  std::string rag_rule;            // the agreement's monitoring thresholds, in words
  std::optional<PackShare> share;  // a pack for one of several boards
  // Totals (exact, from the lines above).
  Money spend_to_date;
  Money budget_to_date;
  Money forecast_outturn;
  Money budget;
  Money received_to_date;
  Money due_to_date;
};

}  // namespace poolbook::reports
