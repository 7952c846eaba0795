// Disputes between partners: the agreement's dispute ladder and its checks, and escalation
// deadlines worked out in working days on the England and Wales calendar. The ladder is
// Northshire's (fixtures/northshire/agreement.toml, Schedule 10): officers 10 working days,
// directors 15, chief executives 20, mediation 40.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <optional>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/governance/dispute.hpp"
#include "poolbook/contracts/governance/sqlite_governance_store.hpp"

using namespace poolbook::contracts;
using namespace date::literals;
using poolbook::ledger::Money;
using poolbook::testing::findings_with_tail;
using poolbook::testing::northshire;

namespace {

const Person& person(const char* id) {
  const Person* found = northshire().find_person(id);
  REQUIRE(found != nullptr);
  return *found;
}

constexpr Date kToday = 2026_y / date::November / 24;

// The S07 overspend dispute, opened by the County's pool manager on Friday 19 December 2025.
DisputeRecord opened_before_christmas() {
  auto opened = open_dispute(northshire(),
                             DisputeOpening{"DR-2025-01",
                                            {"county", "icb"},
                                            "Who bears the S07 winter overspend",
                                            *Money::parse("120000.00"),
                                            "S07",
                                            2025_y / date::December / 19},
                             person("r.osei"), kToday);
  REQUIRE(opened);
  return *opened;
}

// The dispute with an event the store would append.
DisputeRecord with(DisputeRecord dispute, const poolbook::Result<DisputeEventRecord>& event) {
  REQUIRE(event);
  dispute.events.push_back(*event);
  dispute.events.back().seq = static_cast<int>(dispute.events.size());
  return dispute;
}

// Northshire's agreement with its ladder cut to the rungs at these levels, as if the
// agreement had been varied after a dispute opened.
Agreement with_ladder(std::initializer_list<DisputeLevel> levels) {
  Agreement changed = northshire();
  std::erase_if(changed.dispute_ladder, [&](const DisputeStep& rung) {
    return std::find(levels.begin(), levels.end(), rung.level) == levels.end();
  });
  return changed;
}

// A session on the books in a temporary SQLite file: its database and governance store.
struct Session {
  std::shared_ptr<poolbook::ledger::SqliteDatabase> db;
  std::unique_ptr<GovernanceStore> governance;
  explicit Session(const std::filesystem::path& path) {
    db = std::move(poolbook::ledger::SqliteDatabase::open(path)).value();
    governance = std::move(open_sqlite_governance_store(db)).value();
  }
  // A step as `poolbook dispute step` takes it: the dispute read as it stands, the next event
  // worked out from it and appended, in one transaction.
  poolbook::Result<DisputeEventRecord> step(
      const std::string& id, const std::function<poolbook::Result<DisputeEventRecord>(const DisputeRecord&)>& next) {
    return db->write_value([&]() -> poolbook::Result<DisputeEventRecord> {
      auto now = governance->dispute(id);
      if (!now) return now.error();
      auto event = next(*now);
      if (!event) return event;
      return governance->append_dispute_event(id, *event);
    });
  }
};

// The books in a temporary SQLite file, removed afterwards.
struct ScratchBooks {
  std::filesystem::path path;
  std::optional<Session> session;
  ScratchBooks() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("poolbook-dispute-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
    session.emplace(path);
  }
  ~ScratchBooks() {
    session.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

const std::string kLadderHeading = "# Schedule 10: dispute resolution";

std::string step(const char* level, const char* days) {
  return std::string("[[dispute_step]]\nlevel = \"") + level + "\"\nname = \"n\"\n" + days;
}

}  // namespace

// ---- the ladder in the agreement ----

TEST_CASE("Northshire's dispute ladder climbs from officers to mediation") {
  const auto& ladder = northshire().dispute_ladder;
  REQUIRE(ladder.size() == 4);
  CHECK(ladder[0].level == DisputeLevel::officers);
  CHECK(ladder[0].working_days == 10);
  CHECK(ladder[1].level == DisputeLevel::directors);
  CHECK(ladder[2].level == DisputeLevel::chief_executives);
  CHECK(ladder[2].working_days == 20);
  CHECK(ladder[3].level == DisputeLevel::mediation);
  CHECK(ladder[3].working_days == 40);
  CHECK(enum_word(DisputeLevel::chief_executives) == "chief-executives");
  CHECK(enum_label(DisputeLevel::chief_executives) == "chief executives");
}

TEST_CASE("a dispute step of an unknown level is refused with the levels there are") {
  CHECK(findings_with_tail(kLadderHeading, step("managers", "working_days = 10\n")) ==
        std::vector<std::string>{"2: dispute step 1: 'level' is 'managers', which is not one of: officers, directors, "
                                 "chief-executives, mediation [agreement.field]"});
}

TEST_CASE("a dispute step needs a time limit from 1 to 250 working days") {
  const std::string block = step("officers", "") + step("directors", "working_days = 0\n") +
                            step("chief-executives", "working_days = 251\n") +
                            step("mediation", "working_days = 250\n");
  CHECK(findings_with_tail(kLadderHeading, block) ==
        std::vector<std::string>{
            "1: dispute step 1 (officers) has no time limit: give 'working_days', from 1 to 250 working days "
            "[governance.dispute-days]",
            "4: dispute step 2 (directors) lasts 0 working days; a step lasts from 1 to 250 working days "
            "[governance.dispute-days]",
            "8: dispute step 3 (chief-executives) lasts 251 working days; a step lasts from 1 to 250 working days "
            "[governance.dispute-days]"});
  CHECK(findings_with_tail(kLadderHeading, step("officers", "working_days = \"10\"\n")) ==
        std::vector<std::string>{
            "4: dispute step 1 (officers): 'working_days' should be a whole number [agreement.field]"});
}

TEST_CASE("a dispute step of an unknown level has its time limit checked and does not renumber the steps after it") {
  const std::string block = step("managers", "working_days = 0\n") + step("directors", "working_days = 15\n") +
                            step("officers", "working_days = 10\n");
  const std::string directors = std::to_string(poolbook::testing::tail_first_line(kLadderHeading) + 4);
  CHECK(findings_with_tail(kLadderHeading, block) ==
        std::vector<std::string>{
            "1: dispute step 1 lasts 0 working days; a step lasts from 1 to 250 working days [governance.dispute-days]",
            "2: dispute step 1: 'level' is 'managers', which is not one of: officers, directors, chief-executives, "
            "mediation [agreement.field]",
            "9: dispute step 3 (officers) comes after directors (line " + directors +
                "): the ladder climbs from officers to directors to chief executives to mediation "
                "[governance.dispute-order]"});
}

TEST_CASE("the dispute ladder climbs: a level out of order or repeated is refused, a level may be left out") {
  const std::string block = step("directors", "working_days = 15\n") + step("officers", "working_days = 10\n") +
                            step("mediation", "working_days = 40\n") + step("directors", "working_days = 15\n");
  const std::string first = std::to_string(poolbook::testing::tail_first_line(kLadderHeading));  // block line 1
  CHECK(findings_with_tail(kLadderHeading, block) ==
        std::vector<std::string>{"5: dispute step 2 (officers) comes after directors (line " + first +
                                     "): the ladder climbs from officers to directors to chief executives to mediation "
                                     "[governance.dispute-order]",
                                 "13: dispute step 4 (directors) repeats the level directors (first at line " + first +
                                     "): each level is a rung of the ladder once [governance.dispute-order]"});
  // Officers straight to mediation is a ladder, if a short one.
  CHECK(findings_with_tail(kLadderHeading,
                           step("officers", "working_days = 10\n") + step("mediation", "working_days = 40\n"))
            .empty());
}

TEST_CASE("an agreement without a dispute ladder is valid, with a warning that disputes cannot be followed") {
  std::string text = poolbook::testing::northshire_text();
  text.resize(text.find("# ---------------------------------------------------------------------------------------\n" +
                        kLadderHeading));
  const LoadedAgreement loaded = load_agreement_text(text, "nsh.toml");
  CHECK(loaded.valid());
  REQUIRE(loaded.findings.size() == 1);
  CHECK(loaded.findings[0].describe() ==
        "nsh.toml:14: warning: the agreement has no dispute ladder ([[dispute_step]]), so `poolbook dispute` cannot "
        "follow a dispute between partners [governance.disputes]");
  auto refused = open_dispute(*loaded.agreement,
                              DisputeOpening{"DR-1", {"county", "icb"}, "m", std::nullopt, "", 2025_y / date::May / 1},
                              person("r.osei"), kToday);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "dispute.ladder");
}

// ---- escalation deadlines ----

TEST_CASE("escalation deadlines: opened on 19 December 2025, officers have until 7 January 2026") {
  // Ten working days after Friday 19 December: 22, 23, 24, 29, 30, 31 December, 2, 5, 6, 7
  // January (Christmas Day, Boxing Day and New Year's Day are bank holidays).
  const DisputeRecord dispute = opened_before_christmas();
  CHECK(dispute.opened_on == 2025_y / date::December / 19);
  CHECK(dispute.parties == std::vector<std::string>{"county", "icb"});
  CHECK(dispute.opened_by == "r.osei");
  REQUIRE(dispute.events.size() == 1);
  CHECK(dispute.events[0].kind == DisputeEventKind::opened);
  CHECK(dispute.events[0].step == 1);
  CHECK(dispute.events[0].level == DisputeLevel::officers);
  CHECK(dispute.events[0].due_on == 2026_y / date::January / 7);
}

TEST_CASE("escalation deadlines: a step is overdue the day after its due date, not on it") {
  const DisputeRecord dispute = opened_before_christmas();
  auto on_the_day = dispute_state(northshire(), dispute, 2026_y / date::January / 7);
  REQUIRE(on_the_day);
  CHECK(on_the_day->level == DisputeLevel::officers);
  CHECK(on_the_day->step_name == "The pool managers and finance leads of the partners in dispute meet");
  CHECK(on_the_day->started == 2025_y / date::December / 19);
  CHECK(on_the_day->due == 2026_y / date::January / 7);
  CHECK_FALSE(on_the_day->overdue);
  auto friday = dispute_state(northshire(), dispute, 2026_y / date::January / 9);
  CHECK(friday->overdue);
  CHECK(friday->working_days_late == 2);  // Thursday 8 and Friday 9 January
  auto monday = dispute_state(northshire(), dispute, 2026_y / date::January / 12);
  CHECK(monday->working_days_late == 3);  // the weekend does not count
}

TEST_CASE("escalation deadlines: each step runs from the day the dispute reaches it, up to mediation") {
  DisputeRecord dispute = opened_before_christmas();
  // Directors from Thursday 8 January 2026: 15 working days to Thursday 29 January.
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8,
                                           "not agreed", person("s.wright"), kToday));
  CHECK(dispute.events[1].kind == DisputeEventKind::escalated);
  CHECK(dispute.events[1].level == DisputeLevel::directors);
  CHECK(dispute.events[1].step == 2);
  CHECK(dispute.events[1].due_on == 2026_y / date::January / 29);
  CHECK(dispute.events[1].actor == "s.wright");
  auto state = dispute_state(northshire(), dispute, 2026_y / date::January / 9);
  CHECK_FALSE(state->overdue);
  CHECK(state->started == 2026_y / date::January / 8);
  // Chief executives from Friday 30 January: 20 working days to Friday 27 February.
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::directors, 2026_y / date::January / 30,
                                           "still not agreed", person("k.mensah"), kToday));
  CHECK(dispute.events[2].due_on == 2026_y / date::February / 27);
  // Mediation from Monday 2 March: 40 working days, past Good Friday and Easter Monday
  // (3 and 6 April 2026), to Wednesday 29 April.
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::chief_executives,
                                           2026_y / date::March / 2, "to mediation", person("r.osei"), kToday));
  CHECK(dispute.events[3].level == DisputeLevel::mediation);
  CHECK(dispute.events[3].due_on == 2026_y / date::April / 29);
  CHECK(dispute_state(northshire(), dispute, kToday)->last_step);
  auto beyond = escalate_dispute(northshire(), dispute, DisputeLevel::mediation, 2026_y / date::May / 1, "again",
                                 person("r.osei"), kToday);
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().rule == "dispute.ladder");
  CHECK(beyond.error().message ==
        "dispute DR-2025-01 is at mediation, the last step of the ladder; close the dispute with its outcome "
        "(poolbook dispute close DR-2025-01 --resolution ...)");
}

