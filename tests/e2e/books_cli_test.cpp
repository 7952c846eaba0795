// End-to-end: the books kept through the real `poolbook` program: init, decisions under the
// scheme of delegation, an unknown actor refused, disputes up the ladder.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_program.hpp"
#include "scratch_books.hpp"

using Catch::Contains;
using poolbook::testing::HasRow;
using poolbook::testing::init_northshire;
using poolbook::testing::northshire_with;
using poolbook::testing::read_text;
using poolbook::testing::run_program;
using poolbook::testing::ScratchStore;

TEST_CASE("poolbook init keeps books to one agreement, and notes when the agreement file changes") {
  const ScratchStore scratch("init");
  const std::filesystem::path store = scratch.path;
  const std::string northshire = poolbook::testing::northshire_agreement();
  auto first =
      run_program(POOLBOOK_CLI, {"init", "--agreement", northshire, "--store", store.string(), "--as", "pool.manager"});
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Contains("for agreement NSH-BCF-S75: 99 accounts open"));
  // The same agreement again opens nothing new and is not an error.
  CHECK(
      run_program(POOLBOOK_CLI, {"init", "--agreement", northshire, "--store", store.string(), "--as", "pool.manager"})
          .exit_code == 0);
  // Another agreement is refused, and the books still follow the first.
  const std::string other = northshire_with("id = \"NSH-BCF-S75\"", "id = \"SOUTHSHIRE-BCF\"");
  auto switched =
      run_program(POOLBOOK_CLI, {"init", "--agreement", other, "--store", store.string(), "--as", "pool.manager"});
  CHECK(switched.exit_code == 1);
  CHECK_THAT(switched.err, Contains("keeps the books of agreement 'NSH-BCF-S75'; they cannot be switched to "
                                    "'SOUTHSHIRE-BCF' (start new books with another --store) [store.agreement]"));
  // The same agreement, varied in a scratch copy after init: the books say so.
  const std::string varied = northshire_with("title = \"Northshire", "title = \"Varied Northshire");
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "pool.manager"})
              .exit_code == 0);
  std::ofstream(varied, std::ios::app) << "\n# a note added after init\n";
  auto balance = run_program(POOLBOOK_CLI, {"balance", "--store", store.string()});
  CHECK(balance.exit_code == 0);
  CHECK_THAT(balance.err, Contains("has changed since `poolbook init` adopted it; these books follow the agreement "
                                   "as adopted until init is run again"));
  // Editing the file cannot make a stranger a person of the books' agreement: it is the
  // adopted text that counts, and adopting a variation needs someone that text knows.
  std::ofstream(varied, std::ios::app)
      << "\n[[person]]\nid = \"mallory\"\nname = \"M\"\norganisation = \"county\"\nrole = \"r\"\n";
  auto edited =
      run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store.string(), "--as", "mallory"});
  CHECK(edited.exit_code == 1);
  CHECK_THAT(edited.err, Contains("[authority.actor]"));
  auto adopt = run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "mallory"});
  CHECK(adopt.exit_code == 1);
  CHECK_THAT(adopt.err, Contains("only a person of the agreement may adopt a varied agreement or open accounts"));
  // Nor can the pool manager add a person alone: that needs the HWB's decision.
  auto alone =
      run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "pool.manager"});
  CHECK(alone.exit_code == 1);
  CHECK_THAT(alone.err,
             Contains("needs a decision of Northshire Health and Wellbeing Board") &&
                 Contains("(it changes person mallory added: M, r, county, accounts []) [authority.decision]"));
  CHECK_THAT(run_program(POOLBOOK_CLI, {"authority-log", "--store", store.string()}).out,
             HasRow({"r.osei", "agreement-variation", "allowed", "adopted"}) &&
                 HasRow({"r.osei", "agreement-variation", "REFUSED", "did not adopt"}));
  std::filesystem::remove(varied);  // the scratch agreement (`other` was the same file)
}

