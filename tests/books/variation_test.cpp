// Adopting a varied agreement: figures the partners signed adopt as they are; a variation of
// who may do what (people, bodies, voting weights, the scheme of delegation) or of the term
// only under a carried decision of the body the scheme of delegation names, ratified where
// reserved, naming the text it approves, recorded by someone else and cited once.
#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using namespace date::literals;
using ledger::FinancialYear;

namespace {

// The SHA-256 of a file's text, as sha256sum prints it.
std::string digest_of(const std::string& path) {
  auto text = ledger::read_text_file(path, 1 << 24, "the agreement");
  REQUIRE(text);
  return ledger::sha256_hex(*text);
}

// The HWB's meeting of 12 November 2026 on a varied text (its refs name the text's SHA-256):
// everyone present votes for.
books::DecisionRequest hwb_meeting(const std::string& id, const std::string& refs,
                                   contracts::ActionType action = contracts::ActionType::agreement_variation) {
  books::DecisionRequest meeting;
  meeting.id = id;
  meeting.body = "hwb";
  meeting.on = 2026_y / date::November / 12;
  meeting.matter = "Vary the agreement";
  meeting.action = action;
  meeting.year = FinancialYear(2026);
  meeting.refs = refs;
  meeting.present = {"c.ellis", "a.patel", "s.wright", "l.bennett", "p.ford", "j.kaur"};
  meeting.in_favour = meeting.present;
  return meeting;
}

// Every partner's governing body ratifies `decision` on 20 November 2026 (its clerk records it).
void ratified_by_all(NorthshireBooks& area, const std::string& decision) {
  for (const char* body : {"county-cabinet", "icb-board", "north-cabinet", "southvale-cabinet", "acute-board",
                           "community-board", "vcse-trustees"})
    REQUIRE(books::ratify(area.as("finance.officer"), "", {decision, body, 2026_y / date::November / 20, ""},
                          2026_y / date::December / 1));
}

const auto kToday = 2026_y / date::December / 1;

// A request to adopt `varied` into the area's books on kToday, as the pool manager.
books::AdoptionRequest variation_of(const NorthshireBooks& area, const VariedNorthshire& varied,
                                    const std::string& decision = "") {
  auto request = adoption(varied.path, area.path, "pool.manager");
  request.today = kToday;
  request.decision = decision;
  return request;
}

}  // namespace