TEST_CASE("a closed dispute stays at its step, is never overdue, and nothing may follow its close") {
  DisputeRecord dispute = opened_before_christmas();
  dispute = with(dispute, close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 6,
                                        "The ICB bears 37.5% under Schedule 6", person("n.ahmed"), kToday));
  CHECK(dispute.events[1].kind == DisputeEventKind::closed);
  CHECK(dispute.events[1].level == DisputeLevel::officers);
  auto state = dispute_state(northshire(), dispute, kToday);
  REQUIRE(state);
  CHECK(state->closed_on == std::optional<Date>(2026_y / date::January / 6));
  CHECK(state->resolution == "The ICB bears 37.5% under Schedule 6");
  CHECK_FALSE(state->overdue);
  auto after = escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "n",
                                person("r.osei"), kToday);
  REQUIRE_FALSE(after);
  CHECK(after.error().rule == "dispute.closed");
  CHECK(after.error().message ==
        "dispute DR-2025-01 was closed on 2026-01-06; nothing may follow its close (open a new dispute)");
  CHECK(close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "again",
                      person("r.osei"), kToday)
            .error()
            .rule == "dispute.closed");
}

TEST_CASE("dispute events are dated in order and not in the future") {
  const DisputeRecord dispute = opened_before_christmas();
  auto before = escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2025_y / date::December / 18, "n",
                                 person("r.osei"), kToday);
  REQUIRE_FALSE(before);
  CHECK(before.error().rule == "dispute.date");
  CHECK(before.error().message == "the date 2025-12-18 is before the dispute's last event (2025-12-19)");
  auto future = escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::November / 25, "n",
                                 person("r.osei"), kToday);
  REQUIRE_FALSE(future);
  CHECK(future.error().message ==
        "the date 2026-11-25 is after today (2026-11-24): record what has happened, not what will");
  // The same day as the last event is allowed: officers met in the morning and gave up.
  CHECK(escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2025_y / date::December / 19, "n",
                         person("r.osei"), kToday));
}

