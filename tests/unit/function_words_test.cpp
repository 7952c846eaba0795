// How the excluded-function check (agreement.excluded-function) reads a function's name: by
// the words a reader sees, whatever characters they were typed in (function_words), in
// their usual forms (word_form), in any order and with each excluded function's synonyms
// (excluded_function_in). The characters an attacker might use are written as \u escapes,
// so the test shows which code point is meant: "\u0415ndoscopy" starts with a Cyrillic Е.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/internal/function_words.hpp"

using namespace poolbook::contracts;
using poolbook::contracts::detail::function_words;
using poolbook::contracts::detail::word_form;

namespace {

// The words, joined by single spaces, to read at a glance.
std::string words_of(std::string_view text) {
  std::string joined;
  for (const std::string& word : function_words(text)) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

}  // namespace

// ---- function_words: what a reader sees ----

TEST_CASE("punctuation and spaces of every kind separate words, and runs of them count once") {
  CHECK(words_of("Termination-of-pregnancy services") == "termination of pregnancy services");
  CHECK(words_of("emergency  ambulance   services") == "emergency ambulance services");
  CHECK(words_of("Ambulance services (emergency)") == "ambulance services emergency");
  CHECK(words_of("Day-case/short-stay, surgery; etc.") == "day case short stay surgery etc");
  // No-break space U+00A0, en quad U+2000, ideographic space U+3000, en dash U+2013, em
  // dash U+2014, non-breaking hyphen U+2011, a tab and a line end.
  CHECK(words_of("emergency\u00A0ambulance\u2000services") == "emergency ambulance services");
  CHECK(words_of("Termination\u2013of\u2014pregnancy\u3000care") == "termination of pregnancy care");
  CHECK(words_of("Endo\u2011scopy\tclinic\n") == "endo scopy clinic");
  CHECK(words_of("   ").empty());
  CHECK(words_of("").empty());
}

TEST_CASE("invisible characters inside a word leave it whole") {
  // Soft hyphen U+00AD, zero-width space U+200B, zero-width non-joiner U+200C and joiner
  // U+200D, word joiner U+2060, byte order mark U+FEFF, a left-to-right mark U+200E.
  CHECK(words_of("Endo\u00ADscopy") == "endoscopy");
  CHECK(words_of("sur\u200Bge\u200Cr\u200Dy") == "surgery");
  CHECK(words_of("\uFEFFradio\u2060therapy\u200E") == "radiotherapy");
  // An accent typed as a combining mark U+0301 goes with it.
  CHECK(words_of("Surge\u0301ry") == "surgery");
  // Apostrophes keep a possessive with its word, straight or curly (U+2019).
  CHECK(words_of("GP's surgery, doctors\u2019 surgeries") == "gps surgery doctors surgeries");
}

TEST_CASE("compatibility forms read as the Latin letters and digits they stand for") {
  // Fullwidth letters and digits U+FF21.., ligatures U+FB01 (fi) and U+FB02 (fl),
  // superscript four U+2074, Roman numeral four U+2163, mathematical bold U+1D404 (E).
  CHECK(words_of("\uFF25\uFF4E\uFF44\uFF4F\uFF53\uFF43\uFF4F\uFF50\uFF59") == "endoscopy");
  CHECK(words_of("\uFF23lass \uFF14 laser") == "class 4 laser");
  CHECK(words_of("\uFB01rst \uFB02oor") == "first floor");
  CHECK(words_of("Class\u2074 laser, Class \u2163 laser") == "class 4 laser class iv laser");
  CHECK(words_of("\U0001D404ndoscopy") == "endoscopy");
  // Circled letters U+24D4.. and squared capitals U+1F130..
  CHECK(words_of("\u24D4\u24DD\u24D3\u24DE scopy \U0001F132\U0001F130\U0001F133") == "endo scopy cad");
}

TEST_CASE("Latin letters lose their accents, and sharp s and ligatures are spelled out") {
  CHECK(words_of("Caf\u00E9 \u00C9ndoscopy") == "cafe endoscopy");                        // é, É
  CHECK(words_of("\u0160urg\u0115ry \u0141aser") == "surgery laser");                     // Š, ĕ, Ł
  CHECK(words_of("\u1EB8ndoscopy") == "endoscopy");                                       // Ẹ, Vietnamese
  CHECK(words_of("Stra\u00DFe \u00C6sthetic \u0153dema") == "strasse aesthetic oedema");  // ß Æ œ
}

TEST_CASE("look-alike letters of other scripts read as the Latin letter they pass for") {
  CHECK(words_of("\u0415ndoscopy") == "endoscopy");               // Cyrillic capital Е
  CHECK(words_of("surg\u0435ry") == "surgery");                   // Cyrillic small е
  CHECK(words_of("\u0430b\u043Ert\u0456\u043En") == "abortion");  // Cyrillic а, о, і
  CHECK(words_of("\u0455urgery") == "surgery");                   // Cyrillic dze ѕ
  CHECK(words_of("\u0395ND\u039F\u03A3COPY") == "endo copy");     // Greek Ε, Ο; Greek Σ is no Latin letter
  CHECK(words_of("\u03B1bortion") == "abortion");                 // Greek small alpha
  CHECK(words_of("surg\u0131cal") == "surgical");                 // Latin small dotless i
  CHECK(words_of("\u0280\u1D00\u1D05\u026A\u1D0F") == "radio");   // Latin small capitals
  CHECK(words_of("\u13AC\u13C3") == "ez");                        // Cherokee Ꭼ, Ꮓ
  CHECK(words_of("\uA4F0\uA4E0\uA4D3") == "end");                 // Lisu ꓰ, ꓠ, ꓓ
  // Letters that look like no Latin letter separate words.
  CHECK(words_of("\u0416surgery\u4E2Dclinic") == "surgery clinic");  // Cyrillic Ж, a CJK ideograph
}

TEST_CASE("bytes that are not UTF-8 separate words, and letters and digits are separate words") {
  CHECK(words_of("endo\xC0scopy") == "endo scopy");  // a byte that never starts UTF-8
  CHECK(words_of("\xFF"
                 "surgery\xE2\x82") == "surgery");  // a stray byte, a cut-off sequence
  CHECK(words_of("surg\xED\xA0\x80"
                 "ery") == "surg ery");  // an encoded surrogate is not UTF-8
  CHECK(words_of("class4 laser 999ambulance") == "class 4 laser 999 ambulance");
}

// ---- word_form: the form words are compared in ----

TEST_CASE("plurals and -scopic adjectives meet their nouns, and ASCII look-alikes meet") {
  CHECK(word_form("surgeries") == word_form("surgery"));
  CHECK(word_form("procedures") == word_form("procedure"));
  CHECK(word_form("endoscopic") == word_form("endoscopy"));
  CHECK(word_form("gps") == word_form("gp"));
  CHECK(word_form("class") != word_form("clas"));  // "ss" is not a plural
  // A capital I where an l belongs, 1 for l, 0 for o, "rn" for m.
  CHECK(word_form("surgicai") == word_form("surgical"));
  CHECK(word_form("surgica1") == word_form("surgical"));
  CHECK(word_form("end0scopy") == word_form("endoscopy"));
  CHECK(word_form("terrnination") == word_form("termination"));
}

// ---- excluded_function_in: the rule ----

TEST_CASE("an excluded function typed to get past the check is still caught, by name") {
  const auto [function, excluded] = GENERATE(table<std::string, std::string>({
      {"Termination-of-pregnancy services", "termination of pregnancy"},
      {"emergency  ambulance services", "emergency ambulance services"},
      {"Ambulance services (emergency)", "emergency ambulance services"},
      {"\u0415ndoscopy", "endoscopy"},                                          // Cyrillic Е
      {"surg\u0435ry", "surgery"},                                              // Cyrillic е
      {"\uFF25\uFF4E\uFF44\uFF4F\uFF53\uFF43\uFF4F\uFF50\uFF59", "endoscopy"},  // fullwidth
      {"Emergency\u00A0ambulance", "emergency ambulance services"},             // no-break space
      {"Endo\u00ADscopy", "endoscopy"},                                         // soft hyphen
      {"Radio\u200Btherapy", "radiotherapy"},                                   // zero-width space
      {"Termination\u2014of\u2013pregnancy", "termination of pregnancy"},       // em and en dash
      {"Class \u2163 laser", "Class 4 laser treatment"},                        // Roman numeral four
      {"\u0421lass 4 lasers", "Class 4 laser treatment"},                       // Cyrillic С
      {"Inv\u0430sive procedures", "invasive treatment"},                       // Cyrillic а
      {"Endo-scopy", "endoscopy"},                   // a word broken by a hyphen joins up again
      {"S U R G E R Y", "surgery"},                  // or by spaces
      {"Orthopaedic surgicaI services", "surgery"},  // a capital I for the l
      {"End0scopy", "endoscopy"},                    // a zero for the o
  }));
  CAPTURE(function);
  CHECK(excluded_function_in(function) == excluded);
}

TEST_CASE("an excluded function is named by its words in any order, or by a usual synonym") {
  const auto [function, excluded] = GENERATE(table<std::string, std::string>({
      {"Surgical pre-assessment", "surgery"},
      {"Pre-operative assessment", "surgery"},
      {"Hip operations", "surgery"},
      {"Operating theatres", "surgery"},
      {"Visiting surgeons", "surgery"},
      {"Radiation therapy", "radiotherapy"},
      {"Oncology (radiation)", "radiotherapy"},
      {"Brachytherapy", "radiotherapy"},
      {"Pregnancy termination", "termination of pregnancy"},
      {"Abortions", "termination of pregnancy"},
      {"Endoscopic procedures", "endoscopy"},
      {"Colonoscopies and gastroscopy", "endoscopy"},
      {"Bronchoscopy, cystoscopy and sigmoidoscopy", "endoscopy"},
      {"Lasers of class IV", "Class 4 laser treatment"},
      {"Class-4 laser clinic", "Class 4 laser treatment"},
      {"Treatments that are invasive", "invasive treatment"},
      {"Invasive interventions", "invasive treatment"},
      {"Ambulance: emergency response", "emergency ambulance services"},
      {"999 ambulance response", "emergency ambulance services"},
      {"Paramedic emergency response", "emergency ambulance services"},
  }));
  CAPTURE(function);
  CHECK(excluded_function_in(function) == excluded);
}

TEST_CASE("non-, GP surgery and co-operative are word-level negations, each of its own word") {
  // "non" before a word makes it a function that may be pooled, however it is joined on.
  CHECK(excluded_function_in("Non-surgical musculoskeletal services").empty());
  CHECK(excluded_function_in("Non surgical musculoskeletal services").empty());
  CHECK(excluded_function_in("Non\u2011invasive treatment of pressure ulcers").empty());
  CHECK(excluded_function_in("Non-emergency ambulance services (patient transport)").empty());
  CHECK(excluded_function_in("Ambulance services (non-emergency)").empty());
  CHECK(excluded_function_in("Non-operative fracture care").empty());
  // A GP's or doctor's surgery is a place.
  CHECK(excluded_function_in("Minor procedures in GP surgeries and GP surgery-based clinics").empty());
  CHECK(excluded_function_in("Clinics held in the GP\u2019s surgery").empty());
  CHECK(excluded_function_in("Doctors' surgeries: extended hours").empty());
  // A co-operative or co-operation is not an operation.
  CHECK(excluded_function_in("GP co-operative out-of-hours service").empty());
  CHECK(excluded_function_in("Co-operation between partners").empty());
  // A negation covers only the word straight after it.
  CHECK(excluded_function_in("Non-surgical triage, then day-case surgery") == "surgery");
  CHECK(excluded_function_in("Non-emergency and emergency ambulance services") == "emergency ambulance services");
  CHECK(excluded_function_in("GP surgical services") == "surgery");
  CHECK(excluded_function_in("Invasive and non-invasive treatments") == "invasive treatment");
}

TEST_CASE("ordinary functions that sit near excluded ones are not caught") {
  const std::string function =
      GENERATE(as<std::string>{}, "Community nursing", "Urgent and emergency care", "Emergency duty team",
               "Non-emergency patient transport services", "Community IV therapy", "Occupational therapy",
               "Operational delivery networks", "Operating model for neighbourhood teams", "Pregnancy advice services",
               "Radiology and diagnostic imaging", "Care home in-reach", "Phlebotomy",
               "Class 2 laser pointers (trading standards)", "Theatre and arts for wellbeing");
  CAPTURE(function);
  CHECK(excluded_function_in(function).empty());
}

TEST_CASE("none of the Northshire agreement's functions is an excluded one") {
  const LoadedAgreement loaded = load_agreement(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  REQUIRE(loaded.valid());
  std::size_t functions = 0;
  for (const Arrangement& arrangement : loaded.agreement->arrangements)
    for (const auto* list : {&arrangement.nhs_functions, &arrangement.health_related_functions})
      for (const std::string& function : *list) {
        CAPTURE(function);
        CHECK(excluded_function_in(function).empty());
        ++functions;
      }
  // bcf-pool 4 + 5, mh-aligned 2 + 3, chc-lead 2 + 1, among them "Intermediate care,
  // rehabilitation and discharge to assess" and "NHS continuing healthcare and NHS-funded
  // nursing care".
  CHECK(functions == 17);
}
