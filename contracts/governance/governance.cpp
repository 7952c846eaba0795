#include "poolbook/contracts/governance/governance.hpp"

#include <algorithm>
#include <set>

#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {
namespace {

Error meeting_error(std::string message) { return make_error("governance.meeting", std::move(message)); }

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string organisation_of(const Agreement& agreement, const std::string& person) {
  const Person* found = agreement.find_person(person);
  return found == nullptr ? std::string{} : found->organisation;
}

// Each organisation's contributions to the arrangement for the year, shared equally between
// its members who vote.
std::map<std::string, Ratio> contribution_weights(const Agreement& agreement, const Body& body, FinancialYear year,
                                                  const std::vector<std::string>& voters) {
  std::map<std::string, Money> by_organisation;
  for (const Contribution& contribution : agreement.contributions)
    if (contribution.arrangement == body.weights_from && contribution.year == year)
      by_organisation[contribution.partner] += contribution_amount(agreement, contribution);
  std::map<std::string, int> voters_of;
  for (const std::string& voter : voters) ++voters_of[organisation_of(agreement, voter)];
  std::map<std::string, Ratio> weights;
  for (const std::string& voter : voters) {
    const std::string organisation = organisation_of(agreement, voter);
    const auto found = by_organisation.find(organisation);
    weights[voter] =
        found == by_organisation.end() ? Ratio(0) : Ratio(found->second.pence()) / 100 / voters_of[organisation];
  }
  return weights;
}

}  // namespace

Result<MeetingResult> decide(const Agreement& agreement, const Meeting& meeting) {
  const Body* body = agreement.find_body(meeting.body);
  if (body == nullptr) return meeting_error("there is no body '" + meeting.body + "' in the agreement");
  for (const auto* list : {&meeting.present, &meeting.conflicted}) {
    std::set<std::string> seen;
    for (const std::string& person : *list)
      if (!seen.insert(person).second)
        return meeting_error(person + " is recorded twice as " + (list == &meeting.present ? "present" : "conflicted"));
  }
  for (const std::string& person : meeting.present)
    if (body->member(person) == nullptr)
      return meeting_error(person + " is recorded as present but is not a member of " + body->id);
  for (const std::string& person : meeting.conflicted)
    if (!contains(meeting.present, person))
      return meeting_error(person + " declared a conflict but is not recorded as present");
  for (const auto& [person, vote] : meeting.votes) {
    if (!contains(meeting.present, person)) return meeting_error(person + " voted but is not recorded as present");
    if (contains(meeting.conflicted, person))
      return meeting_error(person + " declared a conflict of interest, so may not vote");
    if (!body->member(person)->voting) return meeting_error(person + " is a non-voting member of " + body->id);
  }
  MeetingResult result;
  // Quorum: voting members present and not conflicted, from each named partner.
  std::vector<std::string> counted;
  for (const std::string& person : meeting.present)
    if (body->member(person)->voting && !contains(meeting.conflicted, person)) counted.push_back(person);
  result.counted_present = static_cast<int>(counted.size());
  std::string quorum_words = std::to_string(counted.size()) + " voting member(s) present and not conflicted, " +
                             std::to_string(body->quorum) + " needed";
  bool quorate = result.counted_present >= body->quorum;
  for (const std::string& partner : body->quorum_partners) {
    const bool represented = std::any_of(counted.begin(), counted.end(), [&](const std::string& person) {
      return organisation_of(agreement, person) == partner;
    });
    if (!represented) {
      quorate = false;
      quorum_words += "; no member from " + partner;
    }
  }
  if (!meeting.conflicted.empty()) {
    quorum_words += " (conflicted, not counted:";
    for (const std::string& person : meeting.conflicted) quorum_words += " " + person;
    quorum_words += ")";
  }
  result.working.push_back(std::string(quorate ? "Quorate: " : "Not quorate: ") + quorum_words);
  if (!quorate) {
    result.outcome = Outcome::not_quorate;
    return result;
  }
  // The votes.
  std::vector<std::string> voters;
  for (const auto& [person, vote] : meeting.votes)
    if (vote != VoteCast::abstain) voters.push_back(person);
  const bool by_contribution = body->voting == VotingRule::weighted && !body->weights_from.empty();
  const auto weights =
      by_contribution ? contribution_weights(agreement, *body, meeting.year, voters) : std::map<std::string, Ratio>{};
  bool vetoed = false;
  for (const auto& [person, vote] : meeting.votes) {
    const auto weighed = weights.find(person);  // by contribution: only those who vote have a weight
    const Ratio weight = !by_contribution           ? body->member(person)->vote_weight
                         : weighed != weights.end() ? weighed->second
                                                    : Ratio(0);
    switch (vote) {
      case VoteCast::in_favour:
        ++result.in_favour;
        result.weight_in_favour += weight;
        break;
      case VoteCast::against:
        ++result.against;
        result.weight_against += weight;
        if (!body->veto.empty() && organisation_of(agreement, person) == body->veto) vetoed = true;
        break;
      case VoteCast::abstain:
        ++result.abstained;
        break;
    }
  }
  const int not_voting = result.counted_present - result.in_favour - result.against - result.abstained;
  std::string tally = std::to_string(result.in_favour) + " in favour, " + std::to_string(result.against) +
                      " against, " + std::to_string(result.abstained) + " abstained" +
                      (not_voting > 0 ? ", " + std::to_string(not_voting) + " not voting" : std::string{});
  bool carried = false;
  switch (body->voting) {
    case VotingRule::unanimity:
      carried = result.in_favour == result.counted_present && result.in_favour > 0;
      tally += "; unanimity needs every voting member present in favour";
      break;
    case VotingRule::simple_majority:
      carried = result.in_favour > result.against;
      tally += "; a simple majority needs more in favour than against";
      break;
    case VotingRule::two_thirds:
      carried = result.in_favour > 0 && 3 * result.in_favour >= 2 * (result.in_favour + result.against);
      tally += "; two-thirds of the votes cast are needed in favour";
      break;
    case VotingRule::weighted:
      carried = result.weight_in_favour > result.weight_against;
      tally += "; weight in favour " + ledger::format_decimal(result.weight_in_favour, 2) + " against " +
               ledger::format_decimal(result.weight_against, 2) +
               (by_contribution ? " (contributions to " + body->weights_from + " in pounds)" : std::string{});
      break;
    case VotingRule::consensus:
      carried = result.against == 0 && result.in_favour > 0;
      tally += "; consensus needs no vote against";
      break;
  }
  result.working.push_back(tally);
  if (carried && vetoed) {
    carried = false;
    result.working.push_back("Vetoed: a member from " + body->veto + " voted against");
  }
  result.outcome = carried ? Outcome::carried : Outcome::failed;
  result.working.push_back(std::string("The motion ") + (carried ? "is carried" : "fails"));
  return result;
}

