// Reads the [[person]], [[body]], [[delegation]] and [[dispute_step]] tables of an agreement
// (docs/agreement-format.md, "Governance" and "Disputes").
#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

namespace poolbook::contracts::detail {
namespace {

void read_people(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "person")) {
    Person person;
    person.line = line_of(*table);
    person.id = reader.text(*table, "id", "a person", person.line);
    const std::string where = "person " + person.id;
    reader.only_keys(*table, {"id", "name", "organisation", "role", "os_users"}, where);
    person.name = reader.text(*table, "name", where, person.line);
    person.organisation = reader.text(*table, "organisation", where, person.line);
    person.role = reader.text(*table, "role", where, person.line);
    person.os_users = reader.texts(*table, "os_users", where, person.line, false);
    agreement.people.push_back(std::move(person));
  }
}

void read_bodies(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "body")) {
    Body body;
    body.line = line_of(*table);
    body.id = reader.text(*table, "id", "a body", body.line);
    const std::string where = "body " + body.id;
    reader.only_keys(*table,
                     {"id", "name", "kind", "partner", "member", "quorum", "quorum_partners", "voting", "veto",
                      "weights_from", "clerks"},
                     where);
    body.name = reader.text(*table, "name", where, body.line);
    body.kind = reader.choice(*table, "kind", where, body.line, BodyKind::joint_board);
    body.partner = reader.text(*table, "partner", where, body.line, body.kind == BodyKind::governing_body);
    if (const toml::node* quorum = table->get("quorum"))
      body.quorum = static_cast<int>(reader.whole_number(*quorum, where + ": 'quorum'", 1).value_or(1));
    body.quorum_partners = reader.texts(*table, "quorum_partners", where, body.line, false);
    body.voting = reader.choice(*table, "voting", where, body.line, VotingRule::simple_majority, false);
    body.veto = reader.text(*table, "veto", where, body.line, false);
    body.weights_from = reader.text(*table, "weights_from", where, body.line, false);
    body.clerks = reader.texts(*table, "clerks", where, body.line, false);
    for (const toml::table* member_table : reader.tables(*table, "member")) {
      BodyMember member;
      member.line = line_of(*member_table);
      member.person = reader.text(*member_table, "person", where + " member", member.line);
      const std::string member_where = where + " member " + member.person;
      reader.only_keys(*member_table, {"person", "vote_weight", "independent", "voting", "chair"}, member_where);
      if (auto weight = reader.ratio_field(*member_table, "vote_weight", member_where, member.line, false))
        member.vote_weight = *weight;
      member.independent = reader.flag(*member_table, "independent", member_where, false);
      member.voting = reader.flag(*member_table, "voting", member_where, true);
      member.chair = reader.flag(*member_table, "chair", member_where, false);
      body.members.push_back(std::move(member));
    }
    agreement.bodies.push_back(std::move(body));
  }
}

void read_delegations(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "delegation")) {
    Delegation delegation;
    delegation.line = line_of(*table);
    const std::string where = "a delegation";
    reader.only_keys(*table, {"action", "up_to", "body", "reserved"}, where);
    delegation.action = reader.choice(*table, "action", where, delegation.line, ActionType::virement);
    if (table->contains("up_to")) delegation.up_to = reader.money(*table, "up_to", where, delegation.line);
    delegation.body = reader.text(*table, "body", where, delegation.line);
    delegation.reserved = reader.flag(*table, "reserved", where, false);
    agreement.delegations.push_back(std::move(delegation));
  }
}

// A rung's time limit: given, a whole number, from 1 to kMaxDisputeStepWorkingDays. Checked
// here, where a key left out can be told from a 0 written, and for every rung, whether or
// not its level is known. 0 stands for a time limit not given or not valid.
int read_working_days(TomlReader& reader, const toml::table& table, const std::string& where, long line) {
  const std::string range = "from 1 to " + std::to_string(kMaxDisputeStepWorkingDays) + " working days";
  const toml::node* days = table.get("working_days");
  if (days == nullptr) {
    reader.report("governance.dispute-days", line, where + " has no time limit: give 'working_days', " + range);
    return 0;
  }
  const auto* value = days->as_integer();
  if (value == nullptr) {
    reader.report("agreement.field", line_of(*days), where + ": 'working_days' should be a whole number");
    return 0;
  }
  if (value->get() < 1 || value->get() > kMaxDisputeStepWorkingDays) {
    reader.report("governance.dispute-days", line,
                  where + " lasts " + std::to_string(value->get()) + " working days; a step lasts " + range);
    return 0;
  }
  return static_cast<int>(value->get());
}

// A rung whose level is not known is reported and left out of the ladder, so the checks of
// the order do not also blame a level nobody wrote; each rung keeps its position in the file
// for the messages about the others.
void read_dispute_ladder(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  int position = 0;
  for (const toml::table* table : reader.tables(root, "dispute_step")) {
    DisputeStep step;
    step.line = line_of(*table);
    step.position = ++position;
    const std::string numbered = "dispute step " + std::to_string(step.position);
    reader.only_keys(*table, {"level", "name", "working_days"}, numbered);
    const std::string word = reader.text(*table, "level", numbered, step.line);
    step.name = reader.text(*table, "name", numbered, step.line);
    const auto level = enum_from_word<DisputeLevel>(word);
    if (!word.empty() && !level)
      reader.report("agreement.field", line_of(*table->get("level")),
                    numbered + ": 'level' is '" + word + "', which is not one of: " + enum_words_list<DisputeLevel>());
    step.working_days = read_working_days(reader, *table, level ? numbered + " (" + word + ")" : numbered, step.line);
    if (!level) continue;
    step.level = *level;
    agreement.dispute_ladder.push_back(std::move(step));
  }
}

}  // namespace

void read_governance(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  read_people(reader, root, agreement);
  read_bodies(reader, root, agreement);
  read_delegations(reader, root, agreement);
  read_dispute_ladder(reader, root, agreement);
}

}  // namespace poolbook::contracts::detail
