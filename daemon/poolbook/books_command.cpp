// The books: `poolbook init`, `import`, `balance`, `journal`, `verify`, `period close|reopen`
// and `quarantine list|show|retry|dismiss`. Every command takes --store PATH (default
// poolbook.db); commands that change the books take --as PERSON (default: the OS user).
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "books.hpp"
#include "commands.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/imports/importer.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/journal/journal_export.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"
#include "poolbook/ledger/text/text_file.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using ledger::Money;
using ledger::Period;

struct BooksOptions {
  std::string store = kDefaultStorePath;
  std::string actor;
  std::string agreement;  // init
  std::string file;       // import
  std::string profile;    // import
  bool force = false;     // import
  std::string from, to;   // balance: periods
  std::string account;    // balance: prefix
  bool csv = false;       // balance: machine-readable
  bool monthly = false;   // balance
  std::string since;      // journal
  std::size_t limit = 1000;
  std::string period;    // period close / reopen
  std::string reason;    // reopen
  std::string decision;  // reopen: the decision that authorises it
  std::int64_t id = 0;   // quarantine
  std::string raw;       // quarantine retry
  bool all = false;      // quarantine list
  std::string format;    // export
  std::string output;    // export
};

int fail(const std::string& command, const Error& error, int code = 2) {
  std::cerr << "poolbook " << command << ": " << error.describe() << '\n';
  return code;
}

int run_init(const BooksOptions& options) {
  contracts::LoadedAgreement loaded = contracts::load_agreement(options.agreement);
  if (!loaded.valid()) {
    for (const auto& finding : loaded.findings) std::cerr << finding.describe() << '\n';
    std::cerr << "poolbook init: the agreement is not valid; nothing was created\n";
    return 1;
  }
  auto text = ledger::read_text_file(options.agreement, contracts::kMaxAgreementFileBytes, "the agreement");
  if (!text) return fail("init", text.error());
  const std::string digest = ledger::sha256_hex(*text);
  const bool existed = std::filesystem::exists(options.store);
  std::string actor;
  std::unique_ptr<ledger::Store> store;
  if (!existed) {  // new books: made by a person of the agreement they will follow
    const contracts::Person* person = acting_person(*loaded.agreement, options.actor);
    if (person == nullptr)
      return fail("init", make_error("authority.actor", unknown_actor_reason(options.actor, "create its books") +
                                                            "; nothing was created"));
    actor = person->id;
    auto opened = open_stores(options.store);
    if (!opened) return fail("init", opened.error());
    store = std::move(opened->store);
  } else {
    // Books follow one agreement for life; running init again adopts a variation of it (and
    // opens the accounts of a new scheme, say), as someone the agreement they follow now
    // knows, and is logged; it cannot switch the books to another agreement.
    auto books = open_books(options.store);
    if (!books) return fail("init", books.error());
    if (const auto followed = books->store->setting("agreement.id"); followed && *followed != loaded.agreement->id)
      return fail("init", make_error("store.agreement", options.store + " keeps the books of agreement '" + *followed +
                                                            "'; they cannot be switched to '" + loaded.agreement->id +
                                                            "' (start new books with another --store)"));
    auto person = known_actor(*books, options.actor, "init", "adopt a varied agreement or open accounts");
    if (!person) return fail("init", person.error());
    actor = (*person)->id;
    if (const auto before = books->store->setting("agreement.digest"); before && *before != digest)
      if (auto logged = books->governance->log_authority(
              contracts::AuthorityEvent{actor,
                                        "agreement-variation",
                                        Money{},
                                        "",
                                        true,
                                        "adopted " + options.agreement + " (SHA-256 " + digest.substr(0, 12) +
                                            "...) in place of " + before->substr(0, 12) + "...",
                                        {}});
          !logged)
        return fail("init", logged.error());
    store = std::move(books->store);
  }
  const auto accounts = contracts::chart_of_accounts(*loaded.agreement);
  if (auto opened = store->open_accounts(accounts); !opened) return fail("init", opened.error());
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"agreement", std::filesystem::absolute(options.agreement).string()},
        {"agreement.id", loaded.agreement->id},
        {"agreement.digest", digest},
        {"agreement.text", *text}})
    if (auto saved = store->set_setting(key, value); !saved) return fail("init", saved.error());
  std::cout << "initialised " << options.store << " for agreement " << loaded.agreement->id << ": " << accounts.size()
            << " accounts open (by " << actor << ")\n";
  return 0;
}