Result<const Delegation*> delegation_for(const Agreement& agreement, ActionType action, Money amount) {
  const Delegation* best = nullptr;
  for (const Delegation& row : agreement.delegations) {
    if (row.action != action) continue;
    if (row.up_to && *row.up_to < amount) continue;
    if (best == nullptr || (row.up_to && (!best->up_to || *row.up_to < *best->up_to))) best = &row;
  }
  if (best == nullptr)
    return make_error("governance.delegation", "the scheme of delegation gives no one authority for " +
                                                   std::string(enum_label(action)) + " of " + amount.to_report());
  return best;
}

std::vector<PersonAuthority> authority_of(const Agreement& agreement, std::string_view person) {
  std::vector<PersonAuthority> out;
  for (const Delegation& row : agreement.delegations) {
    const Body* body = agreement.find_body(row.body);
    if (body == nullptr || body->member(person) == nullptr || !body->member(person)->voting) continue;
    PersonAuthority authority;
    authority.action = row.action;
    authority.up_to = row.up_to;
    authority.body = body->id;
    authority.alone = body->kind == BodyKind::officer;
    authority.reserved = row.reserved;
    for (const Delegation& other : agreement.delegations)  // the next lower limit of the same action
      if (other.action == row.action && other.up_to && (!row.up_to || *other.up_to < *row.up_to) &&
          (!authority.from || *other.up_to > *authority.from))
        authority.from = other.up_to;
    out.push_back(std::move(authority));
  }
  return out;
}