TEST_CASE("poolbook authority says what a person may approve, found by id or by operating-system user") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto pool_manager = run_program(POOLBOOK_CLI, {"authority", "pool.manager", "--agreement", agreement});
  REQUIRE(pool_manager.exit_code == 0);
  CHECK_THAT(pool_manager.out, Contains("Ruth Osei (r.osei), Head of Integrated Commissioning (pool manager), county"));
  CHECK_THAT(pool_manager.out, Contains("virement between schemes        up to £50,000.00     alone  Pool manager"));
  CHECK_THAT(pool_manager.out, Contains("contract payment                up to £2,500,000.00  alone  Pool manager"));
  auto board = run_program(POOLBOOK_CLI, {"authority", "d.hughes", "--agreement", agreement, "--json"});
  REQUIRE(board.exit_code == 0);
  CHECK_THAT(board.out, Contains("\"action\": \"contribution-variation\""));
  CHECK_THAT(board.out, Contains("\"reserved\": true"));
  auto stranger = run_program(POOLBOOK_CLI, {"authority", "mallory", "--agreement", agreement});
  CHECK(stranger.exit_code == 4);
  CHECK_THAT(stranger.err, Contains("'mallory' is neither a person of the agreement nor a user mapped to one, so may "
                                    "approve nothing [authority.person]"));
}

TEST_CASE("decisions in the books: a virement beyond the pool manager needs a carried board decision") {
  const ScratchStore scratch("gov");
  const std::string& store = scratch.path;
  init_northshire(store);
  auto own = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "50000.00", "--year", "2025/26", "--as",
                                        "pool.manager", "--store", store});
  CHECK(own.exit_code == 0);
  CHECK_THAT(own.out, Contains("£50,000.00 from S08 to S07 for 2025/26 by r.osei"));
  auto beyond = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26", "--as",
                                           "pool.manager", "--store", store});
  CHECK(beyond.exit_code == 1);
  CHECK_THAT(beyond.err,
             Contains("needs a decision of Northshire Joint Commissioning Board") && Contains("[authority.decision]"));
  // Minutes that claim a result the votes do not give are refused.
  const std::vector<std::string> meeting = {
      "decide",   "D-2025-014",        "--body",    "njcb",
      "--on",     "2025-10-16",        "--matter",  "Winter discharge capacity",
      "--action", "virement",          "--amount",  "120000.00",
      "--year",   "2025/26",           "--present", "d.hughes,m.clarke,s.wright,k.mensah",
      "--for",    "d.hughes,m.clarke", "--against", "s.wright,k.mensah",
      "--as",     "finance.officer",   "--store",   store};
  auto claimed = meeting;
  claimed.insert(claimed.end(), {"--outcome", "carried"});
  auto wrong = run_program(POOLBOOK_CLI, claimed);
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Contains("the minutes say 'carried' but the attendance and votes give 'failed'"));
  auto failed = run_program(POOLBOOK_CLI, meeting);  // recorded as what it was: failed
  CHECK(failed.exit_code == 0);
  auto cite_failed = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26",
                                                "--decision", "D-2025-014", "--as", "pool.manager", "--store", store});
  CHECK(cite_failed.exit_code == 1);
  CHECK_THAT(cite_failed.err, Contains("decision D-2025-014 was not carried (failed)"));
  auto carried = meeting;
  carried[1] = "D-2025-015";
  carried[17] = "d.hughes,m.clarke,s.wright";  // --for
  carried[19] = "k.mensah";                    // --against
  REQUIRE(run_program(POOLBOOK_CLI, carried).exit_code == 0);
  auto under = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26", "--decision",
                                          "D-2025-015", "--as", "pool.manager", "--store", store});
  CHECK(under.exit_code == 0);
  auto again = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "0.01", "--year", "2025/26", "--decision",
                                          "D-2025-015", "--as", "pool.manager", "--store", store});
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Contains("[authority.used]"));
  auto stranger = run_program(
      POOLBOOK_CLI, {"virement", "S08", "S07", "1.00", "--year", "2025/26", "--as", "mallory", "--store", store});
  CHECK(stranger.exit_code == 1);
  CHECK_THAT(stranger.err, Contains("[authority.actor]"));
  auto listed = run_program(POOLBOOK_CLI, {"decisions", "--store", store});
  CHECK_THAT(listed.out, Contains("D-2025-015  2025-10-16  njcb  virement  £120,000.00  £120,000.00  carried"));
  CHECK_THAT(listed.out, Contains("D-2025-014  2025-10-16  njcb  virement  £120,000.00        £0.00  failed"));
}

