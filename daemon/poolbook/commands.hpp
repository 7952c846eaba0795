#pragma once
// The `poolbook` command line's subcommands. Each registers itself on the CLI11 app and
// runs through the callback it installs; a command's exit status is set in `exit_code`.
// Commands print for people by default and JSON with --json.

#include <CLI/CLI.hpp>

namespace poolbook::cli {

// `poolbook calendar YEAR`: the months and quarters of a financial year, with closing dates.
void add_calendar_command(CLI::App& app, int& exit_code);
// `poolbook split AMOUNT --by NAME=WEIGHT ...`: an exact split that sums to the penny.
void add_split_command(CLI::App& app, int& exit_code);
// `poolbook agreement check|show FILE`: validate an agreement; show what was agreed for a year.
void add_agreement_command(CLI::App& app, int& exit_code);
// `poolbook risk-share --year YEAR --variance SCHEME=AMOUNT ...`: who bears a variance.
void add_risk_share_command(CLI::App& app, int& exit_code);
// `poolbook contract list|payment ID --period ..`: what a contract's provider is paid.
void add_contract_command(CLI::App& app, int& exit_code);
// poolbook kpi import, kpi list
void add_kpi_command(CLI::App& app, int& exit_code);
// poolbook match
void add_match_command(CLI::App& app, int& exit_code);
// poolbook forecast set, forecast list
void add_forecast_command(CLI::App& app, int& exit_code);
// `poolbook authority PERSON`: what a person may approve under the scheme of delegation.
void add_authority_command(CLI::App& app, int& exit_code);
// `poolbook decide|decisions|ratify|virement`: decisions recorded in the books, and a
// virement refused unless someone with the authority (or a decision) stands behind it.
void add_decision_commands(CLI::App& app, int& exit_code);
// `poolbook dispute open|step|close|list|show`: disputes between partners up the agreement's
// dispute ladder, each step with its deadline in working days, the overdue flagged.
void add_dispute_command(CLI::App& app, int& exit_code);
// The books: init, import, balance, journal, verify, period close|reopen, quarantine.
void add_books_commands(CLI::App& app, int& exit_code);
// `poolbook reconcile MONTH`: the month-end statement as the books stand; `poolbook close
// MONTH`: the month closed at month end, with its accruals and its statement recorded.
void add_reconcile_command(CLI::App& app, int& exit_code);
// `poolbook post` and `poolbook reverse ENTRY`: manual journals and reversals, with reasons.
void add_journal_commands(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);

}  // namespace poolbook::cli