TEST_CASE("a dispute is between two or more partners, and only their people may act in it") {
  const auto open = [](std::vector<std::string> parties, const char* actor) {
    return open_dispute(northshire(),
                        DisputeOpening{"DR-9", std::move(parties), "m", std::nullopt, "", 2025_y / date::May / 1},
                        person(actor), kToday);
  };
  CHECK(open({"county"}, "r.osei").error().message ==
        "a dispute is between two or more partners of the agreement (--between county,icb)");
  CHECK(open({"county", "county"}, "r.osei").error().message == "county is named twice");
  CHECK(open_dispute(northshire(),
                     DisputeOpening{"DR-9", {"county", "icb"}, "", std::nullopt, "", 2025_y / date::May / 1},
                     person("r.osei"), kToday)
            .error()
            .rule == "dispute.matter");
  CHECK(open({"county", "health-board"}, "r.osei").error().message ==
        "'health-board' is not a partner of agreement NSH-BCF-S75");
  auto outsider = open({"county", "icb"}, "p.ford");
  REQUIRE_FALSE(outsider);
  CHECK(outsider.error().rule == "dispute.actor");
  CHECK(outsider.error().message ==
        "p.ford (district-north) does not belong to a partner in this dispute (county,icb), so may not act in it");
  const DisputeRecord dispute = opened_before_christmas();
  CHECK(escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "n",
                         person("t.rowe"), kToday)
            .error()
            .rule == "dispute.actor");
}

