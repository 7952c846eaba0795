#include "poolbook/reports/pack/self_assessment.hpp"

#include <charconv>

#include "poolbook/ledger/csv/csv_reader.hpp"
#include "poolbook/ledger/text/utf8.hpp"

namespace poolbook::reports {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

}  // namespace

const std::vector<std::string>& best_practice_actions() {
  static const std::vector<std::string> actions{
      "Risk stratification",      "Access to information",
      "Multidisciplinary teams",  "Personalised care plans",
      "Rapid response",           "Operational framework",
      "Integrated commissioning", "Shared records",
      "Community capacity",       "Partnership with the voluntary, community and social enterprise sector",
      "Common purpose",           "Collaborative culture",
      "Resource allocation",      "Accountability",
      "Workforce planning",
  };
  return actions;
}

SelfAssessmentRead read_self_assessment(std::string_view text, const std::string& file) {
  SelfAssessmentRead read;
  const auto& titles = best_practice_actions();
  for (std::size_t i = 0; i < titles.size(); ++i)
    read.actions.push_back(PackAssessment{static_cast<int>(i + 1), titles[i], "not assessed", ""});
  std::vector<long> seen(titles.size() + 1, 0);
  const auto refuse = [&](std::string rule, std::string message, long line) {
    Error error = make_error(std::move(rule), std::move(message));
    error.file = file;
    error.line = line;
    read.refused.push_back(std::move(error));
  };
  ledger::CsvOptions options;
  options.max_records = 1'000;
  ledger::CsvReader reader(text, options);
  bool header = true;
  while (true) {
    auto next = reader.next();
    if (!next) {
      refuse(next.error().rule, next.error().message, next.error().line);
      if (header) return read;
      continue;
    }
    if (!*next) break;
    const ledger::CsvRecord& record = **next;
    if (header) {
      header = false;
      if (record.fields.size() != 3 || trim(record.fields[0]) != "action" || trim(record.fields[1]) != "rating" ||
          trim(record.fields[2]) != "note") {
        refuse("self-assessment.header", "the header must be action,rating,note; nothing was read", record.line);
        return read;
      }
      continue;
    }
    if (record.fields.size() != 3) {
      refuse("self-assessment.fields", "the row has " + std::to_string(record.fields.size()) + " fields, not 3",
             record.line);
      continue;
    }
    const std::string number = trim(record.fields[0]);
    int action = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), action);
    if (error != std::errc{} || end != number.data() + number.size() || action < 1 || action > 15) {
      refuse("self-assessment.action", "'" + number.substr(0, 24) + "' is not an action number from 1 to 15",
             record.line);
      continue;
    }
    const std::string rating = trim(record.fields[1]);
    if (rating != "green" && rating != "amber" && rating != "red") {
      refuse("self-assessment.rating", "'" + rating.substr(0, 24) + "' is not a rating: green, amber or red",
             record.line);
      continue;
    }
    const std::string note = trim(record.fields[2]);
    if (ledger::invalid_utf8_at(note) || ledger::control_at(note) || note.find_first_of("\r\n") != std::string::npos) {
      refuse("self-assessment.text", "the note is not one line of UTF-8 text without control characters", record.line);
      continue;
    }
    auto& first = seen[static_cast<std::size_t>(action)];
    if (first != 0) {
      refuse("self-assessment.duplicate",
             "action " + number + " is rated twice (first at line " + std::to_string(first) + ")", record.line);
      continue;
    }
    first = record.line;
    PackAssessment& assessed = read.actions[static_cast<std::size_t>(action - 1)];
    assessed.rating = rating;
    assessed.note = note;
  }
  if (header) refuse("self-assessment.header", "the file is empty: no header action,rating,note", 1);
  return read;
}

}  // namespace poolbook::reports