int run_import(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("import", books.error());
  auto profile = find_profile(*books, options.profile);
  if (!profile) return fail("import", profile.error());
  auto actor = known_actor(*books, options.actor, "import", "import into the books");
  if (!actor) return fail("import", actor.error());
  auto summary =
      contracts::import_file(books->agreement, *profile, *books->store, options.file, (*actor)->id, options.force);
  if (!summary) return fail("import", summary.error(), 1);
  std::cout << options.file << ": " << summary->records_read << " rows read, " << summary->entries_posted << " posted ("
            << summary->total_posted.to_report() << "), " << summary->quarantined.size() << " quarantined\n";
  for (const auto& row : summary->quarantined)
    std::cout << "  " << row.file << ":" << row.line << ": " << row.reason << " [" << row.rule << "]\n";
  return summary->quarantined.empty() ? 0 : 3;
}

Result<Period> period_or(const std::string& text, Period fallback) {
  if (text.empty()) return fallback;
  return Period::parse(text);
}

int run_balance(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("balance", books.error());
  auto from =
      period_or(options.from, Period(ledger::FinancialYear(ledger::kFirstFinancialYear), ledger::FinancialMonth(1)));
  auto to =
      period_or(options.to, Period(ledger::FinancialYear(ledger::kLastFinancialYear), ledger::FinancialMonth(12)));
  if (!from) return fail("balance", from.error());
  if (!to) return fail("balance", to.error());
  const auto rows = books->store->balances(*from, *to, options.account);
  if (options.csv) {
    std::map<std::string, ledger::MoneySum> sums;
    for (const auto& row : rows) sums[row.account] += row.movement;
    std::cout << "account,balance\n";
    for (const auto& [account, sum] : sums) std::cout << account << ',' << sum.total().to_plain() << '\n';
    return 0;
  }
  TextTable table(options.monthly ? std::vector<std::string>{"account", "month", "movement"}
                                  : std::vector<std::string>{"account", "balance"},
                  options.monthly ? std::vector<Align>{Align::left, Align::left, Align::right}
                                  : std::vector<Align>{Align::left, Align::right});
  ledger::MoneySum total;
  std::string current;
  ledger::MoneySum account_total;
  const auto flush = [&] {
    if (!current.empty() && !options.monthly) table.add_row({current, account_total.total().to_report()});
    account_total = {};
  };
  for (const auto& row : rows) {
    if (row.account != current) {
      flush();
      current = row.account;
    }
    account_total += row.movement;
    total += row.movement;
    if (options.monthly) table.add_row({row.account, row.period.to_string(), row.movement.to_report()});
  }
  flush();
  table.add_rule();
  if (options.monthly)
    table.add_row({"total", "", total.total().to_report()});
  else
    table.add_row({"total", total.total().to_report()});
  std::cout << table.render();
  return 0;
}

void print_entry(const ledger::Entry& entry) {
  std::cout << "#" << entry.id << " " << ledger::to_iso(entry.date) << " " << ledger::entry_kind_word(entry.kind)
            << "  " << entry.description;
  if (!entry.reference.empty()) std::cout << "  [" << entry.reference << "]";
  if (entry.reverses) std::cout << "  (reverses #" << *entry.reverses << ")";
  std::cout << "\n    by " << entry.provenance.actor << " at " << entry.provenance.recorded_at;
  if (!entry.provenance.profile.empty())
    std::cout << " via " << entry.provenance.profile << ", row " << entry.provenance.source_row << " of file "
              << entry.provenance.source_digest.substr(0, 12);
  std::cout << "\n";
  TextTable postings({"", "", ""}, {Align::left, Align::left, Align::right});
  for (const auto& posting : entry.postings) postings.add_row({"   ", posting.account, posting.amount.to_report()});
  const std::string rendered = postings.render();
  std::cout << rendered.substr(rendered.find('\n') + 1);
}