TEST_CASE("blank references, matters, notes and resolutions, and a sum in dispute of nothing or less, are refused") {
  const auto open = [](const char* id, const char* matter, std::optional<Money> amount) {
    return open_dispute(northshire(),
                        DisputeOpening{id, {"county", "icb"}, matter, amount, "", 2025_y / date::December / 19},
                        person("r.osei"), kToday);
  };
  CHECK(open("  ", "m", std::nullopt).error().rule == "dispute.id");
  CHECK(open("DR-9", "   ", std::nullopt).error().rule == "dispute.matter");
  auto negative = open("DR-9", "m", *Money::parse("-5.00"));
  REQUIRE_FALSE(negative);
  CHECK(negative.error().rule == "dispute.amount");
  CHECK(negative.error().message ==
        "the sum in dispute is (£5.00); give a sum of more than nothing, or leave it out (--amount)");
  CHECK(open("DR-9", "m", Money{}).error().rule == "dispute.amount");
  // The reference and matter are kept without the spaces around them.
  auto padded = open(" DR-9 ", " Who bears the S07 overspend ", *Money::parse("0.01"));
  REQUIRE(padded);
  CHECK(padded->id == "DR-9");
  CHECK(padded->matter == "Who bears the S07 overspend");
  const DisputeRecord dispute = opened_before_christmas();
  for (const char* blank : {"", "  \t"}) {
    auto step = escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, blank,
                                 person("s.wright"), kToday);
    REQUIRE_FALSE(step);
    CHECK(step.error().rule == "dispute.note");
    CHECK(step.error().message == "say why dispute DR-2025-01 goes up a step: what was not resolved (--note)");
    CHECK(close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, blank,
                        person("s.wright"), kToday)
              .error()
              .rule == "dispute.resolution");
  }
}

