// Governance: quorum and votes computed from attendance, the scheme of delegation at its
// limits, and what each person may approve. Bodies and people are Northshire's
// (fixtures/northshire/agreement.toml, Schedule 9).
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/governance/governance.hpp"

using namespace poolbook::contracts;
using poolbook::Status;
using poolbook::contracts::Date;
using poolbook::ledger::FinancialYear;
using poolbook::ledger::Money;
using poolbook::ledger::Ratio;
using poolbook::testing::northshire;

namespace {

Money pounds(const char* text) { return *Money::parse(text); }

Meeting njcb(std::vector<std::string> present, std::map<std::string, VoteCast> votes,
             std::vector<std::string> conflicted = {}) {
  return Meeting{"njcb", FinancialYear(2025), std::move(present), std::move(votes), std::move(conflicted)};
}

constexpr VoteCast kFor = VoteCast::in_favour;
constexpr VoteCast kAgainst = VoteCast::against;
constexpr VoteCast kAbstain = VoteCast::abstain;

}  // namespace

TEST_CASE("quorum: four voting members, with the County and the ICB both there") {
  // d.hughes and m.clarke are County, s.wright and k.mensah ICB, p.ford a district.
  auto met = decide(northshire(), njcb({"d.hughes", "s.wright", "k.mensah", "p.ford"},
                                       {{"d.hughes", kFor}, {"s.wright", kFor}, {"k.mensah", kAgainst}}));
  REQUIRE(met);
  CHECK(met->outcome == Outcome::carried);
  CHECK(met->working.front() == "Quorate: 4 voting member(s) present and not conflicted, 4 needed");
  auto no_county = decide(northshire(), njcb({"s.wright", "k.mensah", "l.bennett", "p.ford", "j.kaur"}, {}));
  REQUIRE(no_county);
  CHECK(no_county->outcome == Outcome::not_quorate);
  CHECK(no_county->working.front() ==
        "Not quorate: 5 voting member(s) present and not conflicted, 4 needed; no member from county");
  // The community trust's director attends without a vote: not counted.
  auto short_of_four = decide(northshire(), njcb({"d.hughes", "s.wright", "p.ford", "t.rowe"}, {}));
  CHECK(short_of_four->outcome == Outcome::not_quorate);
}

TEST_CASE("a conflicted member counts for neither quorum nor vote") {
  auto conflicted = decide(northshire(), njcb({"d.hughes", "s.wright", "k.mensah", "p.ford"}, {}, {"p.ford"}));
  REQUIRE(conflicted);
  CHECK(conflicted->outcome == Outcome::not_quorate);
  CHECK(conflicted->working.front() ==
        "Not quorate: 3 voting member(s) present and not conflicted, 4 needed (conflicted, not counted: p.ford)");
  auto voted = decide(northshire(),
                      njcb({"d.hughes", "s.wright", "k.mensah", "p.ford", "j.kaur"}, {{"p.ford", kFor}}, {"p.ford"}));
  REQUIRE_FALSE(voted);
  CHECK(voted.error().message == "p.ford declared a conflict of interest, so may not vote");
}

TEST_CASE("simple majority: more in favour than against, and a tie fails") {
  const std::vector<std::string> present = {"d.hughes", "m.clarke", "s.wright", "k.mensah"};
  auto tie =
      decide(northshire(),
             njcb(present, {{"d.hughes", kFor}, {"m.clarke", kFor}, {"s.wright", kAgainst}, {"k.mensah", kAgainst}}));
  CHECK(tie->outcome == Outcome::failed);
  CHECK(tie->working[1] == "2 in favour, 2 against, 0 abstained; a simple majority needs more in favour than against");
  auto abstention =
      decide(northshire(),
             njcb(present, {{"d.hughes", kFor}, {"m.clarke", kFor}, {"s.wright", kAgainst}, {"k.mensah", kAbstain}}));
  CHECK(abstention->outcome == Outcome::carried);
}

