#include "status.hpp"

#include <algorithm>
#include <filesystem>

#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/store/pg_database.hpp"
#include "poolbook/reports/render/html.hpp"
#include "poolbook/reports/render/report_files.hpp"

namespace poolbook::daemon {
namespace {

namespace fs = std::filesystem;

std::string seconds_since_epoch(Clock::time_point at) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
}

// The quarters' HTML documents in the outbox, the latest quarter first, each quarter's in name order.
std::vector<PublishedLink> published_documents(const DaemonConfig& config, const contracts::Agreement& agreement) {
  std::vector<PublishedLink> links;
  auto years = agreement.years();
  for (auto year = years.rbegin(); year != years.rend(); ++year) {
    const std::string year_word = reports::period_file_word(year->to_string());
    for (int quarter = 4; quarter >= 1; --quarter) {
      const std::string folder = year_word + "/Q" + std::to_string(quarter);
      std::vector<std::string> names;
      std::error_code failed;
      for (fs::directory_iterator it(fs::path(config.outbox) / folder, failed), end; !failed && it != end;
           it.increment(failed))
        if (it->path().extension() == ".html" && it->is_regular_file(failed) && !it->is_symlink(failed))
          names.push_back(it->path().filename().string());
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) links.push_back({folder, folder + "/" + name});
    }
  }
  return links;
}

}  // namespace

std::string month_state_word(MonthState state) {
  switch (state) {
    case MonthState::closed:
      return "closed";
    case MonthState::due:
      return "due";
    case MonthState::reopened:
      return "reopened";
    case MonthState::to_come:
      return "to come";
  }
  return "?";
}

Result<BooksStatus> books_status(const DaemonConfig& config, books::Books& books, Clock::time_point now) {
  BooksStatus status;
  status.title = books.agreement.title;
  status.agreement = books.agreement.id;
  auto read = books.db->read([&]() -> Status {
    auto head = books.store->record_head();
    if (!head) return head.error();
    status.head = head->to_string();
    std::optional<ledger::Period> first_open;
    for (const ledger::Period& period : term_months(books.agreement)) {
      auto due = close_time(period, config.close);
      if (!due) return due.error();
      MonthLine line{period, *due, MonthState::to_come, {}, false};
      if (books.store->is_closed(period)) {
        line.state = MonthState::closed;
        auto record = books.store->close_record(period);
        if (record && *record) line.close_record = (*record)->to_string();
        ++status.months_closed;
        status.last_closed = period;
      } else {
        if (!first_open) first_open = period;
        if (books.store->ever_closed(period))
          line.state = MonthState::reopened;
        else if (!(now < *due))
          line.state = MonthState::due;
        if (line.state != MonthState::to_come) ++status.months_behind;
        if (line.state == MonthState::to_come && !status.next_close) {
          status.next_close = period;
          status.next_close_at = *due;
        }
      }
      std::error_code failed;
      line.published = fs::is_directory(
          fs::path(config.outbox) / reports::period_file_word(period.year().to_string()) / period.month().to_string(),
          failed);
      status.months.push_back(line);
    }
    status.quarantined = books.store->quarantine(true);
    status.exceptions_of = first_open ? first_open : status.last_closed;
    if (status.exceptions_of) {
      auto statement = books::month_statement(books, *status.exceptions_of);
      if (statement)
        status.exceptions = statement->exceptions;
      else
        status.exceptions_failed = statement.error().describe();
    }
    return ok_status();
  });
  if (!read) return read.error();
  status.documents = published_documents(config, books.agreement);
  return status;
}

namespace {

std::string h(std::string_view text) { return reports::escape_html_text(text); }

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}"
    "h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}"
    ".as-at{color:#555;margin-top:0}"
    ".summary{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}"
    ".figure{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem;min-width:9rem}"
    ".figure b{display:block;font-size:1.4rem}"
    ".refused{border:2px solid #b00020;background:#fdecee;padding:.8rem 1rem;border-radius:6px}"
    ".ok{border:2px solid #2e7d32;background:#edf7ee;padding:.8rem 1rem;border-radius:6px}"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .7rem;"
    "text-align:left;vertical-align:top}tbody "
    "th,td.when{white-space:nowrap}caption{text-align:left;font-weight:600;padding:.3rem 0}"
    "td.state-closed{color:#2e7d32}td.state-due,td.state-reopened{color:#b00020;font-weight:600}"
    "td.hard{color:#b00020;font-weight:600}code{font-size:.85rem}.none,.note{color:#555}";