TEST_CASE("only a person of the agreement may open, escalate or close a dispute, whatever the caller says of them") {
  Person mallory;
  mallory.id = "mallory";
  mallory.organisation = "county";  // claims the County, but is no [[person]] of the agreement
  auto opened = open_dispute(
      northshire(), DisputeOpening{"DR-9", {"county", "icb"}, "m", std::nullopt, "", 2025_y / date::December / 19},
      mallory, kToday);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().rule == "dispute.actor");
  CHECK(opened.error().message ==
        "mallory is not a person of agreement NSH-BCF-S75 ([[person]]), so may not act in a dispute");
  const DisputeRecord dispute = opened_before_christmas();
  CHECK(
      escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "n", mallory, kToday)
          .error()
          .rule == "dispute.actor");
  CHECK(close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "n", mallory, kToday)
            .error()
            .rule == "dispute.actor");
  // A real person is judged by the agreement's record of their organisation.
  Person disguised = person("p.ford");
  disguised.organisation = "county";
  CHECK(close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8, "n", disguised, kToday)
            .error()
            .message ==
        "p.ford (district-north) does not belong to a partner in this dispute (county,icb), so may not act in it");
}

// ---- a dispute that moved, and a ladder that changed ----

TEST_CASE("a step or close from a level the dispute has already left is refused as stale") {
  DisputeRecord dispute = opened_before_christmas();
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 20,
                                           "not agreed", person("s.wright"), kToday));
  auto again = escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 20,
                                "not agreed", person("r.osei"), kToday);
  REQUIRE_FALSE(again);
  CHECK(again.error().rule == "dispute.stale");
  CHECK(again.error().message ==
        "DR-2025-01 has already been escalated to directors on 2026-01-20 by s.wright; nothing was changed");
  CHECK(close_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 21, "agreed",
                      person("r.osei"), kToday)
            .error()
            .rule == "dispute.stale");
  auto ahead = escalate_dispute(northshire(), dispute, DisputeLevel::chief_executives, 2026_y / date::January / 21, "n",
                                person("r.osei"), kToday);
  REQUIRE_FALSE(ahead);
  CHECK(ahead.error().message ==
        "DR-2025-01 stands at directors (since 2026-01-20), not at chief executives; nothing was changed");
  CHECK(escalate_dispute(northshire(), dispute, DisputeLevel::directors, 2026_y / date::January / 21, "n",
                         person("r.osei"), kToday));
}

