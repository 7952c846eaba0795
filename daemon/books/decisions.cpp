#include "poolbook/daemon/books/decisions.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "poolbook/contracts/governance/governance_changes.hpp"
#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"

namespace poolbook::books {
namespace {

// The votes as recorded, in the order they were given; each person votes once.
Result<std::vector<contracts::Vote>> votes_recorded(const DecisionRequest& request) {
  std::vector<contracts::Vote> votes;
  std::set<std::string> voted;
  for (const auto& [people, cast] : {std::pair{&request.in_favour, contracts::VoteCast::in_favour},
                                     std::pair{&request.against, contracts::VoteCast::against},
                                     std::pair{&request.abstain, contracts::VoteCast::abstain}})
    for (const std::string& person : *people) {
      if (!voted.insert(person).second) return make_error("decision.votes", person + " is recorded with two votes");
      votes.push_back(contracts::Vote{person, cast});
    }
  return votes;
}

// A body's decisions (and a governing body's ratifications) are recorded by its clerk or its
// chair; anyone else is refused, and the refusal is logged.
Status may_record(Books& books, const contracts::Person& clerk, const contracts::Body& body, const std::string& action,
                  ledger::Money amount, const std::string& decision) {
  if (body.records_decisions(clerk.id)) return ok_status();
  std::string who;
  for (const std::string& named : body.clerks) who += (who.empty() ? "" : ", ") + named;
  const std::string reason = clerk.id + " is neither a clerk nor the chair of " + body.name +
                             ", so may not record its decisions" +
                             (who.empty() ? std::string(" (it names no clerk)") : " (its clerks: " + who + ")");
  return logged_refusal(books, {clerk.id, action, amount, decision, false, reason, {}},
                        refusal("authority.clerk", reason));
}

}  // namespace

Result<RecordedDecision> record_decision(Books& books, const std::string& as, const DecisionRequest& request) {
  auto clerk = known_actor(books, as, "decide", "record a decision");
  if (!clerk) return clerk.error();
  if (const contracts::Body* body = books.agreement.find_body(request.body); body != nullptr)
    if (auto may = may_record(books, **clerk, *body, "decide", request.amount, request.id); !may) return may.error();
  // A decision to adopt a variation approves one text: the minutes name it by its SHA-256.
  if ((request.action == contracts::ActionType::agreement_variation ||
       request.action == contracts::ActionType::agreement_extension) &&
      contracts::digests_named(request.refs).empty())
    return make_error("authority.refs",
                      "a decision on " + std::string(contracts::enum_word(request.action)) +
                          " names the varied agreement it approves: give its SHA-256 in --refs (all 64 digits, as "
                          "sha256sum prints them); nothing was recorded");
  auto votes = votes_recorded(request);
  if (!votes) return votes.error();
  std::map<std::string, contracts::VoteCast> cast_by;
  for (const contracts::Vote& vote : *votes) cast_by.emplace(vote.person, vote.cast);
  const contracts::Meeting meeting{request.body, request.year, request.present, cast_by, request.conflicted};
  auto result = contracts::decide(books.agreement, meeting);
  if (!result) return result.error();
  const std::string outcome(contracts::outcome_word(result->outcome));
  if (request.minuted_outcome && *request.minuted_outcome != outcome) {
    Error disagree = make_error("decision.outcome", "the minutes say '" + *request.minuted_outcome +
                                                        "' but the attendance and votes give '" + outcome +
                                                        "'; nothing was recorded");
    disagree.details = result->working;
    return disagree;
  }
  contracts::DecisionRecord record;
  record.id = request.id;
  record.body = request.body;
  record.decided_on = request.on;
  record.matter = request.matter;
  record.action = std::string(contracts::enum_word(request.action));
  record.amount = request.amount;
  record.year = request.year;
  record.refs = request.refs;
  record.present = request.present;
  record.votes = std::move(votes).value();
  record.conflicted = request.conflicted;
  record.outcome = result->outcome;
  record.conditions = request.conditions;
  record.recorded_by = (*clerk)->id;
  // The record and the authority log's line together: every decision recorded is logged.
  const std::string logged = "recorded " + record.id + " of " + record.body + " (" + ledger::to_iso(record.decided_on) +
                             "): " + std::string(contracts::outcome_word(record.outcome));
  if (auto recorded = books.db->write([&]() -> Status {
        if (auto done = books.governance->record_decision(record); !done) return done;
        return books.governance->log_authority(
            {record.recorded_by, "decide", record.amount, record.id, true, logged, {}});
      });
      !recorded)
    return recorded.error();
  return RecordedDecision{std::move(record), std::move(result->working)};
}

std::vector<contracts::DecisionRecord> decisions(Books& books, const DecisionFilter& filter) {
  std::vector<contracts::DecisionRecord> chosen;
  for (auto& decision : books.governance->decisions())
    if ((filter.body.empty() || decision.body == filter.body) &&
        (!filter.since || decision.decided_on >= *filter.since))
      chosen.push_back(std::move(decision));
  return chosen;
}

Result<Ratification> ratify(Books& books, const std::string& as, Ratification ratification,
                            date::year_month_day today) {
  auto clerk = known_actor(books, as, "ratify", "record a ratification");
  if (!clerk) return clerk.error();
  const auto* body = books.agreement.find_body(ratification.body);
  if (body == nullptr || body->kind != contracts::BodyKind::governing_body)
    return make_error("decision.ratification", ratification.body + " is not a partner's governing body");
  if (auto may = may_record(books, **clerk, *body, "ratify", ledger::Money{}, ratification.decision); !may)
    return may.error();
  const std::string on_iso = ledger::to_iso(ratification.on);
  if (auto decision = books.governance->decision(ratification.decision);
      decision && ratification.on < decision->decided_on)
    return make_error("decision.ratification", "a ratification on " + on_iso + " would come before decision " +
                                                   decision->id + " was taken (" +
                                                   ledger::to_iso(decision->decided_on) + ")");
  if (ratification.on > today)
    return make_error("decision.ratification",
                      "a ratification dated " + on_iso + " has not happened yet: record it then");
  const std::string logged =
      "recorded the ratification of " + ratification.decision + " by " + body->id + " (" + on_iso + ")";
  if (auto done = books.db->write([&]() -> Status {
        if (auto made =
                books.governance->record_ratification(ratification.decision, body->id, ratification.on, (*clerk)->id);
            !made)
          return made;
        return books.governance->log_authority(
            {(*clerk)->id, "ratify", ledger::Money{}, ratification.decision, true, logged, {}});
      });
      !done)
    return done.error();
  ratification.body_name = body->name;
  return ratification;
}

namespace {

// A virement changes a year's budgets: a year the agreement covers, with a month still open
// for the budgets to be spent in.
Status year_open_for_budgets(Books& books, ledger::FinancialYear year) {
  const auto years = books.agreement.years();
  if (std::find(years.begin(), years.end(), year) == years.end())
    return refusal("virement.year",
                   year.to_string() + " is outside the agreement's term, so it has no budgets to move");
  for (int month = 1; month <= 12; ++month)
    if (!books.store->is_closed(ledger::Period(year, ledger::FinancialMonth(month)))) return ok_status();
  return refusal("virement.closed-year",
                 "every month of " + year.to_string() + " is closed: its budgets can no longer be moved");
}

// A virement moves budget a scheme has: its budget for the year as varied, with what earlier
// virements moved onto and off it, covers the amount (no line is left below zero).
Status budget_covers(const contracts::Agreement& agreement, const std::vector<contracts::VirementRecord>& recorded,
                     const contracts::Scheme& from, const VirementRequest& request) {
  ledger::Money left = contracts::budget_annual(agreement, from, request.year);
  for (const contracts::VirementRecord& earlier : recorded) {
    if (earlier.year != request.year) continue;
    if (earlier.to_scheme == from.id) left += earlier.amount;
    if (earlier.from_scheme == from.id) left -= earlier.amount;
  }
  if (request.amount <= left) return ok_status();
  return refusal("virement.budget", from.id + " has " + left.to_report() + " of budget for " +
                                        request.year.to_string() + " (as varied and moved by earlier virements), so " +
                                        request.amount.to_report() + " cannot be moved off it");
}

}  // namespace

Result<Virement> move_budget(Books& books, const std::string& as, const VirementRequest& request,
                             date::year_month_day today) {
  if (request.amount.is_negative() || request.amount.is_zero())
    return make_error("virement.amount", "a virement moves a positive amount");
  const auto* from = books.agreement.find_scheme(request.from_scheme);
  const auto* to = books.agreement.find_scheme(request.to_scheme);
  if (from == nullptr || to == nullptr || from == to || from->arrangement != to->arrangement)
    return make_error("virement.schemes",
                      "a virement moves budget between two different schemes of one "
                      "arrangement: '" +
                          request.from_scheme + "' and '" + request.to_scheme + "' are not");
  auto actor = known_actor(books, as, "virement", "move budget between schemes");
  if (!actor) return actor.error();
  const contracts::Person* person = *actor;
  // Budget leaves a ring-fenced line only as the scheme of delegation says who may.
  const bool fenced = !from->ring_fence.empty();
  const auto action = fenced ? contracts::ActionType::ring_fenced_virement : contracts::ActionType::virement;
  const contracts::VirementRecord virement{
      0, request.year, from->id, to->id, request.amount, request.decision, person->id, {}};
  // The decision read, the check, the virement and the log's line in one transaction: two
  // sessions cannot both spend the last of a decision's amount.
  std::optional<Error> refused;
  auto recorded = books.db->write_value([&]() -> Result<std::int64_t> {
    if (auto open = year_open_for_budgets(books, request.year); !open) return open.error();
    const auto earlier_moves = books.governance->virements();  // read once, for the budget and the limit
    if (auto covered = budget_covers(books.agreement, earlier_moves, *from, request); !covered)
      return *(refused = covered.error());
    auto cited = cited_decision(books, request.decision);
    if (!cited) return *(refused = cited.error());
    // Moved without a decision, the parts of a split move between the same two schemes in a
    // year are judged as one: an officer's limit is not got round by moving it in pieces.
    ledger::Money alone_before;
    if (!*cited)
      for (const contracts::VirementRecord& earlier : earlier_moves)
        if (earlier.year == request.year && earlier.from_scheme == from->id && earlier.to_scheme == to->id &&
            earlier.decision.empty())
          alone_before += earlier.amount;
    if (auto allowed = contracts::authorise(books.agreement, person, action, request.amount + alone_before,
                                            request.year, *cited, today);
        !allowed) {
      Error why = allowed.error();
      if (!alone_before.is_zero())
        why.message = alone_before.to_report() + " has already been moved from " + from->id + " to " + to->id +
                      " for " + request.year.to_string() + " without a decision, and this " +
                      request.amount.to_report() + " is judged together with it: " + why.message;
      if (fenced) why.message = from->id + " is ring-fenced (" + from->ring_fence + "): " + why.message;
      return *(refused = why);
    }
    auto id = books.governance->record_virement(virement);
    if (!id) return id;
    const std::string moved = "virement " + std::to_string(*id) + " from " + from->id + " to " + to->id;
    if (auto logged = books.governance->log_authority(
            contracts::AuthorityEvent{person->id, "virement", request.amount, request.decision, true, moved, {}});
        !logged)
      return logged.error();
    return id;
  });
  if (refused)
    return logged_refusal(
        books, {person->id, "virement", request.amount, request.decision, false, refused->message, {}}, *refused);
  if (!recorded) return recorded.error();
  return Virement{*recorded, request, person->id};
}

std::vector<contracts::AuthorityEvent> authority_log(Books& books) { return books.governance->authority_log(); }

}  // namespace poolbook::books