TEST_CASE("unanimity, two-thirds and consensus with a veto") {
  Agreement agreement = northshire();
  Body* board = nullptr;
  for (Body& body : agreement.bodies)
    if (body.id == "njcb") board = &body;
  REQUIRE(board != nullptr);
  const std::vector<std::string> present = {"d.hughes", "m.clarke", "s.wright", "k.mensah", "p.ford", "j.kaur"};
  const std::map<std::string, VoteCast> four_to_two = {{"d.hughes", kFor}, {"m.clarke", kFor},   {"s.wright", kFor},
                                                       {"k.mensah", kFor}, {"p.ford", kAgainst}, {"j.kaur", kAgainst}};
  SECTION("two-thirds: 4 of 6 is exactly two-thirds; 3 of 5 is not") {
    board->voting = VotingRule::two_thirds;
    CHECK(decide(agreement, njcb(present, four_to_two))->outcome == Outcome::carried);
    auto three_of_five = four_to_two;
    three_of_five["k.mensah"] = kAbstain;
    three_of_five["d.hughes"] = kAgainst;
    three_of_five["j.kaur"] = kFor;
    three_of_five["p.ford"] = kAgainst;  // 3 for (m.clarke, s.wright, j.kaur), 2 against
    CHECK(decide(agreement, njcb(present, three_of_five))->outcome == Outcome::failed);
  }
  SECTION("unanimity: every voting member present in favour") {
    board->voting = VotingRule::unanimity;
    std::map<std::string, VoteCast> all_for;
    for (const auto& person : present) all_for[person] = kFor;
    CHECK(decide(agreement, njcb(present, all_for))->outcome == Outcome::carried);
    all_for["j.kaur"] = kAbstain;
    CHECK(decide(agreement, njcb(present, all_for))->outcome == Outcome::failed);
  }
  SECTION("consensus: no vote against; a veto partner's vote against defeats any rule") {
    board->voting = VotingRule::consensus;
    CHECK(decide(agreement, njcb(present, four_to_two))->outcome == Outcome::failed);
    board->voting = VotingRule::simple_majority;
    board->veto = "icb";
    auto vetoed = four_to_two;
    vetoed["k.mensah"] = kAgainst;  // 3 for, 3 against... make it 4 to 2 with the ICB against:
    vetoed["p.ford"] = kFor;
    auto result = decide(agreement, njcb(present, vetoed));
    REQUIRE(result);
    CHECK(result->in_favour == 4);
    CHECK(result->outcome == Outcome::failed);
    CHECK(result->working[2] == "Vetoed: a member from icb voted against");
  }
}

TEST_CASE("the alliance board decides by consensus, and the ICB holds a veto") {
  const Meeting meeting{"alliance-board",
                        FinancialYear(2025),
                        {"h.baines", "d.hughes", "s.wright", "g.owusu"},
                        {{"h.baines", kFor}, {"d.hughes", kFor}, {"s.wright", kAgainst}, {"g.owusu", kFor}},
                        {}};
  auto result = decide(northshire(), meeting);
  REQUIRE(result);
  CHECK(result->outcome == Outcome::failed);
}

TEST_CASE("weighted by contributions: each partner's pounds in the pool, shared by its members who vote") {
  // HWB, 2025/26, weights from bcf-pool: county £13,148,750.00 (c.ellis and a.patel vote:
  // £6,574,375.00 each), icb £41,509,475.50, district-north £1,642,318.00, district-south
  // £2,187,954.00; acute-trust and vcse contribute nothing to the pool and weigh nothing.
  const Meeting meeting{"hwb",
                        FinancialYear(2025),
                        {"c.ellis", "a.patel", "s.wright", "p.ford", "j.kaur", "b.adeyemi"},
                        {{"c.ellis", kFor},
                         {"a.patel", kFor},
                         {"p.ford", kFor},
                         {"j.kaur", kFor},
                         {"b.adeyemi", kFor},
                         {"s.wright", kAgainst}},
                        {}};
  auto result = decide(northshire(), meeting);
  REQUIRE(result);
  CHECK(result->in_favour == 5);
  CHECK(result->weight_in_favour == Ratio(1697902200, 100));  // £13,148,750 + £1,642,318 + £2,187,954
  CHECK(result->weight_against == Ratio(4150947550, 100));
  CHECK(result->outcome == Outcome::failed);  // five members, but fewer pounds
  // An abstention takes no share of its organisation's weight: a.patel abstaining leaves
  // the County's £13,148,750.00 all with c.ellis.
  Meeting abstaining = meeting;
  abstaining.votes["a.patel"] = VoteCast::abstain;
  auto with_abstention = decide(northshire(), abstaining);
  REQUIRE(with_abstention);
  CHECK(with_abstention->weight_in_favour == Ratio(1697902200, 100));
  CHECK(with_abstention->abstained == 1);
  CHECK(result->working[1] ==
        "5 in favour, 1 against, 0 abstained; weight in favour 16979022 against 41509475.5 (contributions to "
        "bcf-pool in pounds)");
}