TEST_CASE("two sessions escalating the same dispute at once: the second is refused as stale, no rung is skipped") {
  ScratchBooks books;
  REQUIRE(books.session->governance->record_dispute(opened_before_christmas()));
  Session other(books.path);
  // Both sessions read the dispute at officers before either writes, as `dispute step` does.
  const DisputeLevel first_read = dispute_level(books.session->governance->disputes().at(0));
  const DisputeLevel second_read = dispute_level(other.governance->disputes().at(0));
  REQUIRE(first_read == DisputeLevel::officers);
  REQUIRE(second_read == DisputeLevel::officers);
  const auto escalate_from = [](DisputeLevel from, const char* actor) {
    return [from, actor](const DisputeRecord& now) {
      return escalate_dispute(northshire(), now, from, 2026_y / date::January / 20, "not agreed", person(actor),
                              kToday);
    };
  };
  auto first = books.session->step("DR-2025-01", escalate_from(first_read, "s.wright"));
  REQUIRE(first);
  CHECK(first->level == DisputeLevel::directors);
  auto second = other.step("DR-2025-01", escalate_from(second_read, "r.osei"));
  REQUIRE_FALSE(second);
  CHECK(second.error().rule == "dispute.stale");
  CHECK(second.error().message ==
        "DR-2025-01 has already been escalated to directors on 2026-01-20 by s.wright; nothing was changed");
  // A close by a session that read the dispute at officers is refused the same way.
  auto close = other.step("DR-2025-01", [&](const DisputeRecord& now) {
    return close_dispute(northshire(), now, second_read, 2026_y / date::January / 21, "agreed", person("r.osei"),
                         kToday);
  });
  REQUIRE_FALSE(close);
  CHECK(close.error().rule == "dispute.stale");
  const DisputeRecord kept = other.governance->disputes().at(0);
  REQUIRE(kept.events.size() == 2);
  CHECK(dispute_level(kept) == DisputeLevel::directors);
}