// A month's published statement, as a link on the page.
std::string statement_link(const ledger::Period& period) {
  const std::string month = period.month().to_string();
  const std::string path = reports::period_file_word(period.year().to_string()) + "/" + month + "/statement-" +
                           reports::period_file_word(period.to_string()) + ".html";
  return "<a href=\"/outbox/" + h(path) + "\">yes</a>";
}

std::string count_word(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// The months of the year of the last month closed and of the next to close (so that, just
// after a year end, the year just closed is still shown), and any other month due or
// reopened; the rest of the term is counted under the table.
void write_months(std::string& out, const BooksStatus& books, Clock::time_point now) {
  std::vector<ledger::FinancialYear> shown_years;
  for (const auto& period : {books.last_closed, books.next_close})
    if (period && std::find(shown_years.begin(), shown_years.end(), period->year()) == shown_years.end())
      shown_years.push_back(period->year());
  if (shown_years.empty()) shown_years.push_back(ledger::FinancialYear::containing(ledger::london_date(now)));
  std::string years_text;
  for (const auto& year : shown_years) years_text += (years_text.empty() ? "" : " and ") + year.to_string();
  out += "<h2 id=\"months\">Months</h2>\n<table>\n<caption>The months of " + h(years_text) +
         " (and any other month due): closed, due or to come</caption>\n<thead><tr><th scope=\"col\">Month</th>"
         "<th scope=\"col\">Closes at</th><th scope=\"col\">State</th><th scope=\"col\">Statement published</th>"
         "<th scope=\"col\">Close record</th></tr></thead>\n<tbody>\n";
  std::size_t closed_elsewhere = 0;
  std::size_t to_come_elsewhere = 0;
  for (const MonthLine& line : books.months) {
    const bool shown_year = std::find(shown_years.begin(), shown_years.end(), line.period.year()) != shown_years.end();
    if (!shown_year && (line.state == MonthState::closed || line.state == MonthState::to_come)) {
      ++(line.state == MonthState::closed ? closed_elsewhere : to_come_elsewhere);
      continue;
    }
    const std::string word = month_state_word(line.state);
    std::string state_class = word;
    std::replace(state_class.begin(), state_class.end(), ' ', '-');
    out += "<tr><th scope=\"row\">" + h(line.period.to_string()) + "</th><td>" +
           h(ledger::london_minute_text(line.close_at)) + "</td><td class=\"state-" + state_class + "\">" + h(word) +
           "</td><td>" + (line.published ? statement_link(line.period) : std::string("no")) + "</td><td><code>" +
           h(line.close_record.substr(0, 24)) + "</code></td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (closed_elsewhere + to_come_elsewhere > 0)
    out += "<p class=\"note\">The term's other months: " + count_word(closed_elsewhere, "month", "months") +
           " closed and " + std::to_string(to_come_elsewhere) + " to come.</p>\n";
}

void write_files(std::string& out, const DaemonState::Snapshot& state, Clock::time_point now) {
  const auto today = ledger::london_date(now);
  std::vector<const FileEvent*> todays;
  for (const FileEvent& event : state.files)
    if (ledger::london_date(event.at) == today) todays.push_back(&event);
  const auto imported = std::count_if(todays.begin(), todays.end(), [](const FileEvent* e) { return e->imported; });
  out += "<h2 id=\"files\">Files today</h2>\n<p>" + count_word(static_cast<std::size_t>(imported), "file", "files") +
         " imported and " + count_word(todays.size() - static_cast<std::size_t>(imported), "file", "files") +
         " rejected today by this poolbookd since it started (inbox/done/ and inbox/rejected/ hold every file "
         "taken).</p>\n";
  if (todays.empty()) return;
  constexpr std::size_t kShown = 20;
  out += "<table>\n<caption>Files taken from the inbox today, latest first" +
         std::string(todays.size() > kShown ? " (the latest 20; the log has them all)" : "") +
         "</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">At</th><th "
         "scope=\"col\">Outcome</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n";
  std::size_t shown = 0;
  for (auto it = todays.rbegin(); it != todays.rend() && shown < kShown; ++it, ++shown)
    out += "<tr><th scope=\"row\">" + h((*it)->name) + "</th><td class=\"when\">" +
           h(ledger::london_minute_text((*it)->at)) + "</td><td" +
           ((*it)->imported ? ">imported" : " class=\"hard\">rejected") + "</td><td>" + h((*it)->detail) +
           "</td></tr>\n";
  out += "</tbody>\n</table>\n";
}

void write_quarantine_and_exceptions(std::string& out, const BooksStatus& books) {
  out += "<h2 id=\"quarantine\">Quarantined rows</h2>\n";
  if (books.quarantined.empty()) {
    out += "<p class=\"none\">No row is waiting in quarantine.</p>\n";
  } else {
    constexpr std::size_t kShown = 50;
    out += "<table>\n<caption>" + count_word(books.quarantined.size(), "row", "rows") +
           " waiting (poolbook quarantine list)" +
           (books.quarantined.size() > kShown ? ", the first " + std::to_string(kShown) + " shown" : std::string()) +
           "</caption>\n<thead><tr><th scope=\"col\">File and line</th><th scope=\"col\">Rule</th><th "
           "scope=\"col\">Reason</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < books.quarantined.size() && i < kShown; ++i) {
      const auto& row = books.quarantined[i];
      out += "<tr><th scope=\"row\">" + h(fs::path(row.file).filename().string() + ":" + std::to_string(row.line)) +
             "</th><td><code>" + h(row.rule) + "</code></td><td>" + h(row.reason) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "<h2 id=\"exceptions\">Open exceptions</h2>\n";
  if (!books.exceptions_of) return;
  if (!books.exceptions_failed.empty()) {
    out += "<p class=\"refused\">The exceptions of " + h(books.exceptions_of->to_string()) +
           " could not be read: " + h(books.exceptions_failed) + "</p>\n";
    return;
  }
  if (books.exceptions.empty()) {
    out += "<p class=\"none\">" + h(books.exceptions_of->to_string()) + " has no exception.</p>\n";
    return;
  }
  out += "<table>\n<caption>The exceptions of " + h(books.exceptions_of->to_string()) +
         " as the books stand (a hard one stops its close)</caption>\n<thead><tr><th scope=\"col\">Rule</th><th "
         "scope=\"col\">Kind</th><th scope=\"col\">Exception</th></tr></thead>\n<tbody>\n";
  for (const auto& exception : books.exceptions)
    out += "<tr><th scope=\"row\"><code>" + h(exception.rule) + "</code></th><td" +
           (exception.hard ? " class=\"hard\">hard" : ">warning") + "</td><td>" + h(exception.message) + "</td></tr>\n";
  out += "</tbody>\n</table>\n";
}

void write_documents(std::string& out, const BooksStatus& books) {
  out += "<h2 id=\"packs\">Published packs</h2>\n";
  if (books.documents.empty()) {
    out += "<p class=\"none\">No quarter's pack is published yet.</p>\n";
    return;
  }
  out += "<ul>\n";
  for (const PublishedLink& link : books.documents)
    out += "<li><a href=\"/outbox/" + h(link.path) + "\">" + h(link.path) + "</a></li>\n";
  out += "</ul>\n";
}

}  // namespace

std::string status_page(const DaemonConfig& config, const BooksStatus& books, const DaemonState::Snapshot& state,
                        Clock::time_point now) {
  std::string out =
      "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" "
      "content=\"60\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>poolbookd: " +
      h(books.title) + "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<h1>" + h(books.title) + "</h1>\n<p class=\"as-at\">poolbookd's status at " +
      h(ledger::london_minute_text(now)) + " (refreshes every minute). Books <code>" +
      h(ledger::redacted_url(config.store)) + "</code>, agreement <code>" + h(books.agreement) + "</code>.</p>\n";
  out += "<div class=\"summary\">";
  out += "<div class=\"figure\">Months closed<b>" + std::to_string(books.months_closed) + " of " +
         std::to_string(books.months.size()) + "</b></div>";
  out += "<div class=\"figure\">Months behind<b>" + std::to_string(books.months_behind) + "</b></div>";
  out += "<div class=\"figure\">Last closed<b>" + h(books.last_closed ? books.last_closed->to_string() : "none") +
         "</b></div>";
  out += "<div class=\"figure\">Next close<b>" + h(books.next_close ? books.next_close->to_string() : "none") + "</b>" +
         (books.next_close_at ? h(ledger::london_minute_text(*books.next_close_at)) : std::string()) + "</div>";
  out += "<div class=\"figure\">Rows in quarantine<b>" + std::to_string(books.quarantined.size()) + "</b></div>";
  out += "</div>\n";
  if (state.failed) {
    out += "<div class=\"refused\" role=\"alert\"><p><b>The last turn failed:</b> " + h(state.failed->describe()) +
           "</p></div>\n";
  } else if (state.refused) {
    out += "<div class=\"refused\" role=\"alert\"><p><b>Stopped:</b> " + h(state.refused->describe()) + "</p>";
    if (!state.refused->details.empty()) {
      out += "<ul>";
      for (const std::string& detail : state.refused->details) out += "<li>" + h(detail) + "</li>";
      out += "</ul>";
    }
    out +=
        "<p>It is tried again when the books change (a corrected file in the inbox, a person's "
        "correction).</p></div>\n";
  } else if (state.waiting > 0) {
    out += "<div class=\"refused\" role=\"alert\"><p><b>Waiting:</b> " +
           count_word(state.waiting, "file is", "files are") +
           " still arriving in the inbox, or could not be moved out of it (the log says which): no month closes "
           "until they are taken.</p></div>\n";
  } else {
    out += "<div class=\"ok\"><p>" +
           std::string(state.last_turn_at ? "The last turn, at " + h(ledger::london_minute_text(*state.last_turn_at)) +
                                                ", finished its work."
                                          : "No turn has finished yet.") +
           "</p></div>\n";
  }
  write_months(out, books, now);
  write_files(out, state, now);
  write_quarantine_and_exceptions(out, books);
  write_documents(out, books);
  out += "<h2 id=\"daemon\">Since poolbookd started</h2>\n<p>Started " + h(ledger::london_minute_text(state.started)) +
         "; " + count_word(state.turns, "turn", "turns") + ", " + count_word(state.files_imported, "file", "files") +
         " imported (" + count_word(state.rows_posted, "row", "rows") + " posted, " +
         std::to_string(state.rows_quarantined) + " quarantined), " + std::to_string(state.files_rejected) +
         " rejected, " + count_word(state.months_closed, "month", "months") + " closed, " +
         count_word(state.errors, "error", "errors") + ". The audit chain's head: <code>" + h(books.head) +
         "</code>. Figures for machines: <a href=\"/metrics\">/metrics</a>.</p>\n</body>\n</html>\n";
  return out;
}

std::string metrics_text(const BooksStatus& books, const DaemonState::Snapshot& state, Clock::time_point now) {
  std::string out;
  const auto metric = [&](const char* name, const char* type, const char* help, const std::string& value) {
    out +=
        std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " + value + "\n";
  };
  metric("poolbookd_up", "gauge", "1 while poolbookd runs and can read its books.", "1");
  metric("poolbookd_time_seconds", "gauge", "The daemon's clock (fixed by --now).", seconds_since_epoch(now));
  metric("poolbookd_months_closed", "gauge", "Months of the agreement's term closed in the books.",
         std::to_string(books.months_closed));
  metric("poolbookd_months_behind", "gauge", "Months whose close time has passed and that are not closed.",
         std::to_string(books.months_behind));
  metric("poolbookd_last_close_timestamp_seconds", "gauge",
         "When this poolbookd last closed a month (0: not since it started).",
         state.last_close_at ? seconds_since_epoch(*state.last_close_at) : "0");
  metric("poolbookd_next_close_timestamp_seconds", "gauge", "When the next month is due to close (0: none).",
         books.next_close_at ? seconds_since_epoch(*books.next_close_at) : "0");
  metric("poolbookd_close_refused", "gauge", "1 while a refused close (or publishing) stops the daemon.",
         state.refused ? "1" : "0");
  metric("poolbookd_files_waiting", "gauge", "Files the last turn left in the inbox (no month closes while any is).",
         std::to_string(state.waiting));
  metric("poolbookd_quarantined_rows", "gauge", "Rows waiting in quarantine in the books.",
         std::to_string(books.quarantined.size()));
  metric("poolbookd_turns_total", "counter", "Turns taken since start.", std::to_string(state.turns));
  metric("poolbookd_files_imported_total", "counter", "Inbox files imported since start.",
         std::to_string(state.files_imported));
  metric("poolbookd_files_rejected_total", "counter", "Inbox files rejected since start.",
         std::to_string(state.files_rejected));
  metric("poolbookd_rows_posted_total", "counter", "Rows posted from inbox files since start.",
         std::to_string(state.rows_posted));
  metric("poolbookd_rows_quarantined_total", "counter", "Rows quarantined from inbox files since start.",
         std::to_string(state.rows_quarantined));
  metric("poolbookd_months_closed_total", "counter", "Months this poolbookd closed since start.",
         std::to_string(state.months_closed));
  metric("poolbookd_errors_total", "counter", "Turns that failed, and closes or publishing refused, since start.",
         std::to_string(state.errors));
  return out;
}

}  // namespace poolbook::daemon