int run_journal(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("journal", books.error());
  std::optional<date::year_month_day> since;
  if (!options.since.empty()) {
    auto parsed = ledger::parse_iso_date(options.since);
    if (!parsed) return fail("journal", parsed.error());
    since = *parsed;
  }
  for (const auto& entry : books->store->entries(since, options.limit)) print_entry(entry);
  return 0;
}

int run_verify(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("verify", books.error());
  const ledger::VerifyReport report = books->store->verify();
  if (!report.ok()) {
    std::cout << "NOT VERIFIED: " << report.problem << "\n";
    return 1;
  }
  std::cout << "verified " << report.entries_checked
            << " entries: every hash matches the chain and every balance matches its postings\n"
            << "head of the chain: entry " << report.entries_checked << ", hash " << report.head_hash
            << "\n(keep these two with the month's papers: entries removed from the end would shorten the chain)\n";
  return 0;
}

// Reopening is a decision under the scheme of delegation: the decision read, the month
// reopened and the authority log written in one transaction (so a decision reopens a month
// once); a refusal is logged afterwards, in a transaction of its own.
Status reopen_month(Books& books, const Period& period, const contracts::Person& actor, const std::string& reason,
                    const std::string& decision, contracts::Date today) {
  Status done = books.db->write([&]() -> Status {
    if (auto may = books.store->may_reopen(period, actor.id, reason); !may) return may;
    std::optional<contracts::DecisionRecord> cited;
    int reopened_under_it = 0;
    if (!decision.empty()) {
      auto found = books.governance->decision(decision);
      if (!found && found.error().kind != ErrorKind::not_found) return found.error();
      if (!found)
        return make_error("authority.decision",
                          "there is no decision " + decision + " in these books (record it with poolbook decide)");
      cited = std::move(found).value();
      auto reopened = books.store->reopenings_under(period, decision);
      if (!reopened) return reopened.error();
      reopened_under_it = *reopened;
    }
    if (auto allowed = contracts::authorise_reopening(books.agreement, &actor, period, cited, reopened_under_it, today);
        !allowed)
      return allowed;
    if (auto reopened = books.store->reopen_period(period, actor.id, reason, decision); !reopened) return reopened;
    return books.governance->log_authority(contracts::AuthorityEvent{
        actor.id, "period-reopening", Money{}, decision, true, "reopened " + period.to_string() + ": " + reason, {}});
  });
  if (!done && contracts::is_authority_refusal(done.error()))
    (void)books.governance->log_authority(contracts::AuthorityEvent{
        actor.id, "period-reopening", Money{}, decision, false, period.to_string() + ": " + done.error().message, {}});
  return done;
}

int run_period(const BooksOptions& options, bool close) {
  auto books = open_books(options.store);
  if (!books) return fail("period", books.error());
  auto period = Period::parse(options.period);
  if (!period) return fail("period", period.error());
  auto actor = known_actor(*books, options.actor, close ? "period-close" : "period-reopening",
                           close ? "close a month" : "reopen a month");
  if (!actor) return fail("period", actor.error());
  const std::string& who = (*actor)->id;
  if (close) {
    if (auto done = books->store->close_period(*period, who); !done) return fail("period", done.error(), 1);
    std::cout << period->to_string() << " closed by " << who << "\n";
    return 0;
  }
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  if (auto done = reopen_month(*books, *period, **actor, options.reason, options.decision, today); !done)
    return fail("period reopen", done.error(), 1);
  std::cout << period->to_string() << " reopened by " << who
            << (options.decision.empty() ? "" : " under " + options.decision) << "\n";
  return 0;
}

int run_quarantine_list(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("quarantine", books.error());
  TextTable table({"id", "where", "status", "reason"}, {Align::right, Align::left, Align::left, Align::left});
  for (const auto& row : books->store->quarantine(!options.all))
    table.add_row({std::to_string(row.id), row.file + ":" + std::to_string(row.line),
                   std::string(ledger::quarantine_status_word(row.status)), row.reason + " [" + row.rule + "]"});
  std::cout << table.render();
  return 0;
}