TEST_CASE("an unknown actor changes nothing, and a month reopens only under the NJCB's decision naming it") {
  const ScratchStore scratch("actor");
  const std::string& store = scratch.path;
  const std::string agreement = poolbook::testing::northshire_agreement();
  const std::string april = POOLBOOK_FIXTURES_DIR "/northshire/inbox/receipts-2025-04.csv";
  // Books cannot be created by someone the agreement does not know: nothing is created.
  auto stranger_init =
      run_program(POOLBOOK_CLI, {"init", "--agreement", agreement, "--store", store, "--as", "mallory"});
  CHECK(stranger_init.exit_code == 1);
  CHECK_THAT(stranger_init.err, Contains("only a person of the agreement may create its books") &&
                                    Contains("nothing was created [authority.actor]"));
  CHECK_FALSE(std::filesystem::exists(store));
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", agreement, "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  auto stranger_import =
      run_program(POOLBOOK_CLI, {"import", april, "--profile", "host-receipts", "--store", store, "--as", "mallory"});
  CHECK(stranger_import.exit_code == 1);
  CHECK_THAT(stranger_import.err,
             Contains("'mallory' is neither a person of the agreement nor an operating-system account mapped to one; "
                      "only a person of the agreement may import into the books "
                      "[authority.actor]"));
  CHECK(run_program(POOLBOOK_CLI, {"journal", "--store", store}).out.empty());  // nothing posted
  auto imported = run_program(
      POOLBOOK_CLI, {"import", april, "--profile", "host-receipts", "--store", store, "--as", "finance.officer"});
  CHECK(imported.exit_code == 0);
  CHECK_THAT(run_program(POOLBOOK_CLI, {"journal", "--store", store}).out, Contains("by n.ahmed at"));
  // A month is closed by anyone the agreement knows, but reopened only as the scheme of delegation says.
  CHECK(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "mallory"}).exit_code ==
        1);
  REQUIRE(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  const std::vector<std::string> reopen = {"period",  "reopen", "2025/26 M01", "--reason",    "ICB accrual posted late",
                                           "--store", store,    "--as",        "pool.manager"};
  auto alone = run_program(POOLBOOK_CLI, reopen);
  CHECK(alone.exit_code == 1);
  CHECK_THAT(alone.err, Contains("a reopening of a closed month needs a decision of Northshire Joint Commissioning "
                                 "Board: cite it with --decision [authority.decision]"));
  const auto meeting = [&](const std::string& id, const std::string& refs) {
    return run_program(POOLBOOK_CLI, {"decide",    id,
                                      "--body",    "njcb",
                                      "--on",      "2025-05-08",
                                      "--matter",  "Reopen a month for the ICB's late accrual",
                                      "--action",  "period-reopening",
                                      "--year",    "2025/26",
                                      "--refs",    refs,
                                      "--present", "d.hughes,m.clarke,s.wright,k.mensah",
                                      "--for",     "d.hughes,m.clarke,s.wright",
                                      "--abstain", "k.mensah",
                                      "--as",      "finance.officer",
                                      "--store",   store});
  };
  REQUIRE(meeting("D-2025-030", "2025/26 M02").exit_code == 0);
  auto cited = reopen;
  cited.insert(cited.end(), {"--decision", "D-2025-030"});
  auto other_month = run_program(POOLBOOK_CLI, cited);
  CHECK(other_month.exit_code == 1);
  CHECK_THAT(other_month.err,
             Contains("decision D-2025-030 does not name 2025/26 M01") && Contains("[authority.refs]"));
  REQUIRE(meeting("D-2025-031", "2025-04").exit_code == 0);
  cited.back() = "D-2025-031";
  auto reopened = run_program(POOLBOOK_CLI, cited);
  CHECK(reopened.exit_code == 0);
  CHECK(reopened.out == "2025/26 M01 reopened by r.osei under D-2025-031\n");
  // A decision reopens the month once; an unknown decision is refused. Both are logged.
  REQUIRE(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  auto twice = run_program(POOLBOOK_CLI, cited);
  CHECK(twice.exit_code == 1);
  CHECK_THAT(twice.err, Contains("decision D-2025-031 has already reopened 2025/26 M01; reopening it again needs a "
                                 "further decision [authority.used]"));
  cited.back() = "D-NONE";
  CHECK_THAT(run_program(POOLBOOK_CLI, cited).err, Contains("there is no decision D-NONE in these books"));
  // Every check is in the authority log: the three refusals and what was allowed.
  auto log = run_program(POOLBOOK_CLI, {"authority-log", "--refused", "--store", store});
  CHECK(log.exit_code == 0);
  CHECK_THAT(log.out, HasRow({"as mallory", "import"}) && HasRow({"as mallory", "period-close"}) &&
                          HasRow({"r.osei", "period-reopening"}) && Contains("6 shown; 6 refused in all"));
  auto since = run_program(POOLBOOK_CLI, {"decisions", "--since", "2025-05-08", "--store", store});
  CHECK_THAT(since.out, Contains("D-2025-030") && Contains("D-2025-031"));
  CHECK_FALSE(Contains("D-2025").match(
      run_program(POOLBOOK_CLI, {"decisions", "--since", "2025-05-09", "--store", store}).out));
  // A ratification is recorded once it has happened, and after the decision.
  const auto ratify = [&](const char* on) {
    return run_program(POOLBOOK_CLI, {"ratify", "D-2025-031", "--body", "county-cabinet", "--on", on, "--as",
                                      "finance.officer", "--store", store});
  };
  CHECK_THAT(ratify("2099-01-01").err, Contains("a ratification dated 2099-01-01 has not happened yet"));
  CHECK_THAT(ratify("2025-05-01").err,
             Contains("a ratification on 2025-05-01 would come before decision D-2025-031 was taken (2025-05-08)"));
  CHECK(ratify("2025-05-20").exit_code == 0);
}

TEST_CASE("a period typed in any accepted form is printed back in the one standard form") {
  const ScratchStore scratch("periods");
  const std::string& store = scratch.path;
  init_northshire(store);
  // April 2025 is 2025/26 M01, whether typed in lower case or as the calendar month 2025-04
  // (months close in order, so the first two).
  const auto close = [&](const std::string& month) {
    return run_program(POOLBOOK_CLI, {"period", "close", month, "--store", store, "--as", "pool.manager"});
  };
  auto lower = close("2025/26 m01");
  REQUIRE(lower.exit_code == 0);
  CHECK_THAT(lower.out, Catch::StartsWith("2025/26 M01 closed by r.osei\n"));
  auto again = close("2025-04");
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Contains("2025/26 M01 is already closed"));
  CHECK_THAT(close("2025-05").out, Catch::StartsWith("2025/26 M02 closed by r.osei\n"));
  auto reversed = run_program(POOLBOOK_CLI, {"balance", "--store", store, "--from", "2025-05", "--to", "2025/26 m01"});
  CHECK_THAT(reversed.err, Contains("--from 2025/26 M02 is after --to 2025/26 M01"));
  // A contract's payment period: a quarter, a month (August 2025, of a contract varied to pay
  // monthly), a year.
  const std::string agreement = poolbook::testing::northshire_agreement();
  const std::vector<std::string> kpis = {"--kpi", "K1=0.83",  "--kpi", "K2=0.91",
                                         "--kpi", "K3=0.105", "--kpi", "K4=0.78"};
  const auto pay = [&](const std::string& contract, const std::string& period, const std::string& file,
                       const std::vector<std::string>& more) {
    std::vector<std::string> args = {"contract", "payment", contract, "--period", period, "--agreement", file};
    args.insert(args.end(), more.begin(), more.end());
    return run_program(POOLBOOK_CLI, args);
  };
  auto quarter = pay("HC-OUTCOMES", "2025/26 q2", agreement, kpis);
  REQUIRE(quarter.exit_code == 0);
  CHECK_THAT(quarter.out, Contains("(HC-OUTCOMES), 2025/26 Q2\n"));
  CHECK_FALSE(Contains("q2").match(quarter.out));
  auto with_json = kpis;
  with_json.push_back("--json");
  CHECK(nlohmann::json::parse(pay("HC-OUTCOMES", "2025/26 q2", agreement, with_json).out)["period"] == "2025/26 Q2");
  const std::string monthly =
      northshire_with("schedule = \"annual\"\nunit_price", "schedule = \"monthly\"\nunit_price");
  auto month = pay("STP-ACTIVITY", "2025-08", monthly, {"--volume", "270"});
  REQUIRE(month.exit_code == 0);
  CHECK_THAT(month.out, Contains("(STP-ACTIVITY), 2025/26 M05\n"));
  CHECK_FALSE(Contains("2025-08").match(month.out));
  CHECK(nlohmann::json::parse(
            pay("STP-ACTIVITY", "2025/26 m05", monthly, {"--volume", "270", "--json"}).out)["period"] == "2025/26 M05");
  auto year = pay("STP-ACTIVITY", "2025-26", agreement, {"--volume", "3240"});
  REQUIRE(year.exit_code == 0);
  CHECK_THAT(year.out, Contains("(STP-ACTIVITY), 2025/26\n"));
  // A dispute's references: the months among them in the standard form, the scheme as it was.
  REQUIRE(run_program(POOLBOOK_CLI, {"dispute", "open", "DR-2025-09", "--between", "county,icb", "--matter",
                                     "Who bears the S07 overspend", "--refs", "S07, 2025/26 m05,2025-09", "--on",
                                     "2025-12-19", "--as", "r.osei", "--store", store})
              .exit_code == 0);
  CHECK_THAT(
      run_program(POOLBOOK_CLI, {"dispute", "show", "DR-2025-09", "--today", "2025-12-19", "--store", store}).out,
      Contains("; refs S07, 2025/26 M05, 2025/26 M06\n"));
}

