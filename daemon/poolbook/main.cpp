// poolbook: the finance team's command line for pooled health and social care budgets.
#include <exception>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_status.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/text/utf8.hpp"
#include "suggestions.hpp"

int main(int argc, char** argv) {
  CLI::App app{"poolbook: exact books for Section 75 pooled funds and Better Care Fund plans"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "poolbook 0.1.0");
  int exit_code = 0;
  poolbook::cli::add_calendar_command(app, exit_code);
  poolbook::cli::add_split_command(app, exit_code);
  poolbook::cli::add_agreement_command(app, exit_code);
  poolbook::cli::add_risk_share_command(app, exit_code);
  poolbook::cli::add_contract_command(app, exit_code);
  poolbook::cli::add_kpi_command(app, exit_code);
  poolbook::cli::add_report_command(app, exit_code);
  poolbook::cli::add_match_command(app, exit_code);
  poolbook::cli::add_forecast_command(app, exit_code);
  poolbook::cli::add_authority_command(app, exit_code);
  poolbook::cli::add_decision_commands(app, exit_code);
  poolbook::cli::add_dispute_command(app, exit_code);
  poolbook::cli::add_books_commands(app, exit_code);
  poolbook::cli::add_reconcile_command(app, exit_code);
  poolbook::cli::add_journal_commands(app, exit_code);
  poolbook::cli::add_examples(app);
  // Text given on the command line is kept in the books (descriptions, reasons, matters) and
  // printed back to other people's terminals: a control character (an escape sequence, a
  // carriage return) could make a line read as something it is not, so none is taken (a tab,
  // which a tab-separated row given to quarantine retry holds, is).
  for (int i = 1; i < argc; ++i) {
    const std::string_view text(argv[i]);
    const auto bad = poolbook::ledger::invalid_utf8_at(text);
    const auto control = poolbook::ledger::control_at(text);
    const bool newline = text.find_first_of("\r\n") != std::string_view::npos;
    if (bad || control || newline)
      return poolbook::cli::report_error(
          argc > 1 ? argv[1] : "",
          poolbook::make_error("argument.control", "argument " + std::to_string(i) +
                                                       (bad ? " is not UTF-8" : " holds a control character") +
                                                       " (at its byte " +
                                                       std::to_string((bad       ? *bad
                                                                       : control ? *control
                                                                                 : text.find_first_of("\r\n")) +
                                                                      1) +
                                                       "): text kept in the books is one printable line"));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints help, the version or what is wrong with the arguments; a mistake in the
    // arguments is bad input, like any other, whatever number CLI11 gives it.
    const int printed = app.exit(error);
    if (printed != 0) poolbook::cli::print_suggestions(app, argc, argv, std::cerr);
    return printed == 0 ? poolbook::cli::kDone : poolbook::cli::kBadInput;
  } catch (const poolbook::ledger::MoneyOverflow& error) {
    return poolbook::cli::report_error(argc > 1 ? argv[1] : "", poolbook::make_error("money.overflow", error.what()));
  } catch (const std::filesystem::filesystem_error& error) {  // a path the system cannot use
    return poolbook::cli::report_error(
        argc > 1 ? argv[1] : "",
        poolbook::make_error("file.path", error.code().message() + ": " + error.path1().string().substr(0, 80)));
  } catch (const std::exception& error) {  // nothing leaves poolbook as an abort
    return poolbook::cli::report_error(argc > 1 ? argv[1] : "", poolbook::internal_error("internal", error.what()));
  }
  return exit_code;
}