Result<ledger::QuarantinedRow> quarantined_row(ledger::Store& store, std::int64_t id) {
  for (auto& row : store.quarantine(false))
    if (row.id == id) return row;
  return not_found("quarantine.unknown", "there is no quarantined row " + std::to_string(id));
}

int run_quarantine_show(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("quarantine", books.error());
  auto row = quarantined_row(*books->store, options.id);
  if (!row) return fail("quarantine", row.error());
  const std::string status(ledger::quarantine_status_word(row->status));
  std::cout << "row " << row->id << " (" << status << ") from " << row->file << " line " << row->line << ", profile "
            << row->profile << "\nreason: " << row->reason << " [" << row->rule << "]\nheader: " << row->header
            << "\nraw:    " << row->raw << "\n";
  if (row->status != ledger::QuarantineStatus::open) {
    std::cout << status << " by " << row->resolved_by << " at "
              << (row->resolved_at ? ledger::timestamp_iso(*row->resolved_at) : "") << ": " << row->resolution << "\n";
    if (!row->corrected_raw.empty()) std::cout << "posted as corrected: " << row->corrected_raw << "\n";
  }
  return 0;
}

int run_quarantine_retry(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("quarantine", books.error());
  auto row = quarantined_row(*books->store, options.id);
  if (!row) return fail("quarantine", row.error());
  auto profile = find_profile(*books, row->profile);
  if (!profile) return fail("quarantine", profile.error());
  auto actor = known_actor(*books, options.actor, "quarantine-retry", "post a quarantined row");
  if (!actor) return fail("quarantine retry", actor.error());
  auto posted =
      contracts::retry_quarantined(books->agreement, *profile, *books->store, *row, options.raw, (*actor)->id);
  if (!posted) return fail("quarantine retry", posted.error(), 1);
  std::cout << "row " << row->id << " posted as entry #" << *posted << "\n";
  return 0;
}

int run_quarantine_dismiss(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("quarantine", books.error());
  if (options.reason.empty()) return fail("quarantine dismiss", make_error("quarantine.reason", "say why (--reason)"));
  auto actor = known_actor(*books, options.actor, "quarantine-dismiss", "dismiss a quarantined row");
  if (!actor) return fail("quarantine dismiss", actor.error());
  auto done = books->store->dismiss_quarantined(options.id, (*actor)->id, options.reason);
  if (!done) return fail("quarantine dismiss", done.error(), 1);
  std::cout << "row " << options.id << " dismissed: " << options.reason << "\n";
  return 0;
}

int run_export(const BooksOptions& options) {
  auto books = open_books(options.store);
  if (!books) return fail("export", books.error());
  const auto format = ledger::export_format_from_word(options.format);
  if (!format) return fail("export", make_error("export.format", "the format should be ledger, beancount or csv"));
  if (auto exportable = ledger::check_export(*books->store, *format); !exportable)
    return fail("export", exportable.error(), 1);
  if (options.output.empty() || options.output == "-") {
    auto written = ledger::export_journal(*books->store, *format, std::cout);
    return written ? 0 : fail("export", written.error(), 1);
  }
  std::ofstream out(options.output, std::ios::binary);
  const auto written = ledger::export_journal(*books->store, *format, out);
  if (!written) return fail("export", written.error(), 1);
  out.close();
  if (!out) return fail("export", make_error("export.write", "cannot write " + options.output));
  std::cerr << "wrote " << *written << " entries to " << options.output << "\n";
  return 0;
}

void store_options(CLI::App* command, BooksOptions& options) {
  command->add_option("--store", options.store, "The books (a SQLite file)")->capture_default_str();
}

void actor_option(CLI::App* command, BooksOptions& options) {
  command->add_option("--as", options.actor, "Who is acting (default: the OS user)");
}

}  // namespace