TEST_CASE("poolbook dispute: escalation deadlines in working days, overdue flagged, up the ladder to a close") {
  const ScratchStore scratch("dispute");
  const std::string& store = scratch.path;
  init_northshire(store);
  const auto dispute = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "dispute");
    args.insert(args.end(), {"--store", store});
    return run_program(POOLBOOK_CLI, args);
  };
  // Opened on Friday 19 December 2025: ten working days, past Christmas and New Year.
  auto opened = dispute({"open", "DR-2025-01", "--between", "county,icb", "--matter", "Who bears the S07 overspend",
                         "--amount", "120000.00", "--refs", "S07", "--on", "2025-12-19", "--as", "r.osei"});
  REQUIRE(opened.exit_code == 0);
  CHECK(opened.out ==
        "opened DR-2025-01 between county,icb on 2025-12-19\n"
        "  step 1 of 4, officers: The pool managers and finance leads of the partners in dispute meet\n"
        "  to be resolved by Wed 2026-01-07 (10 working days from 2025-12-19)\n");
  auto on_the_day = dispute({"list", "--today", "2026-01-07"});
  CHECK(on_the_day.exit_code == 0);
  CHECK_THAT(on_the_day.out, Contains("DR-2025-01  county,icb  Who bears the S07 overspend  1 officers  2025-12-19  "
                                      "2026-01-07  open\n"));
  CHECK_THAT(on_the_day.out, Contains("1 open dispute, 0 overdue, as at 2026-01-07\n"));
  auto late = dispute({"list", "--today", "2026-01-09"});
  CHECK_THAT(late.out, Contains("2026-01-07  OVERDUE by 2 working days\n"));
  CHECK_THAT(late.out, Contains("1 open dispute, 1 overdue, as at 2026-01-09\n"));
  // Only a person of the agreement, from a partner in the dispute, may escalate it.
  auto stranger = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-08", "--as", "mallory"});
  CHECK(stranger.exit_code == 1);
  CHECK_THAT(stranger.err, Contains("[authority.actor]"));
  auto outsider = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-08", "--as", "p.ford"});
  CHECK(outsider.exit_code == 1);
  CHECK_THAT(outsider.err, Contains("p.ford (district-north) does not belong to a partner in this dispute "
                                    "(county,icb), so may not act in it [dispute.actor]"));
  auto outsider_opens = dispute(
      {"open", "DR-2025-02", "--between", "county,icb", "--matter", "m", "--on", "2025-12-19", "--as", "p.ford"});
  CHECK(outsider_opens.exit_code == 1);
  CHECK_THAT(outsider_opens.err, Contains("[dispute.actor]"));
  auto refusals = run_program(POOLBOOK_CLI, {"authority-log", "--refused", "--store", store}).out;
  CHECK_THAT(refusals, HasRow({"as mallory", "dispute step"}) && HasRow({"p.ford", "dispute step"}) &&
                           HasRow({"p.ford", "dispute open"}) && Contains("3 shown; 3 refused in all"));
  // Each step runs from the day the dispute reaches it.
  auto directors = dispute(
      {"step", "DR-2025-01", "--note", "Officers did not agree the share", "--on", "2026-01-08", "--as", "s.wright"});
  REQUIRE(directors.exit_code == 0);
  CHECK_THAT(directors.out, Contains("DR-2025-01 escalated on 2026-01-08\n  step 2 of 4, directors: "));
  CHECK_THAT(directors.out, Contains("to be resolved by Thu 2026-01-29 (15 working days from 2026-01-08)\n"));
  auto chiefs = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-30", "--as", "k.mensah"});
  CHECK_THAT(chiefs.out, Contains("to be resolved by Fri 2026-02-27 (20 working days from 2026-01-30)\n"));
  auto mediation = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-03-02", "--as", "n.ahmed"});
  CHECK_THAT(mediation.out, Contains("step 4 of 4, mediation: "));
  CHECK_THAT(mediation.out, Contains("to be resolved by Wed 2026-04-29 (40 working days from 2026-03-02)\n"));
  auto beyond = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-04-30", "--as", "r.osei"});
  CHECK(beyond.exit_code == 2);
  CHECK_THAT(beyond.err, Contains("is at mediation, the last step of the ladder; close the dispute with its outcome"));
  auto closed = dispute({"close", "DR-2025-01", "--resolution", "Shared 62.5/37.5 under Schedule 6", "--on",
                         "2026-04-30", "--as", "r.osei"});
  REQUIRE(closed.exit_code == 0);
  CHECK(closed.out == "DR-2025-01 closed on 2026-04-30 at step 4 (mediation): Shared 62.5/37.5 under Schedule 6\n");
  auto after = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-05-01", "--as", "r.osei"});
  CHECK(after.exit_code == 5);
  CHECK_THAT(after.err, Contains("[dispute.closed]"));
  CHECK_THAT(dispute({"list", "--today", "2026-05-01"}).out, Contains("0 open disputes, 0 overdue"));
  CHECK_THAT(dispute({"list", "--all", "--today", "2026-05-01"}).out, Contains("4 mediation  2026-03-02  2026-04-29  "
                                                                               "closed 2026-04-30\n"));
  const auto json = nlohmann::json::parse(dispute({"list", "--all", "--today", "2026-05-01", "--json"}).out);
  REQUIRE(json["disputes"].size() == 1);
  CHECK(json["disputes"][0]["level"] == "mediation");
  CHECK(json["disputes"][0]["amount"] == "120000.00");
  auto shown = dispute({"show", "DR-2025-01", "--today", "2026-05-01"});
  CHECK(shown.exit_code == 0);
  CHECK_THAT(shown.out, Contains("2026-01-08  escalated  2 directors         2026-01-29  s.wright  Officers did not "
                                 "agree the share\n"));
  CHECK_THAT(shown.out, Contains("2026-04-30  closed     4 mediation                     r.osei    Shared 62.5/37.5 "
                                 "under Schedule 6\n"));
  CHECK_THAT(shown.out, Contains("as at 2026-05-01: step 4 of 4, mediation, due 2026-04-29; closed 2026-04-30\n"));
}

