#include "poolbook/contracts/governance/governance_records.hpp"

namespace poolbook::contracts {

std::string_view vote_cast_word(VoteCast cast) {
  switch (cast) {
    case VoteCast::in_favour:
      return "for";
    case VoteCast::against:
      return "against";
    case VoteCast::abstain:
      return "abstain";
  }
  return "abstain";
}

std::optional<VoteCast> vote_cast_from_word(std::string_view word) {
  for (VoteCast cast : {VoteCast::in_favour, VoteCast::against, VoteCast::abstain})
    if (vote_cast_word(cast) == word) return cast;
  return std::nullopt;
}

std::string_view outcome_word(Outcome outcome) {
  switch (outcome) {
    case Outcome::carried:
      return "carried";
    case Outcome::failed:
      return "failed";
    case Outcome::not_quorate:
      return "not quorate";
  }
  return "failed";
}

std::optional<Outcome> outcome_from_word(std::string_view word) {
  for (Outcome outcome : {Outcome::carried, Outcome::failed, Outcome::not_quorate})
    if (outcome_word(outcome) == word) return outcome;
  return std::nullopt;
}

std::string_view dispute_event_kind_word(DisputeEventKind kind) {
  switch (kind) {
    case DisputeEventKind::opened:
      return "opened";
    case DisputeEventKind::escalated:
      return "escalated";
    case DisputeEventKind::closed:
      return "closed";
  }
  return "opened";
}

std::optional<DisputeEventKind> dispute_event_kind_from_word(std::string_view word) {
  for (DisputeEventKind kind : {DisputeEventKind::opened, DisputeEventKind::escalated, DisputeEventKind::closed})
    if (dispute_event_kind_word(kind) == word) return kind;
  return std::nullopt;
}

}  // namespace poolbook::contracts
