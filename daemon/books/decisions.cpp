#include "poolbook/daemon/books/decisions.hpp"

#include <tuple>

#include "poolbook/ledger/calendar/date_format.hpp"

namespace poolbook::books {
namespace {

// The votes cast at a meeting, each person once.
Result<std::map<std::string, contracts::VoteCast>> votes_cast(const DecisionRequest& request) {
  std::map<std::string, contracts::VoteCast> votes;
  for (const auto& [people, cast] : {std::pair{&request.in_favour, contracts::VoteCast::in_favour},
                                     std::pair{&request.against, contracts::VoteCast::against},
                                     std::pair{&request.abstain, contracts::VoteCast::abstain}})
    for (const std::string& person : *people)
      if (!votes.emplace(person, cast).second)
        return make_error("decision.votes", person + " is recorded with two votes");
  return votes;
}

// "d.hughes=for,m.clarke=against", in the order the votes were given.
std::string votes_text(const DecisionRequest& request) {
  std::string text;
  for (const auto& [people, word] : {std::pair{&request.in_favour, "for"}, std::pair{&request.against, "against"},
                                     std::pair{&request.abstain, "abstain"}})
    for (const std::string& person : *people) text += (text.empty() ? "" : ",") + person + "=" + word;
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

Result<RecordedDecision> record_decision(Books& books, const std::string& as, const DecisionRequest& request) {
  auto clerk = known_actor(books, as, "decide", "record a decision");
  if (!clerk) return clerk.error();
  auto votes = votes_cast(request);
  if (!votes) return votes.error();
  const contracts::Meeting meeting{request.body, request.year, request.present, *votes, request.conflicted};
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
  ledger::DecisionRecord record;
  record.id = request.id;
  record.body = request.body;
  record.decided_on = ledger::to_iso(request.on);
  record.matter = request.matter;
  record.action = std::string(contracts::enum_word(request.action));
  record.amount = request.amount;
  record.year = request.year.start_year();
  record.refs = request.refs;
  record.present = joined(request.present);
  record.votes = votes_text(request);
  record.conflicted = joined(request.conflicted);
  record.outcome = outcome;
  record.conditions = request.conditions;
  record.recorded_by = (*clerk)->id;
  if (auto recorded = books.store->record_decision(record); !recorded) return recorded.error();
  return RecordedDecision{std::move(record), std::move(result->working)};
}

std::vector<ledger::DecisionRecord> decisions(Books& books, const DecisionFilter& filter) {
  const std::string since = filter.since ? ledger::to_iso(*filter.since) : "";
  std::vector<ledger::DecisionRecord> chosen;
  for (auto& decision : books.store->decisions())
    if ((filter.body.empty() || decision.body == filter.body) && decision.decided_on >= since)
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
  const std::string on_iso = ledger::to_iso(ratification.on);
  for (const auto& decision : books.store->decisions())
    if (decision.id == ratification.decision && on_iso < decision.decided_on)
      return make_error("decision.ratification", "a ratification on " + on_iso + " would come before decision " +
                                                     decision.id + " was taken (" + decision.decided_on + ")");
  if (ratification.on > today)
    return make_error("decision.ratification",
                      "a ratification dated " + on_iso + " has not happened yet: record it then");
  if (auto done = books.store->record_ratification(ratification.decision, body->id, on_iso, (*clerk)->id); !done)
    return done.error();
  ratification.body_name = body->name;
  return ratification;
}

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
  ledger::VirementRecord virement{
      0, request.year.start_year(), from->id, to->id, request.amount, request.decision, (*actor)->id, ""};
  // Checked in the store's transaction with the decision as it stands then.
  auto recorded = books.store->record_virement(virement, [&](const std::optional<ledger::DecisionRecord>& cited) {
    if (!request.decision.empty() && !cited)
      return Status(not_found("authority.decision", "there is no decision " + request.decision + " in these books"));
    return contracts::authorise(books.agreement, *actor, contracts::ActionType::virement, request.amount, request.year,
                                cited, today);
  });
  if (!recorded) return recorded.error();
  return Virement{*recorded, request, (*actor)->id};
}

std::vector<ledger::AuthorityEvent> authority_log(Books& books) { return books.store->authority_log(); }

}  // namespace poolbook::books
