#include "poolbook/daemon/books/forecasts.hpp"

#include <sstream>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"

namespace poolbook::books {
namespace {

std::string setting_key(ledger::FinancialYear year, const std::string& scheme) {
  return "forecast." + year.to_string() + "." + scheme;
}

// "outturn 123.45\nreason ...\nset-by r.osei\nset-on 2025-11-05\n"
std::string setting_text(const ManualForecast& forecast) {
  return "outturn " + forecast.outturn.to_plain() + "\nreason " + forecast.reason + "\nset-by " + forecast.set_by +
         "\nset-on " + forecast.set_on + "\n";
}

std::optional<ManualForecast> from_setting(const std::string& scheme, ledger::FinancialYear year,
                                           const std::string& text) {
  ManualForecast forecast{scheme, year, {}, {}, {}, {}};
  std::istringstream lines(text);
  bool has_outturn = false;
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (key == "outturn") {
      auto amount = ledger::Money::parse(value);
      if (!amount) return std::nullopt;
      forecast.outturn = *amount;
      has_outturn = true;
    } else if (key == "reason") {
      forecast.reason = value;
    } else if (key == "set-by") {
      forecast.set_by = value;
    } else if (key == "set-on") {
      forecast.set_on = value;
    }
  }
  if (!has_outturn) return std::nullopt;
  return forecast;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

Result<ManualForecast> set_manual_forecast(Books& books, const std::string& as, const ManualForecastRequest& request,
                                           date::year_month_day today) {
  auto known = known_actor(books, as, "manual-forecast", "set a manual forecast");
  if (!known) return known.error();
  const contracts::Person& actor = **known;
  const std::string what = "forecast of " + request.scheme + " for " + request.year.to_string() + " at " +
                           request.outturn.to_report() + " (" + request.reason + ")";
  const auto refused_logged = [&](const Error& why) {
    return logged_refusal(
        books, {actor.id, "manual-forecast", request.outturn, request.decision, false, what + ": " + why.message, {}},
        why);
  };
  const contracts::Scheme* scheme = books.agreement.find_scheme(request.scheme);
  if (scheme == nullptr || scheme->budget_annual.find(request.year) == scheme->budget_annual.end())
    return refused_logged(make_error(
        "forecast.scheme", "the agreement has no budget for " + request.scheme + " in " + request.year.to_string()));
  if (request.outturn.is_negative())
    return refused_logged(make_error("forecast.outturn", "a forecast outturn is not negative"));
  if (blank(request.reason))
    return refused_logged(make_error("forecast.reason", "a manual forecast says why it is set: give --reason"));
  if (request.reason.find('\n') != std::string::npos || request.reason.size() > 500)
    return refused_logged(make_error("forecast.reason", "the reason is one line of at most 500 characters"));
  std::optional<Error> refused;
  ManualForecast forecast{request.scheme, request.year, request.outturn,
                          request.reason, actor.id,     ledger::to_iso(today)};
  Status done = books.db->write([&]() -> Status {
    if (books.store->is_closed(ledger::Period(request.year, ledger::FinancialMonth(12))))
      return *(refused = refusal("forecast.closed",
                                 request.year.to_string() + " is closed: its outturn is known, not forecast"));
    auto cited = cited_decision(books, request.decision);
    if (!cited) return *(refused = cited.error());
    if (auto allowed = contracts::authorise(books.agreement, &actor, contracts::ActionType::manual_forecast,
                                            ledger::Money{}, request.year, *cited, today);
        !allowed)
      return *(refused = allowed.error());
    if (auto kept = books.store->set_setting(setting_key(request.year, request.scheme), setting_text(forecast)); !kept)
      return kept;
    return books.governance->log_authority(
        contracts::AuthorityEvent{actor.id, "manual-forecast", request.outturn, request.decision, true, what, {}});
  });
  if (refused) return refused_logged(*refused);
  if (!done) return done.error();
  return forecast;
}

std::map<std::string, ManualForecast> manual_forecasts(Books& books, ledger::FinancialYear year) {
  std::map<std::string, ManualForecast> out;
  for (const contracts::Scheme& scheme : books.agreement.schemes)
    if (const auto kept = books.store->setting(setting_key(year, scheme.id)))
      if (auto forecast = from_setting(scheme.id, year, *kept)) out.emplace(scheme.id, std::move(*forecast));
  return out;
}

}  // namespace poolbook::books
