// `poolbook post` and `poolbook reverse ENTRY`: manual journals (an accrual or a correction)
// and reversals, each with a reason, by a person the scheme of delegation allows, into an
// open month.
#include <chrono>
#include <iostream>
#include <memory>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/journals.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"

namespace poolbook::cli {
namespace {

struct JournalOptions {
  std::string store = books::kDefaultStorePath;
  std::string actor;
  std::string date;
  std::string kind = "accrual";
  std::string description;
  std::string reason;
  std::vector<std::string> debits;   // ACCOUNT=AMOUNT
  std::vector<std::string> credits;  // ACCOUNT=AMOUNT
  std::string decision;
  std::int64_t entry = 0;  // reverse
};

date::year_month_day today() { return ledger::london_date(std::chrono::system_clock::now()); }

Result<date::year_month_day> date_or_today(const std::string& text) {
  if (text.empty()) return today();
  return ledger::parse_iso_date(text);
}

// ACCOUNT=AMOUNT lines, debits positive and credits negative.
Result<std::vector<ledger::Posting>> postings_of(const JournalOptions& options) {
  std::vector<ledger::Posting> postings;
  for (const auto* list : {&options.debits, &options.credits})
    for (const std::string& text : *list) {
      auto pair = name_value(text, "ACCOUNT=AMOUNT", "pool/bcf-pool/scheme/S08=12000.00", "journal.argument");
      if (!pair) return pair.error();
      auto amount = ledger::Money::parse(pair->second);
      if (!amount) return amount.error();
      if (!amount->is_positive())
        return make_error("journal.argument", "'" + text + "': write a positive amount after --debit or --credit");
      postings.push_back({pair->first, list == &options.debits ? *amount : -*amount});
    }
  return postings;
}

int run_post(const JournalOptions& options) {
  auto day = date_or_today(options.date);
  if (!day) return report_error("post", day.error());
  auto kind = ledger::entry_kind_from_word(options.kind);
  if (!kind)
    return report_error("post", make_error("journal.kind", "'" + options.kind + "' is not accrual or correction"));
  auto postings = postings_of(options);
  if (!postings) return report_error("post", postings.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("post", opened.error());
  auto posted = books::post_journal(
      *opened, options.actor, {*day, *kind, options.description, options.reason, *postings, options.decision}, today());
  if (!posted) return report_error("post", posted.error());
  std::cout << "posted entry " << *posted << ": " << options.kind << " dated " << ledger::to_iso(*day) << "\n";
  return kDone;
}

int run_reverse(const JournalOptions& options) {
  auto day = date_or_today(options.date);
  if (!day) return report_error("reverse", day.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("reverse", opened.error());
  auto reversed =
      books::reverse_entry(*opened, options.actor, {options.entry, *day, options.reason, options.decision}, today());
  if (!reversed) return report_error("reverse", reversed.error());
  std::cout << "posted entry " << *reversed << ": the reversal of entry " << options.entry << ", dated "
            << ledger::to_iso(*day) << "\n";
  return kDone;
}

}  // namespace

void add_journal_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<JournalOptions>();
  CLI::App* post = app.add_subcommand("post", "Post a manual journal (an accrual or a correction) with its reason");
  post->add_option("--date", options->date, "Its date, in an open month (default: today)");
  post->add_option("--kind", options->kind, "accrual or correction")->capture_default_str();
  post->add_option("--description", options->description, "What it is")->required();
  post->add_option("--reason", options->reason, "Why it is posted")->required();
  post->add_option("--debit", options->debits, "ACCOUNT=AMOUNT (repeat for each)")->allow_extra_args(false);
  post->add_option("--credit", options->credits, "ACCOUNT=AMOUNT (repeat for each)")->allow_extra_args(false);
  post->add_option("--decision", options->decision, "The decision that authorises it, if one is needed");
  post->footer(
      "Example: poolbook post --date 2025-10-31 --description \"Accrued reablement invoice\" --reason \"invoice came "
      "after the October extract\" --debit pool/bcf-pool/scheme/S08=12000.00 --credit pool/bcf-pool/bank=12000.00 "
      "--store nsh.db");
  CLI::App* reverse = app.add_subcommand("reverse", "Reverse an entry with its reason");
  reverse->add_option("entry", options->entry, "The entry's number")->required();
  reverse->add_option("--date", options->date, "The reversal's date, in an open month (default: today)");
  reverse->add_option("--reason", options->reason, "Why it is reversed")->required();
  reverse->add_option("--decision", options->decision, "The decision that authorises it, if one is needed");
  reverse->footer("Example: poolbook reverse 1689 --date 2025-11-03 --reason \"posted twice\" --store nsh.db");
  for (CLI::App* command : {post, reverse}) {
    command->add_option("--store", options->store, "The books")->capture_default_str();
    command->add_option("--as", options->actor, kAsHelp);
  }
  post->callback([options, &exit_code] { exit_code = run_post(*options); });
  reverse->callback([options, &exit_code] { exit_code = run_reverse(*options); });
}

}  // namespace poolbook::cli