Status authorise(const Agreement& agreement, const Person* actor, ActionType action, Money amount, FinancialYear year,
                 const std::optional<DecisionRecord>& decision, Date today) {
  const std::string what = std::string(enum_label(action)) + (amount.is_zero() ? "" : " of " + amount.to_report());
  if (actor == nullptr)
    return refusal("authority.actor",
                   "the actor is not a person of the agreement, so may change nothing in "
                   "the books (map the operating-system account to a person with os_users in the agreement)");
  auto row = delegation_for(agreement, action, amount);
  if (!row) return refusal("authority.delegation", row.error().message);
  const Body* body = agreement.find_body((*row)->body);
  if (body == nullptr) return refusal("authority.delegation", "the body " + (*row)->body + " is unknown");
  if (!decision) {
    const BodyMember* member = body->member(actor->id);
    if (body->kind == BodyKind::officer && member != nullptr && member->voting && !(*row)->reserved) return ok_status();
    // An officer's authority is that officer's: anyone else has none, and no decision of an
    // officer makes it theirs.
    if (body->kind == BodyKind::officer && member == nullptr)
      return refusal(
          "authority.decision",
          actor->id + " has no authority for " +
              (std::string(std::string("aeiou").find(what.front()) == std::string::npos ? "a " : "an ") + what) +
              ": the scheme of delegation gives it to " + body->name +
              ((*row)->up_to ? " (up to " + (*row)->up_to->to_report() + ")" : std::string()) +
              ", or to a board by its decision where it names one");
    std::string own;
    for (const PersonAuthority& authority : authority_of(agreement, actor->id))
      if (authority.action == action && authority.alone && authority.up_to)
        own = " (" + actor->id + " may approve up to " + authority.up_to->to_report() + " alone)";
    return refusal("authority.decision",
                   std::string(std::string("aeiou").find(what.front()) == std::string::npos ? "a " : "an ") + what +
                       " needs a decision of " + body->name + ((*row)->reserved ? ", ratified by every partner" : "") +
                       own + ": cite it with --decision");
  }
  const DecisionRecord& cited = *decision;
  // Maker and checker: who recorded a decision does not also act under it.
  if (cited.recorded_by == actor->id)
    return refusal("authority.maker-checker", actor->id + " recorded decision " + cited.id +
                                                  ", so may not also act under it: another person of the agreement "
                                                  "acts on what one person recorded");
  // Who acts on a board's decision: an officer the scheme of delegation gives the action to (at
  // any limit) or, where it gives the action to no officer, any officer of the agreement. A
  // partner's director or a board member does not act on the board's decision for the pool.
  std::vector<const Body*> acting;
  for (const Body& officer : agreement.bodies)
    if (officer.kind == BodyKind::officer &&
        std::any_of(agreement.delegations.begin(), agreement.delegations.end(),
                    [&](const Delegation& other) { return other.action == action && other.body == officer.id; }))
      acting.push_back(&officer);
  if (acting.empty())
    for (const Body& officer : agreement.bodies)
      if (officer.kind == BodyKind::officer) acting.push_back(&officer);
  if (!acting.empty() && std::none_of(acting.begin(), acting.end(), [&](const Body* officer) {
        const BodyMember* member = officer->member(actor->id);
        return member != nullptr && member->voting;
      })) {
    std::string names;
    for (const Body* officer : acting) names += (names.empty() ? "" : ", ") + officer->name;
    return refusal("authority.acting", actor->id + " may not act on decision " + cited.id + ": a board's decision on " +
                                           std::string(enum_label(action)) + " is acted on by " + names);
  }
  if (cited.action != enum_word(action))
    return refusal("authority.decision",
                   "decision " + cited.id + " is on " + cited.action + ", not " + std::string(enum_word(action)));
  if (cited.outcome != Outcome::carried)
    return refusal("authority.decision",
                   "decision " + cited.id + " was not carried (" + std::string(outcome_word(cited.outcome)) + ")");
  const bool body_may =
      std::any_of(agreement.delegations.begin(), agreement.delegations.end(), [&](const Delegation& other) {
        return other.action == action && other.body == cited.body && (!other.up_to || *other.up_to >= amount);
      });
  if (!body_may)
    return refusal("authority.body", "decision " + cited.id + " was taken by " + cited.body +
                                         ", which has no authority for a " + what + "; it needs " + body->name);
  if (cited.decided_on > today)
    return refusal("authority.date",
                   "decision " + cited.id + " is dated " + ledger::to_iso(cited.decided_on) + ", after today");
  if (cited.year != year)
    return refusal("authority.year",
                   "decision " + cited.id + " is for " + cited.year.to_string() + ", not " + year.to_string());
  if (cited.used + amount > cited.amount)
    return refusal("authority.used", "decision " + cited.id + " authorised " + cited.amount.to_report() +
                                         ", of which " + cited.used.to_report() + " is used: a further " +
                                         amount.to_report() + " would go beyond it");
  if ((*row)->reserved) {
    std::string missing;
    for (const Partner& partner : agreement.partners) {
      const bool ratified = std::any_of(agreement.bodies.begin(), agreement.bodies.end(), [&](const Body& governing) {
        return governing.kind == BodyKind::governing_body && governing.partner == partner.id &&
               std::any_of(cited.ratifications.begin(), cited.ratifications.end(),
                           [&](const Ratification& ratification) {
                             // only a ratification dated between the decision and today counts
                             return ratification.body == governing.id && ratification.on >= cited.decided_on &&
                                    ratification.on <= today;
                           });
      });
      if (!ratified) missing += (missing.empty() ? "" : ", ") + partner.id;
    }
    if (!missing.empty())
      return refusal("authority.ratification",
                     "decision " + cited.id + " is on a reserved matter and is not yet ratified by: " + missing);
  }
  return ok_status();
}