TEST_CASE("a variation of who may do what is adopted only under the HWB's carried, ratified decision") {
  NorthshireBooks area;
  // The pool manager raises her own virement limit from £50,000.00 to £400,000.00.
  const VariedNorthshire raised("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                                "up_to = \"400000.00\"\nbody = \"pool-manager\"");
  auto today = 2026_y / date::December / 1;
  auto request = adoption(raised.path, area.path, "pool.manager");
  request.today = today;
  auto alone = books::adopt_agreement(request);
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK_THAT(alone.error().message,
             Catch::Contains("delegation added: virement up to £400,000.00 by pool-manager") &&
                 Catch::Contains("delegation removed: virement up to £50,000.00 by pool-manager"));
  // Still the old limit: £400,000.00 alone is refused.
  auto moved = books::move_budget(area.as("pool.manager"), "",
                                  {"S08", "S07", pounds("400000.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(moved);
  // The HWB carries it; the clerk records it; every partner's governing body ratifies.
  REQUIRE(books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-09", digest_of(raised.path))));
  request.decision = "HWB-2026-09";
  auto unratified = books::adopt_agreement(request);
  REQUIRE_FALSE(unratified);
  CHECK(unratified.error().rule == "authority.ratification");
  // Only the governing body's clerk records its ratification.
  auto by_manager = books::ratify(area.as("pool.manager"), "", {"HWB-2026-09", "county-cabinet", today, ""}, today);
  REQUIRE_FALSE(by_manager);
  CHECK(by_manager.error().rule == "authority.clerk");
  ratified_by_all(area, "HWB-2026-09");
  // The clerk who recorded it may not adopt under it; the pool manager may, once.
  auto clerk = request;
  clerk.account = "finance.officer";
  auto by_clerk = books::adopt_agreement(clerk);
  REQUIRE_FALSE(by_clerk);
  CHECK(by_clerk.error().rule == "authority.maker-checker");
  auto adopted = books::adopt_agreement(request);
  REQUIRE(adopted);
  CHECK(adopted->varied);
  REQUIRE(adopted->changes.size() == 2);
  const auto log = books::authority_log(area.books);
  const auto found = std::find_if(
      log.begin(), log.end(), [](const auto& event) { return event.action == "agreement-variation" && event.allowed; });
  REQUIRE(found != log.end());
  CHECK(found->decision == "HWB-2026-09");
  CHECK_THAT(found->reason, Catch::Contains("in place of SHA-256 ") && Catch::Contains(raised.path + " (SHA-256 "));
  // The decision is spent: the next variation of governance needs another.
  const VariedNorthshire again("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                               "up_to = \"450000.00\"\nbody = \"pool-manager\"");
  auto second = adoption(again.path, area.path, "pool.manager");
  second.today = today;
  second.decision = "HWB-2026-09";
  auto reused = books::adopt_agreement(second);
  REQUIRE_FALSE(reused);
  CHECK(reused.error().rule == "authority.used");
}

TEST_CASE("a variation of figures alone is adopted without a decision") {
  NorthshireBooks area;
  const VariedNorthshire retitled("title = \"Northshire", "title = \"Varied Northshire");
  auto adopted = books::adopt_agreement(adoption(retitled.path, area.path, "pool.manager"));
  REQUIRE(adopted);
  CHECK(adopted->varied);
  CHECK(adopted->changes.empty());
}

TEST_CASE("a decision approves one text: cited for another, the adoption is refused") {
  NorthshireBooks area;
  const VariedNorthshire approved("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                                  "up_to = \"60000.00\"\nbody = \"pool-manager\"");
  const VariedNorthshire other("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                               "up_to = \"600000.00\"\nbody = \"pool-manager\"");
  const std::string digest = digest_of(approved.path);
  REQUIRE(books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-11", "sha256:" + digest)));
  ratified_by_all(area, "HWB-2026-11");
  // The board approved £60,000.00; a text that says £600,000.00 is not what it approved.
  auto swapped = books::adopt_agreement(variation_of(area, other, "HWB-2026-11"));
  REQUIRE_FALSE(swapped);
  CHECK(swapped.error().rule == "authority.refs");
  CHECK_THAT(swapped.error().message,
             Catch::StartsWith("decision HWB-2026-11 does not name the text it approves: its refs ('sha256:" + digest +
                               "') must hold the SHA-256 of " + other.path + " (all 64 digits, " +
                               digest_of(other.path) + ", as sha256sum prints it)"));
  // Minutes of a variation that name no text, or only part of its SHA-256 (a prefix a second
  // text could be made to share), are not recorded.
  for (const std::string& refs : {std::string(), digest.substr(0, 12), digest.substr(0, 63), std::string("S08")}) {
    auto vague = books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-12", refs));
    REQUIRE_FALSE(vague);
    CHECK(vague.error().rule == "authority.refs");
    CHECK_THAT(vague.error().message, Catch::StartsWith("a decision on agreement-variation names the varied "
                                                        "agreement it approves: give its SHA-256 in --refs"));
  }
  // The text it names is adopted (its digest in capitals is the same digest).
  std::string upper = digest;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  REQUIRE(books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-13", "S08, " + upper)));
  ratified_by_all(area, "HWB-2026-13");
  auto adopted = books::adopt_agreement(variation_of(area, approved, "HWB-2026-13"));
  REQUIRE(adopted);
  CHECK(adopted->varied);
}

TEST_CASE(
    "a contribution variation that moves the HWB's weighted votes needs its decision; one that moves none does not") {
  NorthshireBooks area;
  // £1,000,000.00 more from the county into the BCF pool in 2026/27 (and onto S08): the HWB
  // votes by contributions to the pool, so the county's weight rises.
  const VariedNorthshire weightier("[[variation]]\nid = \"V-2025-01\"",
                                   "[[variation]]\nid = \"V-2026-09\"\nagreed_on = 2026-11-01\n"
                                   "signed_off_by = \"NJCB\"\ndecision = \"NJCB-2026-15\"\n"
                                   "effective_from = \"2026/27 M09\"\nyear = \"2026/27\"\nchange = \"1000000.00\"\n"
                                   "partner = \"county\"\narrangement = \"bcf-pool\"\n\n"
                                   "[[variation]]\nid = \"V-2026-10\"\nagreed_on = 2026-11-01\n"
                                   "signed_off_by = \"NJCB\"\ndecision = \"NJCB-2026-15\"\n"
                                   "effective_from = \"2026/27 M09\"\nyear = \"2026/27\"\nchange = \"1000000.00\"\n"
                                   "scheme = \"S08\"\n\n[[variation]]\nid = \"V-2025-01\"");
  auto alone = books::adopt_agreement(variation_of(area, weightier));
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK_THAT(alone.error().message,
             Catch::Contains("(it changes body hwb votes by contributions to bcf-pool: in 2026/27 the weights were ") &&
                 Catch::Contains("; now ") && !Catch::Contains("in 2025/26"));
  REQUIRE(
      books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-14", digest_of(weightier.path))));
  ratified_by_all(area, "HWB-2026-14");
  auto adopted = books::adopt_agreement(variation_of(area, weightier, "HWB-2026-14"));
  REQUIRE(adopted);
  REQUIRE(adopted->changes.size() == 1);
  // The aligned mental health budget's saving made a little larger: nobody's vote moves.
  NorthshireBooks other;
  const VariedNorthshire saving("change = \"-85000.00\"\npartner = \"county\"\narrangement = \"mh-aligned\"",
                                "change = \"-85000.00\"\npartner = \"county\"\narrangement = \"mh-aligned\"");
  auto figures = books::adopt_agreement(variation_of(other, saving));
  REQUIRE(figures);
  CHECK(figures->changes.empty());
}

TEST_CASE("an extension of the term is adopted under the agreement-extension decision it names") {
  NorthshireBooks area;
  const std::string extension =
      "[[agreement.extension]]\ngranted_on = 2026-11-12\ndecision = \"HWB-2026-07\"\n"
      "new_end = 2028-03-31\n";
  const VariedNorthshire extended(extension, extension +
                                                 "\n[[agreement.extension]]\ngranted_on = 2026-11-12\n"
                                                 "decision = \"HWB-2026-20\"\nnew_end = 2029-03-31\n");
  auto alone = books::adopt_agreement(variation_of(area, extended));
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.refs");
  CHECK(alone.error().message ==
        "the varied agreement says extension added: extension granted on 2026-11-12 by decision HWB-2026-20 to "
        "2029-03-31: adopt it citing that decision (--decision HWB-2026-20)");
  // A decision on agreement-variation is not one on agreement-extension.
  const std::string digest = digest_of(extended.path);
  REQUIRE(books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-20", digest)));
  ratified_by_all(area, "HWB-2026-20");
  auto wrong_action = books::adopt_agreement(variation_of(area, extended, "HWB-2026-20"));
  REQUIRE_FALSE(wrong_action);
  CHECK(wrong_action.error().rule == "authority.decision");
  CHECK_THAT(wrong_action.error().message,
             Catch::StartsWith("decision HWB-2026-20 is on agreement-variation, not agreement-extension"));
  NorthshireBooks fresh;
  REQUIRE(books::record_decision(fresh.as("finance.officer"), "",
                                 hwb_meeting("HWB-2026-20", digest, contracts::ActionType::agreement_extension)));
  ratified_by_all(fresh, "HWB-2026-20");
  auto adopted = books::adopt_agreement(variation_of(fresh, extended, "HWB-2026-20"));
  REQUIRE(adopted);
  const auto log = books::authority_log(fresh.books);
  CHECK(std::any_of(log.begin(), log.end(), [](const auto& event) {
    return event.action == "agreement-extension" && event.allowed && event.decision == "HWB-2026-20";
  }));
  // The term and the people at once: two variations, each under its own decision.
  const VariedNorthshire both(extension, extension +
                                             "\n[[agreement.extension]]\ngranted_on = 2026-11-12\n"
                                             "decision = \"HWB-2026-21\"\nnew_end = 2030-03-31\n\n[[person]]\n"
                                             "id = \"z.new\"\nname = \"Z New\"\norganisation = \"county\"\n"
                                             "role = \"analyst\"\n");
  auto mixed = books::adopt_agreement(variation_of(fresh, both, "HWB-2026-21"));
  REQUIRE_FALSE(mixed);
  CHECK(mixed.error().rule == "authority.decision");
  CHECK_THAT(mixed.error().message, Catch::StartsWith("this variation changes both who may do what and the term"));
}

TEST_CASE("budget leaves a ring-fenced line only as the scheme of delegation says who may") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  // £100.00 off the Disabled Facilities Grant is not the pool manager's, however small.
  auto off =
      books::move_budget(area.as("pool.manager"), "", {"S18", "S08", pounds("100.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(off);
  CHECK(off.error().rule == "authority.decision");
  CHECK(off.error().message ==
        "S18 is ring-fenced (Disabled Facilities Grant): a virement off a ring-fenced line of £100.00 needs a decision "
        "of Northshire Health and Wellbeing Board, ratified by every partner: cite it with --decision");
  // Onto a ring-fenced line is an ordinary virement, within her limit.
  REQUIRE(books::move_budget(area.as("pool.manager"), "", {"S08", "S18", pounds("100.00"), FinancialYear(2025), ""},
                             today));
  // An agreement whose scheme of delegation names no one for it: nobody may.
  const VariedNorthshire unnamed("[[delegation]]\naction = \"ring-fenced-virement\"\nbody = \"hwb\"\nreserved = true\n",
                                 "");
  NorthshireBooks other;
  REQUIRE(books::adopt_agreement(adoption(unnamed.path, other.path + ".2", "pool.manager")));
  auto opened = books::open_books(other.path + ".2");
  REQUIRE(opened);
  opened->account = "pool.manager";
  auto nobody = books::move_budget(*opened, "", {"S13", "S08", pounds("1.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(nobody);
  CHECK(nobody.error().rule == "authority.delegation");
  CHECK_THAT(nobody.error().message,
             Catch::StartsWith("S13 is ring-fenced (NHS minimum contribution to adult social care: Care Act duties): "
                               "the scheme of delegation gives no one authority for virement off a ring-fenced line"));
  *opened = {};
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(other.path + ".2" + suffix);
}

TEST_CASE("a virement moves only budget the scheme has, as varied and moved before") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  const auto pool_manager_moves = [&](const char* from, const char* to, const char* amount) {
    return books::move_budget(area.as("pool.manager"), "", {from, to, pounds(amount), FinancialYear(2025), ""}, today);
  };
  // S03 (falls prevention) has £486,300.00 for 2025/26: £40,000.00 moves off it, then
  // £30,000.00 onto it, leaving £476,300.00. A penny more is refused whoever asks (the budget
  // is checked before anyone's authority); exactly that much is a matter for the board.
  REQUIRE(pool_manager_moves("S03", "S01", "40000.00"));
  REQUIRE(pool_manager_moves("S01", "S03", "30000.00"));
  auto too_much = pool_manager_moves("S03", "S01", "476300.01");
  REQUIRE_FALSE(too_much);
  CHECK(too_much.error().rule == "virement.budget");
  CHECK(too_much.error().message ==
        "S03 has £476,300.00 of budget for 2025/26 (as varied and moved by earlier virements), so £476,300.01 cannot "
        "be moved off it");
  auto all = pool_manager_moves("S03", "S01", "476300.00");
  REQUIRE_FALSE(all);
  CHECK(all.error().rule == "authority.decision");
  // Another year's virements do not count: 2026/27's S03 still has its whole budget.
  auto next_year = books::move_budget(area.as("pool.manager"), "",
                                      {"S03", "S01", pounds("1000000.00"), FinancialYear(2026), ""}, today);
  REQUIRE_FALSE(next_year);
  CHECK(next_year.error().rule == "virement.budget");
  CHECK_THAT(next_year.error().message, Catch::StartsWith("S03 has £"));
  // Each refusal is logged.
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const auto& event) { return event.action == "virement" && !event.allowed; }) == 3);
}

TEST_CASE("a virement split into parts without a decision is judged as one move") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  const auto moves = [&](const char* from, const char* to, const char* amount) {
    return books::move_budget(area.as("pool.manager"), "", {from, to, pounds(amount), FinancialYear(2025), ""}, today);
  };
  // The pool manager may move £50,000.00 alone: £30,000.00 and then £20,000.00 from S04 to S05
  // make exactly that; a penny more between the same schemes that year is the board's.
  REQUIRE(moves("S04", "S05", "30000.00"));
  REQUIRE(moves("S04", "S05", "20000.00"));
  auto penny = moves("S04", "S05", "0.01");
  REQUIRE_FALSE(penny);
  CHECK(penny.error().rule == "authority.decision");
  CHECK_THAT(penny.error().message,
             Catch::StartsWith("£50,000.00 has already been moved from S04 to S05 for 2025/26 without a decision, and "
                               "this £0.01 is judged together with it: a virement between schemes of £50,000.01 "
                               "needs a decision of Northshire Joint Commissioning Board"));
  // Another pair of schemes, or the other direction, is another move.
  CHECK(moves("S05", "S04", "10000.00"));
  CHECK(moves("S04", "S03", "10000.00"));
}

TEST_CASE("a varied agreement may not cut a line below what virements have moved off it") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  // £50,000.00 leaves S03 (falls prevention, £486,300.00 in 2025/26) for S01.
  REQUIRE(books::move_budget(area.as("pool.manager"), "", {"S03", "S01", pounds("50000.00"), FinancialYear(2025), ""},
                             today));
  // A text that cuts S03's 2025/26 budget to £40,000.00 (moving the rest to S04, so the figures
  // still balance) would leave it at (£10,000.00): refused, and logged; the books keep the text.
  using Replacements = std::vector<std::pair<std::string, std::string>>;
  const VariedNorthshire cut(Replacements{{"\"2025/26\" = \"486300.00\"", "\"2025/26\" = \"40000.00\""},
                                          {"\"2025/26\" = \"724150.00\"", "\"2025/26\" = \"1170450.00\""}});
  auto refused = books::adopt_agreement(variation_of(area, cut));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "agreement.budget-moved");
  CHECK(refused.error().message ==
        "the varied agreement gives S03 £40,000.00 for 2025/26, but virements recorded in these books have already "
        "moved £50,000.00 off it: its budget would be (£10,000.00)");
  const auto log = books::authority_log(area.books);
  CHECK(std::any_of(log.begin(), log.end(),
                    [](const auto& event) { return event.action == "agreement-variation" && !event.allowed; }));
  // Cut to exactly what is left after the move, it is adopted.
  const VariedNorthshire to_nothing(Replacements{{"\"2025/26\" = \"486300.00\"", "\"2025/26\" = \"50000.00\""},
                                                 {"\"2025/26\" = \"724150.00\"", "\"2025/26\" = \"1160450.00\""}});
  CHECK(books::adopt_agreement(variation_of(area, to_nothing)));
}

TEST_CASE("a variation that lowers a ring-fenced line's budget is adopted only under a decision") {
  NorthshireBooks area;
  // £1,000,000.00 of 2026/27 budget off S13 (the NHS minimum contribution to adult social care,
  // ring-fenced) onto S08: the figures still balance, but money leaves a ring-fenced line.
  using Replacements = std::vector<std::pair<std::string, std::string>>;
  const VariedNorthshire moved(Replacements{{"\"2026/27\" = \"6605928.00\"", "\"2026/27\" = \"5605928.00\""},
                                            {"\"2026/27\" = \"5530640.00\"", "\"2026/27\" = \"6530640.00\""}});
  auto alone = books::adopt_agreement(variation_of(area, moved));
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK_THAT(alone.error().message,
             Catch::Contains("(it changes ring-fenced S13 (NHS minimum contribution to adult social care: Care Act "
                             "duties): its budget for 2026/27 was £6,605,928.00; now £5,605,928.00)"));
  // Onto a ring-fenced line is figures alone.
  NorthshireBooks other;
  const VariedNorthshire onto(Replacements{{"\"2026/27\" = \"6605928.00\"", "\"2026/27\" = \"7605928.00\""},
                                           {"\"2026/27\" = \"5530640.00\"", "\"2026/27\" = \"4530640.00\""}});
  auto adopted = books::adopt_agreement(variation_of(other, onto));
  INFO((adopted ? std::string() : adopted.error().message));
  REQUIRE(adopted);
  CHECK(adopted->changes.empty());
}
