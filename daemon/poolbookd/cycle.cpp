#include "cycle.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "poolbook/daemon/books/board_pack.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/roi_report.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "poolbook/ledger/text/utf8.hpp"
#include "poolbook/reports/pack/board_share.hpp"
#include "poolbook/reports/pack/pack_layout.hpp"

namespace poolbook::daemon {
namespace {

namespace fs = std::filesystem;

void sync_folder(const fs::path& folder) {
  const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);
  ::close(descriptor);
}

// Flushes every file below `folder`, and the folders themselves, to disk.
bool sync_tree(const fs::path& folder) {
  std::error_code failed;
  bool all = true;
  for (fs::recursive_directory_iterator it(folder, failed), end; !failed && it != end; it.increment(failed)) {
    if (it->is_directory(failed)) {
      sync_folder(it->path());
      continue;
    }
    const int descriptor = ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    all = all && descriptor >= 0 && ::fsync(descriptor) == 0;
    if (descriptor >= 0) ::close(descriptor);
  }
  sync_folder(folder);
  return all && !failed;
}

// ---- the inbox ----

// A name not to touch: hidden, or a download or copy still under its temporary name.
bool ignored(const std::string& name) {
  if (name.empty() || name.front() == '.') return true;
  for (const char* suffix : {".part", ".tmp", ".partial", ".crdownload", ".reason"})
    if (name.size() >= std::char_traits<char>::length(suffix) &&
        name.compare(name.size() - std::char_traits<char>::length(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

// Whether a refusal of a file is the turn's, not the file's: the books cannot be written, the
// person the service acts as may not act, a profile is missing. The file stays in the inbox
// and the turn stops, to try again once that is put right.
bool turn_fault(const Error& error) {
  if (error.kind == ErrorKind::internal) return true;
  for (const char* prefix : {"store.", "authority.", "identity.", "profile.", "books.", "period.term"})
    if (error.rule.rfind(prefix, 0) == 0) return true;
  return false;
}

// Moves the file into `folder` (made if missing) under its name, or its name with "-2", "-3"
// ... if that is taken; with a reason, writes NAME.reason beside it. Returns the new path.
// done/ and rejected/ must be real folders: a link there is refused, never followed.
fs::path move_into(const fs::path& file, const fs::path& folder, const std::string& reason) {
  std::error_code failed;
  if (fs::is_symlink(folder, failed)) {
    spdlog::error("{} is a link, not a folder: nothing is moved through it [daemon.inbox]", folder.string());
    return file;
  }
  fs::create_directories(folder, failed);
  fs::path target = folder / file.filename();
  for (int n = 2; fs::exists(target, failed); ++n)
    target = folder / (file.stem().string() + "-" + std::to_string(n) + file.extension().string());
  // The reason is on disk before the file moves: a crash between the two leaves the file in
  // the inbox (to be refused again, over the same reason), never a refused file without one.
  if (!reason.empty()) {
    const std::string reason_file = target.string() + ".reason";
    const int descriptor = ::open(reason_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    const std::string text = reason + "\n";
    if (descriptor < 0 || ::write(descriptor, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(descriptor) != 0) {
      spdlog::error("{}: its reason cannot be written in {}; the file stays in the inbox", file.string(),
                    folder.string());
      if (descriptor >= 0) ::close(descriptor);
      return file;
    }
    ::close(descriptor);
  }
  fs::rename(file, target, failed);
  if (failed) {
    spdlog::error("{}: could not be moved to {}: {}", file.string(), folder.string(), failed.message());
    return file;
  }
  sync_folder(folder);
  sync_folder(file.parent_path());
  return target;
}

const InboxProfile* profile_for(const DaemonConfig& config, const std::string& name) {
  for (const InboxProfile& profile : config.profiles)
    if (::fnmatch(profile.pattern.c_str(), name.c_str(), 0) == 0) return &profile;
  return nullptr;
}

struct Candidate {
  fs::path path;
  std::uintmax_t size = 0;
  fs::file_time_type changed;
};

// The inbox's files in name order, with their size and time of last change.
std::vector<Candidate> inbox_files(const DaemonConfig& config) {
  std::vector<Candidate> files;
  std::error_code failed;
  for (const fs::directory_entry& entry : fs::directory_iterator(config.inbox, failed)) {
    const std::string name = entry.path().filename().string();
    if (ignored(name) || !entry.is_regular_file(failed) || entry.is_symlink(failed)) continue;
    files.push_back({entry.path(), entry.file_size(failed), entry.last_write_time(failed)});
  }
  std::sort(files.begin(), files.end(), [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
  return files;
}

// A file's name as the log and the terminal may show it: control characters (a newline that
// would forge a log line, an escape that would drive the terminal) and bytes that are not
// UTF-8 as "?".
std::string shown(std::string name) {
  while (const auto bad = ledger::invalid_utf8_at(name)) name[*bad] = '?';
  for (char& c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return name;
}

// What a held refusal of a file names: the file as it is (its name, size and time of change).
std::string file_subject(const fs::path& path, std::uintmax_t size, fs::file_time_type changed) {
  return "file " + path.filename().string() + " " + std::to_string(size) + " " +
         std::to_string(changed.time_since_epoch().count());
}

std::string who_acts(const DaemonConfig& config, const books::Books& books) {
  return books.account + "/" + config.act_as;
}

// Moves the file into done/ or rejected/ and counts it, or, if it cannot be moved, leaves it
// in the inbox as waiting (to be tried again) and says so.
bool settle_file(const fs::path& file, const fs::path& folder, const std::string& reason, TurnReport& report) {
  if (move_into(file, folder, reason) == file) {
    report.waiting.push_back(file.filename().string());
    return false;
  }
  return true;
}

void take_inbox(const DaemonConfig& config, books::Books& books, const TurnOptions& options, TurnReport& report,
                std::optional<HeldRefusal>& held, Sightings& sightings) {
  const auto look = [&] {
    std::vector<Candidate> files = inbox_files(config);
    Sightings seen;
    for (const Candidate& file : files) {
      const std::string key = file.path.filename().string();
      auto before = sightings.find(key);
      const bool same =
          before != sightings.end() && before->second.size == file.size && before->second.changed == file.changed;
      seen[key] = same ? before->second : Sighting{file.size, file.changed, std::chrono::steady_clock::now()};
    }
    sightings = std::move(seen);
    return files;
  };
  std::vector<Candidate> files = look();
  // Complete when its time of change is at least the settle interval past, or when it has
  // not changed (size or time) for that long as this daemon watched it.
  const auto settled = [&](const Candidate& file) {
    const auto since = fs::file_time_type::clock::now() - file.changed;
    const Sighting& seen = sightings[file.path.filename().string()];
    return (since >= config.settle && since.count() >= 0) ||
           std::chrono::steady_clock::now() - seen.since >= config.settle;
  };
  if (options.wait_for_settle &&
      std::any_of(files.begin(), files.end(), [&](const auto& file) { return !settled(file); })) {
    spdlog::info("waiting {} s for files still being written to settle", config.settle.count());
    std::this_thread::sleep_for(config.settle + std::chrono::milliseconds(100));
    files = look();
  }
  const fs::path done = fs::path(config.inbox) / "done";
  const fs::path rejected = fs::path(config.inbox) / "rejected";
  for (std::size_t index = 0; index < files.size(); ++index) {
    const Candidate& file = files[index];
    const std::string name = file.path.filename().string();
    if (options.progress) options.progress("importing " + shown(name), index, files.size());
    std::error_code failed;
    const InboxProfile* profile = profile_for(config, name);
    if (profile == nullptr) {
      // Whole or not, no profile reads it: it is rejected now, and holds up no month.
      const std::string reason =
          name + ": no [[profile]] pattern of " + config.file + " matches this file's name [daemon.profile]";
      if (!settle_file(file.path, rejected, reason, report)) continue;
      spdlog::warn("{}: rejected: no profile matches its name", shown(name));
      report.rejected.push_back({name, reason});
      continue;
    }
    // Complete when settled (and unchanged since it was listed).
    if (!settled(file) || fs::file_size(file.path, failed) != file.size ||
        fs::last_write_time(file.path, failed) != file.changed) {
      report.waiting.push_back(name);
      continue;
    }
    auto head = books.store->record_head();
    const std::string head_now = head ? head->to_string() : std::string();
    const std::string subject = file_subject(file.path, file.size, file.changed);
    if (held && held->holds(subject, head_now, who_acts(config, books))) {
      report.refused = held->refusal;  // refused before, and nothing has changed since
      report.waiting.push_back(name);
      return;
    }
    const auto rows_read = [&](std::size_t rows) {
      spdlog::info("{}: {} rows read", shown(name), rows);
      if (options.progress)
        options.progress("importing " + shown(name) + " (" + std::to_string(rows) + " rows)", index, files.size());
    };
    auto imported =
        books::import_extract(books, config.act_as, {file.path.string(), profile->profile, false, rows_read});
    if (!imported && imported.error().rule == "import.duplicate") {
      // Imported before (a turn killed after the import, before the move): the books hold it.
      if (!settle_file(file.path, done, "", report)) continue;
      spdlog::info("{}: already in the books (same contents); moved to done", shown(name));
      report.imported.push_back(name);
      continue;
    }
    if (!imported && turn_fault(imported.error())) {
      spdlog::error("{}: not imported, left in the inbox to try again: {}", shown(name), imported.error().describe());
      report.refused = imported.error();
      report.waiting.push_back(name);
      auto after = books.store->record_head();
      held =
          HeldRefusal{subject, after ? after->to_string() : std::string(), who_acts(config, books), imported.error()};
      return;
    }
    if (!imported) {
      if (!settle_file(file.path, rejected, imported.error().describe(), report)) continue;
      spdlog::warn("{}: rejected: {}", shown(name), imported.error().describe());
      report.rejected.push_back({name, imported.error().describe()});
      continue;
    }
    if (held && held->subject.rfind("file ", 0) == 0) held.reset();
    report.rows_posted += imported->entries_posted;
    report.rows_quarantined += imported->quarantined.size();
    // The first rows in the log, the rest counted: a file of bad rows must not bury the log.
    constexpr std::size_t kRowsLogged = 10;
    for (std::size_t i = 0; i < imported->quarantined.size() && i < kRowsLogged; ++i) {
      const auto& row = imported->quarantined[i];
      spdlog::warn("{}:{}: quarantined: {} [{}]", shown(name), row.line, row.reason, row.rule);
    }
    if (imported->quarantined.size() > kRowsLogged)
      spdlog::warn("{}: and {} more rows quarantined (poolbook quarantine list)", shown(name),
                   imported->quarantined.size() - kRowsLogged);
    // Imported: it is counted so even if the move fails (the next turn finds it a duplicate).
    if (move_into(file.path, done, "") == file.path) report.waiting.push_back(name);
    spdlog::info("{}: imported by {}: {} rows read, {} posted, {} quarantined", shown(name), profile->profile,
                 imported->records_read, imported->entries_posted, imported->quarantined.size());
    report.imported.push_back(name);
  }
}

// ---- publishing ----

// The file in each published folder that says which close it was made from: the audit
// chain's record of the month's close ("2025/26 M06 412:9f3c..."). A folder whose close has
// since been replaced (the month reopened by a person and closed again) is published again.
constexpr const char* kPublishedFrom = ".published-from";

std::string published_from(const fs::path& folder) {
  std::ifstream in(folder / kPublishedFrom);
  std::string line;
  std::getline(in, line);
  return line;
}

// Writes `write` into a fresh temporary folder beside `folder`, then renames it into place;
// nothing when the folder is there already from the same close (`from`). A folder from an
// earlier close is replaced whole: moved aside, the new one renamed in, the old removed (a
// crash in between leaves no folder, so the next turn publishes it again).
template <typename Write>
Result<bool> publish_folder(const fs::path& folder, const std::string& from, Write write) {
  std::error_code failed;
  const fs::path old = folder.parent_path() / ("." + folder.filename().string() + ".old");
  fs::remove_all(old, failed);
  const bool there = fs::exists(folder, failed);
  if (there && published_from(folder) == from) return false;
  const fs::path partial = folder.parent_path() / ("." + folder.filename().string() + ".partial");
  fs::remove_all(partial, failed);
  fs::create_directories(partial, failed);
  if (failed)
    return make_error(ErrorKind::internal, "publish.write", partial.string() + " cannot be made: " + failed.message());
  if (auto written = write(partial); !written) return written.error();
  {
    std::ofstream marker(partial / kPublishedFrom);
    marker << from << "\n";
    marker.close();
    if (!marker)
      return make_error(ErrorKind::internal, "publish.write",
                        (partial / kPublishedFrom).string() + " cannot be written");
  }
  // Every file's bytes on disk before the folder is renamed into place: after a power cut the
  // folder is there whole, or not at all.
  if (!sync_tree(partial))
    return make_error(ErrorKind::internal, "publish.write", partial.string() + " cannot be flushed to disk");
  if (there) {
    spdlog::info("{}: was published from an earlier close ({}); publishing it again", folder.string(),
                 published_from(folder));
    fs::rename(folder, old, failed);
  }
  if (!failed) fs::rename(partial, folder, failed);
  if (failed)
    return make_error(ErrorKind::internal, "publish.write",
                      folder.string() + " cannot be put in place: " + failed.message());
  sync_folder(folder.parent_path());
  fs::remove_all(old, failed);
  return true;
}

Status write_document(const reports::Document& document, const fs::path& folder, const std::string& name,
                      const DaemonConfig& config) {
  auto files = reports::write_report(document, folder, name, config.formats);
  if (!files) return files.error();
  return ok_status();
}

// The month's statement, and at a quarter's end first the quarter's packs and ROI report:
// each folder published if it is missing, or was made from an earlier close of the month.
Status publish_month(const DaemonConfig& config, books::Books& books, const ledger::Period& period,
                     TurnReport& report) {
  const fs::path year = fs::path(config.outbox) / reports::period_file_word(period.year().to_string());
  const fs::path month_folder = year / period.month().to_string();
  auto record = books.store->close_record(period);
  if (!record) return record.error();
  const std::string from = period.to_string() + " " + (*record ? (*record)->to_string() : std::string("?"));
  if (period.is_quarter_end()) {
    const ledger::QuarterPeriod quarter = period.quarter();
    const fs::path quarter_folder = year / quarter.quarter().to_string();
    const bool fourth = quarter.quarter().number() == 4;
    auto published = publish_folder(quarter_folder, from, [&](const fs::path& into) -> Status {
      auto packs = books::board_packs(
          books, quarter, {config.value_case, fourth ? config.self_assessment : "", "", config.close.working_day});
      if (!packs) return packs.error();
      for (const reports::BoardPack& pack : *packs) {
        if (auto done = write_document(reports::pack_document(pack), into,
                                       reports::quarter_file_name("board-pack", pack), config);
            !done)
          return done;
        if (auto done = write_document(reports::return_document(pack), into,
                                       reports::quarter_file_name("bcf-return", pack), config);
            !done)
          return done;
      }
      if (!config.value_case.empty()) {
        auto appraisals = books::roi_appraisals(books, {config.value_case, {}, true, quarter, true});
        if (!appraisals && appraisals.error().rule == "roi.realised")
          appraisals = books::roi_appraisals(books, {config.value_case, {}, false, quarter, true});
        if (!appraisals) return appraisals.error();
        const reports::Document document =
            reports::roi_document(books.agreement.title, "Return on investment: " + appraisals->front().scope,
                                  appraisals->back().as_at, *appraisals);
        if (auto done = write_document(document, into, "roi-fund", config); !done) return done;
      }
      return ok_status();
    });
    if (!published) return published.error();
    if (*published) {
      report.published.push_back(quarter_folder.string());
      spdlog::info("{}: published into {}", quarter.to_string(), quarter_folder.string());
    }
  }
  auto published = publish_folder(month_folder, from, [&](const fs::path& into) -> Status {
    auto statement = books::statement_pack(books, period);
    if (!statement) return statement.error();
    return write_document(reports::statement_document(*statement), into,
                          "statement-" + reports::period_file_word(period.to_string()), config);
  });
  if (!published) return published.error();
  if (*published) {
    report.published.push_back(month_folder.string());
    spdlog::info("{}: published into {}", period.to_string(), month_folder.string());
  }
  return ok_status();
}

}  // namespace

Result<Clock::time_point> close_time(const ledger::Period& period, const CloseRule& rule) {
  auto day = ledger::WorkingCalendar::england_and_wales().working_day_after_month_end(period, rule.working_day);
  if (!day) return day.error();
  return ledger::london_instant(*day, rule.at);
}

std::vector<ledger::Period> term_months(const contracts::Agreement& agreement) {
  std::vector<ledger::Period> months;
  for (const ledger::FinancialYear& year : agreement.years())
    for (int number = 1; number <= 12; ++number) {
      const ledger::Period period(year, ledger::FinancialMonth(number));
      if (period.last_day() < agreement.start) continue;
      if (agreement.effective_end() < period.first_day()) return months;
      months.push_back(period);
    }
  return months;
}

Result<TurnReport> run_turn(const DaemonConfig& config, books::Books& books, Clock::time_point now,
                            const TurnOptions& options, std::optional<HeldRefusal>& held, Sightings& sightings) {
  TurnReport report;
  std::error_code failed;
  for (const char* folder : {"done", "rejected"}) {
    const fs::path path = fs::path(config.inbox) / folder;
    if (fs::is_symlink(path, failed))
      return refusal("daemon.inbox", path.string() + " is a link, not a folder: nothing is moved through it");
    if (fs::exists(path, failed) && !fs::is_directory(path, failed))
      return refusal("daemon.inbox", path.string() + " is not a folder: nothing can be moved into it");
  }
  if (!fs::is_directory(config.inbox, failed))
    return refusal("daemon.inbox", "the inbox " + config.inbox + " is not a folder");
  take_inbox(config, books, options, report, held, sightings);
  if (report.refused) return report;
  // A month does not close while a file may still be on its way: one being written, or one
  // that could not be taken this turn, may hold its figures.
  if (!report.waiting.empty()) {
    spdlog::warn("{} file(s) still arriving: no month closes until they are taken", report.waiting.size());
    return report;
  }
  const std::vector<ledger::Period> months = term_months(books.agreement);
  std::size_t due_count = 0;
  for (const ledger::Period& period : months) {
    auto due = close_time(period, config.close);
    if (!due) {
      report.refused = due.error();
      return report;
    }
    if (now < *due) {
      report.next_close = period;
      report.next_close_at = *due;
      break;
    }
    ++due_count;
  }
  for (std::size_t index = 0; index < due_count; ++index) {
    const ledger::Period& period = months[index];
    if (!books.store->is_closed(period)) {
      if (books.store->ever_closed(period)) {
        report.refused = refusal("daemon.reopened", period.to_string() +
                                                        " was reopened by a person: it is theirs to close again "
                                                        "(poolbook close); no later month closes before it");
        return report;
      }
      auto head = books.store->record_head();
      const std::string head_now = head ? head->to_string() : std::string();
      if (held && held->holds(period.to_string(), head_now, who_acts(config, books))) {
        // Refused before, and nothing in the books has changed since: it would be refused again.
        report.refused = held->refusal;
        return report;
      }
      if (options.progress) options.progress("closing " + period.to_string(), index, due_count);
      auto closed = books::close_month_end(books, config.act_as, period);
      if (!closed) {
        report.refused = closed.error();
        for (const std::string& detail : closed.error().details) spdlog::error("{}: {}", period.to_string(), detail);
        spdlog::error("{}: the close is refused, and will be tried again when the books change: {}", period.to_string(),
                      closed.error().describe());
        auto after = books.store->record_head();
        held = HeldRefusal{period.to_string(), after ? after->to_string() : std::string(), who_acts(config, books),
                           closed.error()};
        return report;
      }
      held.reset();
      report.closed.push_back(period.to_string());
      spdlog::info("{}: closed ({} of {} months due); head of the books {}", period.to_string(), index + 1, due_count,
                   closed->head.to_string());
    }
    if (auto published = publish_month(config, books, period, report); !published) {
      report.refused = published.error();
      spdlog::error("{}: not published, and will be tried again: {}", period.to_string(), published.error().describe());
      return report;
    }
  }
  if (options.progress) options.progress("done", due_count, due_count);
  return report;
}

}  // namespace poolbook::daemon