Status authorise_reopening(const Agreement& agreement, const Person* actor, const ledger::Period& period,
                           const std::optional<DecisionRecord>& decision, int reopened_under_it, Date today) {
  if (actor == nullptr)  // the same refusal as any other action's
    return authorise(agreement, actor, ActionType::period_reopening, ledger::Money{}, period.year(), decision, today);
  if (decision) {
    bool names_period = false;
    for (const std::string& ref : ledger::split_list(decision->refs))
      if (auto named = ledger::Period::parse(ref); named && *named == period) names_period = true;
    if (!names_period)
      return refusal("authority.refs", "decision " + decision->id + " does not name " + period.to_string() +
                                           " among the months it concerns ('" + decision->refs +
                                           "'): a reopening decision names each month it reopens");
    if (const Date month_end = period.last_day(); decision->decided_on <= month_end)
      return refusal("authority.date", "decision " + decision->id + " is dated " +
                                           ledger::to_iso(decision->decided_on) + ", not after " + period.to_string() +
                                           " ended on " + ledger::to_iso(month_end) +
                                           ": a month is reopened by a decision taken after it");
    if (reopened_under_it > 0)
      return refusal("authority.used", "decision " + decision->id + " has already reopened " + period.to_string() +
                                           "; reopening it again needs a further decision");
  }
  return authorise(agreement, actor, ActionType::period_reopening, ledger::Money{}, period.year(), decision, today);
}

Status authorise_close(const Agreement& agreement, const Person* actor, const ledger::Period& period, Date today) {
  const bool has_row = std::any_of(agreement.delegations.begin(), agreement.delegations.end(),
                                   [](const Delegation& row) { return row.action == ActionType::period_close; });
  if (has_row || actor == nullptr)
    return authorise(agreement, actor, ActionType::period_close, Money{}, period.year(), std::nullopt, today);
  if (authorise(agreement, actor, ActionType::manual_journal, Money{}, period.year(), std::nullopt, today))
    return ok_status();
  return refusal("authority.decision",
                 actor->id +
                     " has no authority to close a month: the scheme of delegation has no period-close row, so "
                     "closing falls to those who may post a manual journal alone");
}

const Person* person_for_os_user(const Agreement& agreement, std::string_view user) {
  for (const Person& person : agreement.people)
    if (contains(person.os_users, user)) return &person;
  return nullptr;
}

namespace {

// A JSON string: quoted, with quotes, backslashes and control characters escaped.
std::string json_text(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
  return out + '"';
}

}  // namespace

std::string scheme_of_delegation_json(const Agreement& agreement) {
  std::string json = "{\"people\": {";
  for (std::size_t i = 0; i < agreement.people.size(); ++i)
    json += (i == 0 ? "" : ", ") + json_text(agreement.people[i].id) + ": true";
  json += "}, \"partners\": [";
  for (std::size_t i = 0; i < agreement.partners.size(); ++i)
    json += (i == 0 ? "" : ", ") + json_text(agreement.partners[i].id);
  json += "], \"bodies\": {";
  for (std::size_t i = 0; i < agreement.bodies.size(); ++i) {
    const Body& body = agreement.bodies[i];
    json += (i == 0 ? "" : ", ") + json_text(body.id) + ": {\"kind\": " + json_text(enum_word(body.kind)) +
            ", \"partner\": " + json_text(body.partner) + ", \"members\": {";
    std::string recorders;
    for (const std::string& clerk : body.clerks) recorders += (recorders.empty() ? "" : ", ") + json_text(clerk);
    for (std::size_t m = 0; m < body.members.size(); ++m) {
      const BodyMember& member = body.members[m];
      json += (m == 0 ? "" : ", ") + json_text(member.person) + (member.voting ? ": true" : ": false");
      if (member.chair) recorders += (recorders.empty() ? "" : ", ") + json_text(member.person);
    }
    json += "}, \"recorders\": [" + recorders + "]}";
  }
  json += "}, \"delegations\": [";
  for (std::size_t i = 0; i < agreement.delegations.size(); ++i) {
    const Delegation& row = agreement.delegations[i];
    json += std::string(i == 0 ? "" : ", ") + "{\"action\": " + json_text(enum_word(row.action)) +
            ", \"body\": " + json_text(row.body) +
            ", \"up_to\": " + (row.up_to ? std::to_string(row.up_to->pence()) : std::string("null")) +
            ", \"reserved\": " + (row.reserved ? "true" : "false") + "}";
  }
  return json + "]}";
}

}  // namespace poolbook::contracts