void add_books_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BooksOptions>();
  const auto bind = [&exit_code, options](CLI::App* command, int (*run)(const BooksOptions&)) {
    command->callback([&exit_code, options, run] { exit_code = run(*options); });
  };

  CLI::App* init = app.add_subcommand("init", "Create the books for an agreement, opening its accounts");
  init->add_option("--agreement", options->agreement, "agreement.toml")->required();
  store_options(init, *options);
  actor_option(init, *options);
  bind(init, run_init);

  CLI::App* import = app.add_subcommand("import", "Import a CSV extract by an import profile");
  import->add_option("file", options->file, "The CSV file")->required();
  import->add_option("--profile", options->profile, "Profile name (profiles/NAME.toml beside the agreement) or path")
      ->required();
  import->add_flag("--force", options->force, "Import a file already imported (logged)");
  store_options(import, *options);
  actor_option(import, *options);
  bind(import, run_import);

  CLI::App* balance = app.add_subcommand("balance", "Balances by account, from the maintained monthly balances");
  balance->add_option("--from", options->from, "First month, e.g. 2025/26 M01 or 2025-04");
  balance->add_option("--to", options->to, "Last month, e.g. 2025/26 M06");
  balance->add_option("--account", options->account, "Only accounts under this path, e.g. pool/bcf-pool");
  balance->add_flag("--monthly", options->monthly, "One row per account and month");
  balance->add_flag("--csv", options->csv, "account,balance rows for machines");
  store_options(balance, *options);
  bind(balance, run_balance);

  CLI::App* journal = app.add_subcommand("journal", "The journal's entries with their postings and provenance");
  journal->add_option("--since", options->since, "Entries dated on or after, e.g. 2025-10-01");
  journal->add_option("--limit", options->limit, "At most this many entries")->capture_default_str();
  store_options(journal, *options);
  bind(journal, run_journal);

  CLI::App* verify = app.add_subcommand("verify", "Recompute the audit chain and the balances");
  store_options(verify, *options);
  bind(verify, run_verify);

  CLI::App* exported =
      app.add_subcommand("export", "Write the journal for ledger-cli, hledger, beancount or a spreadsheet");
  exported->add_option("--format", options->format, "ledger, beancount or csv")->required();
  exported->add_option("--output,-o", options->output, "File to write (default: standard output)");
  store_options(exported, *options);
  bind(exported, run_export);

  CLI::App* period = app.add_subcommand("period", "Close or reopen a month");
  period->require_subcommand(1);
  CLI::App* close = period->add_subcommand("close", "Close a month: nothing more can be posted in it");
  close->add_option("month", options->period, "e.g. 2025/26 M06")->required();
  store_options(close, *options);
  actor_option(close, *options);
  close->callback([&exit_code, options] { exit_code = run_period(*options, true); });
  CLI::App* reopen = period->add_subcommand("reopen", "Reopen a closed month (logged, with a reason)");
  reopen->add_option("month", options->period, "e.g. 2025/26 M06")->required();
  reopen->add_option("--reason", options->reason, "Why it is reopened")->required();
  reopen->add_option("--decision", options->decision, "The decision that authorises it (naming the month in its refs)");
  store_options(reopen, *options);
  actor_option(reopen, *options);
  reopen->callback([&exit_code, options] { exit_code = run_period(*options, false); });

  CLI::App* quarantine = app.add_subcommand("quarantine", "Rows that could not be imported");
  quarantine->require_subcommand(1);
  CLI::App* list = quarantine->add_subcommand("list", "Quarantined rows (open ones unless --all)");
  list->add_flag("--all", options->all, "Include retried and dismissed rows");
  store_options(list, *options);
  bind(list, run_quarantine_list);
  CLI::App* show = quarantine->add_subcommand("show", "One quarantined row, with its raw text");
  show->add_option("id", options->id)->required();
  store_options(show, *options);
  bind(show, run_quarantine_show);
  CLI::App* retry = quarantine->add_subcommand("retry", "Read a row again (corrected with --raw) and post it");
  retry->add_option("id", options->id)->required();
  retry->add_option("--raw", options->raw, "The corrected row, as a CSV line");
  store_options(retry, *options);
  actor_option(retry, *options);
  bind(retry, run_quarantine_retry);
  CLI::App* dismiss = quarantine->add_subcommand("dismiss", "Mark a row as not to be posted");
  dismiss->add_option("id", options->id)->required();
  dismiss->add_option("--reason", options->reason, "Why")->required();
  store_options(dismiss, *options);
  actor_option(dismiss, *options);
  bind(dismiss, run_quarantine_dismiss);
}

}  // namespace poolbook::cli