TEST_CASE("a meeting record that does not fit the body is refused") {
  CHECK(decide(northshire(), njcb({"g.owusu"}, {})).error().message ==
        "g.owusu is recorded as present but is not a member of njcb");
  CHECK(decide(northshire(), njcb({"d.hughes"}, {{"s.wright", kFor}})).error().message ==
        "s.wright voted but is not recorded as present");
  CHECK(decide(northshire(), njcb({"t.rowe"}, {{"t.rowe", kFor}})).error().message ==
        "t.rowe is a non-voting member of njcb");
  CHECK(decide(northshire(), Meeting{"cabinet", FinancialYear(2025), {}, {}, {}}).error().rule == "governance.meeting");
  // Someone listed twice would count twice towards the quorum.
  CHECK(decide(northshire(), njcb({"d.hughes", "d.hughes", "s.wright", "s.wright"}, {{"d.hughes", kFor}}))
            .error()
            .message == "d.hughes is recorded twice as present");
}

TEST_CASE("the scheme of delegation at its limits: exactly the limit, and one penny over") {
  auto at_limit = delegation_for(northshire(), ActionType::virement, pounds("50000.00"));
  REQUIRE(at_limit);
  CHECK((*at_limit)->body == "pool-manager");
  auto penny_over = delegation_for(northshire(), ActionType::virement, pounds("50000.01"));
  CHECK((*penny_over)->body == "njcb");
  CHECK((*delegation_for(northshire(), ActionType::virement, pounds("500000.00")))->body == "njcb");
  CHECK((*delegation_for(northshire(), ActionType::virement, pounds("500000.01")))->body == "hwb");
  auto reserved = delegation_for(northshire(), ActionType::contribution_variation, pounds("1.00"));
  CHECK((*reserved)->reserved);
  Agreement none = northshire();
  none.delegations.clear();
  auto refused = delegation_for(none, ActionType::virement, pounds("1.00"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message ==
        "the scheme of delegation gives no one authority for virement between schemes of £1.00");
}

TEST_CASE("what a person may approve, alone or as a board member, and who an OS user is") {
  const auto pool_manager = authority_of(northshire(), "r.osei");
  REQUIRE(pool_manager.size() == 6);
  CHECK(pool_manager[0].action == ActionType::virement);
  CHECK(pool_manager[0].up_to == std::optional<Money>(pounds("50000.00")));
  CHECK(pool_manager[0].alone);
  CHECK(pool_manager[1].action == ActionType::use_of_contingency);
  CHECK(pool_manager[2].action == ActionType::manual_journal);
  CHECK(pool_manager[3].action == ActionType::contract_payment);
  CHECK(pool_manager[3].up_to == std::optional<Money>(pounds("2500000.00")));
  CHECK(pool_manager[4].action == ActionType::manual_forecast);
  CHECK_FALSE(pool_manager[4].up_to);
  CHECK(pool_manager[5].action == ActionType::period_close);
  CHECK(pool_manager[2].up_to == std::optional<Money>(pounds("100000.00")));
  const auto board_member = authority_of(northshire(), "k.mensah");
  const auto virement = std::find_if(board_member.begin(), board_member.end(), [](const PersonAuthority& authority) {
    return authority.action == ActionType::virement;
  });
  REQUIRE(virement != board_member.end());
  CHECK(virement->body == "njcb");
  CHECK(virement->from == std::optional<Money>(pounds("50000.00")));
  CHECK_FALSE(virement->alone);
  CHECK(authority_of(northshire(), "nobody").empty());
  CHECK(authority_of(northshire(), "t.rowe").empty());  // sits on the NJCB without a vote
  REQUIRE(person_for_os_user(northshire(), "pool.manager") != nullptr);
  CHECK(person_for_os_user(northshire(), "pool.manager")->id == "r.osei");
  CHECK(person_for_os_user(northshire(), "root") == nullptr);
}

TEST_CASE("governance checks: members are people, quorums can be met, delegations name bodies") {
  const std::string block =
      "[[person]]\nid = \"x\"\nname = \"X\"\norganisation = \"county\"\nrole = \"r\"\nos_users = [\"u\"]\n"
      "[[person]]\nid = \"y\"\nname = \"Y\"\norganisation = \"icb\"\nrole = \"r\"\nos_users = [\"u\"]\n"
      "[[body]]\nid = \"b\"\nname = \"B\"\nkind = \"joint-board\"\nquorum = 3\nquorum_partners = [\"icb\", "
      "\"district-north\"]\n[[body.member]]\nperson = \"x\"\n[[body.member]]\nperson = \"z\"\n"
      "[[delegation]]\naction = \"virement\"\nbody = \"nobody\"\n";
  CHECK(poolbook::testing::findings_with_tail("# Schedule 9", block) ==
        std::vector<std::string>{
            "7: warning: person y: the operating-system account 'u' also acts for x; whoever holds it may act as "
            "either with --as, so the segregation of their duties rests on the account, not the books "
            "[governance.shared-account]",
            "13: warning: body b names no clerk (clerks = [...]) and no chair, so no one may record its decisions "
            "[governance.clerk]",
            "13: body b: the quorum is 3 but it has 2 voting member(s) [governance.body]",
            "13: body b: its quorum needs a member from icb, but it has no voting member from there "
            "[governance.body]",
            "13: body b: its quorum needs a member from district-north, but it has no voting member from there "
            "[governance.body]",
            "21: body b has member 'z', who is not a [[person]] of the agreement [governance.reference]",
            "23: the delegation of virement names body 'nobody', which is not a [[body]] [governance.reference]"});
}

TEST_CASE("governance checks: a board weighted by contributions that no voting member makes can never carry") {
  // The acute trust and the VCSE contribute nothing to the BCF pool, so their weights are nil;
  // the County does, but its member here does not vote.
  const std::string block =
      "[[person]]\nid = \"x\"\nname = \"X\"\norganisation = \"acute-trust\"\nrole = \"r\"\n"
      "[[person]]\nid = \"y\"\nname = \"Y\"\norganisation = \"vcse\"\nrole = \"r\"\n"
      "[[person]]\nid = \"z\"\nname = \"Z\"\norganisation = \"county\"\nrole = \"r\"\n"
      "[[body]]\nid = \"w\"\nname = \"W\"\nkind = \"joint-board\"\nquorum = 2\nvoting = \"weighted\"\n"
      "weights_from = \"bcf-pool\"\n[[body.member]]\nperson = \"x\"\n[[body.member]]\nperson = \"y\"\n"
      "[[body.member]]\nperson = \"z\"\nvoting = false\n";
  CHECK(poolbook::testing::findings_with_tail("# Schedule 9", block) ==
        std::vector<std::string>{"16: warning: body w names no clerk (clerks = [...]) and no chair, so no one may "
                                 "record its decisions [governance.clerk]",
                                 "16: warning: body w: votes are weighted by contributions to 'bcf-pool', but no "
                                 "voting member's organisation contributes to it, so no motion can carry "
                                 "[governance.weights]"});
}

// ---- authority on the books ----

namespace {

DecisionRecord carried(const std::string& id, const std::string& body, const std::string& action, const char* amount) {
  DecisionRecord decision;
  decision.id = id;
  decision.body = body;
  decision.decided_on = date::year(2025) / date::October / 16;
  decision.action = action;
  decision.amount = pounds(amount);
  decision.year = FinancialYear(2025);
  decision.outcome = Outcome::carried;
  return decision;
}

const Date kToday = date::year(2025) / date::November / 20;

Status virement(const char* amount, const Person* actor, std::optional<DecisionRecord> cited = {}) {
  return authorise(northshire(), actor, ActionType::virement, pounds(amount), FinancialYear(2025), cited, kToday);
}

}  // namespace

TEST_CASE("authority on the books: the pool manager alone up to the limit, a board decision above it") {
  const Person* pool_manager = northshire().find_person("r.osei");
  const Person* officer = northshire().find_person("n.ahmed");
  CHECK(virement("50000.00", pool_manager));
  const Status over = virement("50000.01", pool_manager);
  REQUIRE_FALSE(over);
  CHECK(over.error().rule == "authority.decision");
  CHECK(over.error().message ==
        "a virement between schemes of £50,000.01 needs a decision of Northshire Joint Commissioning Board (r.osei may "
        "approve up to £50,000.00 alone): cite it with --decision");
  CHECK(virement("10.00", officer).error().rule == "authority.decision");  // not the pool manager
  CHECK(virement("10.00", nullptr).error().rule == "authority.actor");
  // A board decision is carried out, up to its amount, by the officer the scheme of
  // delegation gives virements to (the pool manager), not by any person of the agreement.
  CHECK(virement("120000.00", pool_manager, carried("D-2025-014", "njcb", "virement", "120000.00")));
  const Status not_hers = virement("120000.00", officer, carried("D-2025-014", "njcb", "virement", "120000.00"));
  REQUIRE_FALSE(not_hers);
  CHECK(not_hers.error().rule == "authority.acting");
  CHECK(not_hers.error().message ==
        "n.ahmed may not act on decision D-2025-014: a board's decision on virement between schemes is acted on by "
        "Pool manager");
  auto part_used = carried("D-2025-014", "njcb", "virement", "120000.00");
  part_used.used = pounds("80000.00");
  CHECK(virement("40000.00", pool_manager, part_used));
  CHECK(virement("40000.01", pool_manager, part_used).error().message ==
        "decision D-2025-014 authorised £120,000.00, of which £80,000.00 is used: a further £40,000.01 would go "
        "beyond it");
}

TEST_CASE("authority on the books: a decision must be carried, of the right body, year, date and action") {
  const Person* officer = northshire().find_person("r.osei");  // the pool manager acts on decisions
  auto failed = carried("D1", "njcb", "virement", "120000.00");
  failed.outcome = Outcome::failed;
  CHECK(virement("120000.00", officer, failed).error().message == "decision D1 was not carried (failed)");
  // The NJCB may approve virements up to £500,000.00; above that it is the HWB's.
  CHECK(virement("500000.01", officer, carried("D2", "njcb", "virement", "600000.00")).error().rule ==
        "authority.body");
  CHECK(virement("600000.00", officer, carried("D3", "hwb", "virement", "600000.00")));
  // The HWB, above the NJCB, may also decide a smaller virement.
  CHECK(virement("60000.00", officer, carried("D4", "hwb", "virement", "60000.00")));
  auto next_year = carried("D5", "njcb", "virement", "60000.00");
  next_year.year = FinancialYear(2026);
  CHECK(virement("60000.00", officer, next_year).error().rule == "authority.year");
  auto later = carried("D6", "njcb", "virement", "60000.00");
  later.decided_on = date::year(2025) / date::December / 1;
  CHECK(virement("60000.00", officer, later).error().rule == "authority.date");
  CHECK(virement("60000.00", officer, carried("D7", "njcb", "budget-change", "60000.00")).error().message ==
        "decision D7 is on budget-change, not virement");
}

TEST_CASE("authority on the books: a reserved matter needs every partner's governing body to ratify") {
  const Person* officer = northshire().find_person("r.osei");  // the pool manager acts on decisions
  auto variation = carried("D-2025-020", "njcb", "contribution-variation", "250000.00");
  const auto contribution_change = [&](const DecisionRecord& cited) {
    return authorise(northshire(), officer, ActionType::contribution_variation, pounds("250000.00"),
                     FinancialYear(2025), cited, kToday);
  };
  variation.ratifications = {{"county-cabinet", date::year(2025) / date::October / 30},
                             {"icb-board", date::year(2025) / date::November / 4}};
  const Status unratified = contribution_change(variation);
  REQUIRE_FALSE(unratified);
  CHECK(unratified.error().message ==
        "decision D-2025-020 is on a reserved matter and is not yet ratified by: district-north, district-south, "
        "acute-trust, community-trust, vcse");
  for (const char* body : {"north-cabinet", "southvale-cabinet", "acute-board", "community-board"})
    variation.ratifications.push_back({body, date::year(2025) / date::November / 10});
  // A ratification dated after today, or before the decision, does not count.
  variation.ratifications.push_back({"vcse-trustees", date::year(2025) / date::November / 21});
  CHECK(contribution_change(variation).error().message ==
        "decision D-2025-020 is on a reserved matter and is not yet ratified by: vcse");
  variation.ratifications.back().on = date::year(2025) / date::October / 15;
  CHECK(contribution_change(variation).error().rule == "authority.ratification");
  variation.ratifications.back().on = date::year(2025) / date::November / 20;  // today
  CHECK(contribution_change(variation));
  // Without any decision, even the pool manager cannot vary a contribution.
  CHECK(authorise(northshire(), northshire().find_person("r.osei"), ActionType::contribution_variation, pounds("1.00"),
                  FinancialYear(2025), std::nullopt, kToday)
            .error()
            .rule == "authority.decision");
}

TEST_CASE("reopening a closed month needs a carried NJCB decision that names the month") {
  const Person* pool_manager = northshire().find_person("r.osei");
  const auto march = *poolbook::ledger::Period::parse("2025/26 M12");
  const Date after_year_end = date::year(2026) / date::May / 6;
  const auto reopen = [&](std::optional<DecisionRecord> cited) {
    return authorise_reopening(northshire(), pool_manager, march, cited, 0, after_year_end);
  };
  // The scheme of delegation gives period reopening to the NJCB only: the pool manager alone may not.
  const Status alone = reopen(std::nullopt);
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK(alone.error().message ==
        "a reopening of a closed month needs a decision of Northshire Joint Commissioning Board: cite it with "
        "--decision");
  auto decision = carried("D-2026-004", "njcb", "period-reopening", "0.00");
  decision.decided_on = date::year(2026) / date::May / 5;
  decision.refs = "2025/26 M11, 2025/26 M12";
  CHECK(reopen(decision));
  decision.refs = "S07, 2026-03";  // March 2026 written as a calendar month is the same period
  CHECK(reopen(decision));
  decision.refs = "2025/26 M11";
  const Status other_month = reopen(decision);
  REQUIRE_FALSE(other_month);
  CHECK(other_month.error().rule == "authority.refs");
  CHECK(other_month.error().message ==
        "decision D-2026-004 does not name 2025/26 M12 among the months it concerns ('2025/26 M11'): a reopening "
        "decision names each month it reopens");
  // A decision of the pool manager's own (an officer has no such row), or one not carried, is refused.
  decision.refs = "2025/26 M12";
  decision.body = "pool-manager";
  CHECK(reopen(decision).error().rule == "authority.body");
  decision.body = "njcb";
  decision.outcome = Outcome::not_quorate;
  CHECK(reopen(decision).error().message == "decision D-2026-004 was not carried (not quorate)");
  decision.outcome = Outcome::carried;
  CHECK(authorise_reopening(northshire(), nullptr, march, decision, 0, after_year_end).error().rule ==
        "authority.actor");
  // A decision reopens a month once, and only a month that had ended when it was taken.
  CHECK(authorise_reopening(northshire(), pool_manager, march, decision, 1, after_year_end).error().message ==
        "decision D-2026-004 has already reopened 2025/26 M12; reopening it again needs a further decision");
  decision.decided_on = date::year(2026) / date::March / 31;
  CHECK(authorise_reopening(northshire(), pool_manager, march, decision, 0, after_year_end).error().message ==
        "decision D-2026-004 is dated 2026-03-31, not after 2025/26 M12 ended on 2026-03-31: a month is reopened by "
        "a decision taken after it");
  // An unknown actor is refused before anything is said of the decision.
  decision.refs = "2025/26 M01";
  CHECK(authorise_reopening(northshire(), nullptr, march, decision, 0, after_year_end).error().rule ==
        "authority.actor");
}