TEST_CASE("a ladder changed after a dispute opened is climbed by level, and a level no longer on it is said so") {
  DisputeRecord dispute = opened_before_christmas();
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8,
                                           "not agreed", person("s.wright"), kToday));
  // The officers rung is removed: directors is now the first rung, and the next is chief
  // executives, not mediation (the step the dispute was recorded at, 2, would skip one).
  const Agreement without_officers =
      with_ladder({DisputeLevel::directors, DisputeLevel::chief_executives, DisputeLevel::mediation});
  auto state = dispute_state(without_officers, dispute, 2026_y / date::January / 9);
  REQUIRE(state);
  CHECK(state->level == DisputeLevel::directors);
  CHECK(state->step == std::optional<std::size_t>(0));
  CHECK(state->step_name == without_officers.dispute_ladder[0].name);
  auto next = escalate_dispute(without_officers, dispute, DisputeLevel::directors, 2026_y / date::January / 30, "n",
                               person("k.mensah"), kToday);
  REQUIRE(next);
  CHECK(next->level == DisputeLevel::chief_executives);
  CHECK(next->step == 2);  // counted from 1, on the ladder as it is now
  CHECK(next->due_on == 2026_y / date::February / 27);
  // The directors rung is removed: the dispute stands at a level the ladder no longer has.
  const Agreement without_directors =
      with_ladder({DisputeLevel::officers, DisputeLevel::chief_executives, DisputeLevel::mediation});
  auto off = dispute_state(without_directors, dispute, 2026_y / date::January / 9);
  REQUIRE(off);
  CHECK(off->level == DisputeLevel::directors);
  CHECK_FALSE(off->step.has_value());
  CHECK(off->step_name.empty());
  CHECK_FALSE(off->last_step);
  CHECK(escalate_dispute(without_directors, dispute, DisputeLevel::directors, 2026_y / date::January / 30, "n",
                         person("k.mensah"), kToday)
            ->level == DisputeLevel::chief_executives);
  // Nothing above: close it instead.
  auto top = escalate_dispute(with_ladder({DisputeLevel::officers}), dispute, DisputeLevel::directors,
                              2026_y / date::January / 30, "n", person("k.mensah"), kToday);
  REQUIRE_FALSE(top);
  CHECK(top.error().rule == "dispute.ladder");
  CHECK(top.error().message ==
        "dispute DR-2025-01 is at directors, which is no longer a step of the agreement's dispute ladder, and no "
        "step is above it; close the dispute with its outcome (poolbook dispute close DR-2025-01 --resolution ...)");
}

// ---- lateness ----

TEST_CASE("overdue on a weekend: the day after a Friday deadline is overdue by 0 working days, since that Saturday") {
  DisputeRecord dispute = opened_before_christmas();
  // Directors from Friday 2 January 2026: 15 working days to Friday 23 January.
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 2,
                                           "not agreed", person("s.wright"), kToday));
  REQUIRE(dispute.events[1].due_on == 2026_y / date::January / 23);
  auto saturday = dispute_state(northshire(), dispute, 2026_y / date::January / 24);
  REQUIRE(saturday);
  CHECK(saturday->overdue);
  CHECK(saturday->overdue_since == 2026_y / date::January / 24);
  CHECK(saturday->working_days_late == std::optional<int>(0));
  CHECK(dispute_state(northshire(), dispute, 2026_y / date::January / 26)->working_days_late == 1);
}

TEST_CASE("lateness past the bank holiday list is left uncounted, not refused") {
  const DisputeRecord dispute = opened_before_christmas();
  auto late = dispute_state(northshire(), dispute, 2031_y / date::January / 10);
  REQUIRE(late);
  CHECK(late->overdue);
  CHECK(late->overdue_since == 2026_y / date::January / 8);
  CHECK_FALSE(late->working_days_late.has_value());
}

TEST_CASE("a dispute stands as its events up to the day asked about, and is refused before it opened") {
  DisputeRecord dispute = opened_before_christmas();
  dispute = with(dispute, escalate_dispute(northshire(), dispute, DisputeLevel::officers, 2026_y / date::January / 8,
                                           "not agreed", person("s.wright"), kToday));
  dispute = with(dispute, close_dispute(northshire(), dispute, DisputeLevel::directors, 2026_y / date::January / 20,
                                        "agreed", person("s.wright"), kToday));
  auto before_the_step = dispute_state(northshire(), dispute, 2026_y / date::January / 7);
  REQUIRE(before_the_step);
  CHECK(before_the_step->level == DisputeLevel::officers);
  CHECK_FALSE(before_the_step->closed_on.has_value());
  CHECK(dispute_state(northshire(), dispute, 2026_y / date::January / 20)->closed_on.has_value());
  auto too_early = dispute_state(northshire(), dispute, 2025_y / date::January / 1);
  REQUIRE_FALSE(too_early);
  CHECK(too_early.error().rule == "dispute.date");
  CHECK(too_early.error().message == "dispute DR-2025-01 was opened on 2025-12-19, after 2025-01-01");
}