TEST_CASE("poolbook dispute list goes on past the bank holiday list, and a step from a level left behind is refused") {
  const ScratchStore scratch("dispute-list");
  const std::string& store = scratch.path;
  init_northshire(store);
  const auto dispute = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "dispute");
    args.insert(args.end(), {"--store", store});
    return run_program(POOLBOOK_CLI, args);
  };
  // Opened on Friday 9 January 2026: officers have ten working days, to Friday 23 January.
  auto opened = dispute({"open", "DR-2026-01", "--between", "county,icb", "--matter", "Discharge invoices", "--on",
                         "2026-01-09", "--as", "r.osei"});
  REQUIRE(opened.exit_code == 0);
  CHECK_THAT(opened.out, Contains("to be resolved by Fri 2026-01-23"));
  REQUIRE(dispute({"open", "DR-2026-02", "--between", "county,icb", "--matter", "Equipment recharges", "--on",
                   "2026-01-12", "--as", "r.osei"})
              .exit_code == 0);
  REQUIRE(dispute({"close", "DR-2026-02", "--resolution", "Recharged at cost", "--on", "2026-01-13", "--as", "r.osei"})
              .exit_code == 0);
  // The Saturday after a Friday deadline is no working day late, but it is overdue.
  auto saturday = dispute({"list", "--today", "2026-01-24"});
  CHECK(saturday.exit_code == 0);
  CHECK_THAT(saturday.out, Contains("2026-01-23  OVERDUE since 2026-01-24\n"));
  CHECK_THAT(dispute({"list", "--today", "2026-01-26"}).out, Contains("OVERDUE by 1 working day\n"));
  // Past the bank holiday list the working days late cannot be counted; the list goes on.
  auto far = dispute({"list", "--all", "--today", "2031-01-10"});
  CHECK(far.exit_code == 0);
  CHECK_THAT(far.out, Contains("2026-01-23  OVERDUE since 2026-01-24 (working days cannot be counted past 2030)\n"));
  CHECK_THAT(far.out, Contains("closed 2026-01-13\n"));
  CHECK_THAT(far.out, Contains("2 disputes, 1 overdue, as at 2031-01-10\n"));
  // Before a dispute was opened, it is not listed.
  CHECK_THAT(dispute({"list", "--all", "--today", "2026-01-10"}).out, Contains("1 dispute, 0 overdue"));
  CHECK(dispute({"list", "--all", "--today", "2025-01-01"}).out == "0 disputes, 0 overdue, as at 2025-01-01\n");
  // A step from a level the dispute is not at changes nothing.
  auto stale =
      dispute({"step", "DR-2026-01", "--from", "directors", "--note", "n", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(stale.exit_code == 5);
  CHECK(stale.err ==
        "poolbook dispute step: DR-2026-01 stands at officers (since 2026-01-09), not at directors; "
        "nothing was changed [dispute.stale]\n");
  CHECK(dispute({"step", "DR-2026-01", "--from", "managers", "--note", "n", "--as", "s.wright"}).exit_code == 2);
  CHECK(dispute({"step", "DR-2099-01", "--note", "n", "--as", "s.wright"}).exit_code == 4);
  // Blank text and a sum of nothing or less are refused.
  auto blank_note = dispute({"step", "DR-2026-01", "--note", "  ", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(blank_note.exit_code == 2);
  CHECK_THAT(blank_note.err, Contains("[dispute.note]"));
  for (const char* amount : {"-5.00", "0"}) {
    auto refused = dispute({"open", "DR-2026-03", "--between", "county,icb", "--matter", "m", "--amount", amount,
                            "--on", "2026-01-12", "--as", "r.osei"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Contains("[dispute.amount]"));
  }
  auto stepped =
      dispute({"step", "DR-2026-01", "--from", "officers", "--note", "n", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(stepped.exit_code == 0);
  CHECK_THAT(stepped.out, Contains("step 2 of 4, directors"));
}

TEST_CASE("every command ends by the README's table of exit statuses") {
  const ScratchStore scratch("exit");
  const std::string store = scratch.path;
  const std::string missing_store = store + ".missing";
  // 2: a usage mistake caught by the argument parser is bad input like any other.
  auto unknown_option = run_program(POOLBOOK_CLI, {"balance", "--store", store, "--bogus"});
  CHECK(unknown_option.exit_code == 2);
  CHECK(run_program(POOLBOOK_CLI, {"import"}).exit_code == 2);
  // 2: an agreement file that cannot be read, for init as for check.
  auto unreadable = run_program(
      POOLBOOK_CLI, {"init", "--agreement", "/nonexistent/agreement.toml", "--store", store, "--as", "pool.manager"});
  CHECK(unreadable.exit_code == 2);
  CHECK_THAT(unreadable.err, Contains("[file.read]"));
  CHECK_FALSE(std::filesystem::exists(store));
  // 4: no books there.
  auto no_books = run_program(POOLBOOK_CLI, {"verify", "--store", missing_store});
  CHECK(no_books.exit_code == 4);
  CHECK_THAT(no_books.err, Contains("poolbook verify: there is no store at") && Contains("[store.missing]"));
  init_northshire(store);
  // A mistyped name beside existing books names them before suggesting new ones.
  const std::string typo = (std::filesystem::path(store).parent_path() / "nhs-typo.db").string();
  auto mistyped = run_program(POOLBOOK_CLI, {"verify", "--store", typo});
  CHECK(mistyped.exit_code == 4);
  CHECK_THAT(mistyped.err, Contains("(books beside it: ") && Contains(store) &&
                               Contains("; to create new books, `poolbook init --agreement FILE --store " + typo));
  // 4: no such quarantined row, whether shown, retried or dismissed.
  for (const char* verb : {"show", "retry", "dismiss"}) {
    std::vector<std::string> args{"quarantine", verb, "99", "--store", store};
    if (std::string(verb) != "show") args.insert(args.end(), {"--as", "pool.manager"});
    if (std::string(verb) == "dismiss") args.insert(args.end(), {"--reason", "r"});
    auto row = run_program(POOLBOOK_CLI, args);
    CHECK(row.exit_code == 4);
    CHECK_THAT(row.err, Contains("[quarantine.unknown]"));
  }
  // 3, then 5: a file's bad rows go to quarantine; the same bytes again are a conflict.
  const std::string bad = POOLBOOK_FIXTURES_DIR "/northshire/inbox/bad/receipts-2025-10-bad.csv";
  const std::vector<std::string> import{"import",  bad,   "--profile", "host-receipts",
                                        "--store", store, "--as",      "pool.manager"};
  CHECK(run_program(POOLBOOK_CLI, import).exit_code == 3);
  auto again = run_program(POOLBOOK_CLI, import);
  CHECK(again.exit_code == 5);
  CHECK_THAT(again.err, Contains("[import.duplicate]"));
  // 5: a dismissed row cannot be retried.
  REQUIRE(run_program(POOLBOOK_CLI, {"quarantine", "dismiss", "1", "--reason", "duplicate of a bank line", "--store",
                                     store, "--as", "pool.manager"})
              .exit_code == 0);
  auto retried = run_program(POOLBOOK_CLI, {"quarantine", "retry", "1", "--store", store, "--as", "pool.manager"});
  CHECK(retried.exit_code == 5);
  CHECK_THAT(retried.err, Contains("[quarantine.status]"));
  // 1: a virement citing a decision the books do not hold is refused, and logged.
  auto cited = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26", "--decision",
                                          "D-9999", "--as", "pool.manager", "--store", store});
  CHECK(cited.exit_code == 1);
  CHECK_THAT(run_program(POOLBOOK_CLI, {"authority-log", "--refused", "--store", store}).out,
             Contains("there is no decision D-9999 in these books"));
  // 2 with the command and the rule: an amount too large to add up.
  auto overflow = run_program(
      POOLBOOK_CLI, {"risk-share", "--agreement", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml", "--year",
                     "2025/26", "--variance", "S07=90000000000000000.00", "--variance", "S08=90000000000000000.00"});
  CHECK(overflow.exit_code == 2);
  CHECK_THAT(overflow.err, Contains("poolbook risk-share: ") && Contains("[money.overflow]"));
}

TEST_CASE("poolbook journal says when there are more entries than it shows") {
  const ScratchStore scratch("journal");
  init_northshire(scratch.path);
  REQUIRE(run_program(POOLBOOK_CLI, {"import", POOLBOOK_FIXTURES_DIR "/northshire/inbox/receipts-2025-04.csv",
                                     "--profile", "host-receipts", "--store", scratch.path, "--as", "pool.manager"})
              .exit_code == 0);  // three receipts
  auto cut = run_program(POOLBOOK_CLI, {"journal", "--limit", "2", "--store", scratch.path});
  CHECK(cut.exit_code == 0);
  CHECK_THAT(cut.out, Contains("#1 ") && Contains("#2 ") && !Contains("#3 "));
  CHECK_THAT(cut.err, Contains("note: the first 2 entries are shown and there are more"));
  auto whole = run_program(POOLBOOK_CLI, {"journal", "--limit", "3", "--store", scratch.path});
  CHECK_THAT(whole.out, Contains("#3 "));
  CHECK(whole.err.empty());
}

TEST_CASE("a path the system cannot use is bad input with a clear message, never an abort") {
  const std::string long_name = std::string(300, 'x');
  const ScratchStore scratch("paths");
  init_northshire(scratch.path);
  const std::vector<std::vector<std::string>> commands{
      {"balance", "--store", long_name + ".db"},
      {"init", "--agreement", poolbook::testing::northshire_agreement(), "--store", long_name + "/" + long_name + ".db",
       "--as", "pool.manager"},
      {"import", POOLBOOK_FIXTURES_DIR "/northshire/inbox/receipts-2025-04.csv", "--profile", long_name, "--store",
       scratch.path, "--as", "pool.manager"},
      {"agreement", "check", long_name + ".toml"}};
  for (const auto& command : commands) {
    auto run = run_program(POOLBOOK_CLI, command);
    INFO(command.front() << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err + run.out, Contains("File name too long"));
  }
}
