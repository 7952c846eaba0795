#include "poolbook/contracts/agreement/internal/function_words.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace poolbook::contracts::detail {
namespace {

// ---- 1. UTF-8 ----

// Stands for a byte that is not part of well-formed UTF-8; it separates words.
constexpr char32_t kNotUtf8 = 0xFFFD;

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

// The code point that starts at `at`, moving `at` past it. Overlong forms, surrogates and
// code points above U+10FFFF are not well-formed: they give kNotUtf8 and move one byte.
char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  char32_t value = 0;
  unsigned char second_low = 0x80, second_high = 0xBF;  // the range Unicode allows the second byte
  if (lead < 0x80) {
    ++at;
    return lead;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0FU;
    if (lead == 0xE0) second_low = 0xA0;   // overlong
    if (lead == 0xED) second_high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07U;
    if (lead == 0xF0) second_low = 0x90;   // overlong
    if (lead == 0xF4) second_high = 0x8F;  // above U+10FFFF
  }
  const bool well_formed = length != 0 && at + length <= text.size() && byte(1) >= second_low &&
                           byte(1) <= second_high &&
                           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at + 1),
                                       text.begin() + static_cast<std::ptrdiff_t>(at + length),
                                       [](char c) { return is_continuation(static_cast<unsigned char>(c)); });
  if (!well_formed) {
    ++at;
    return kNotUtf8;
  }
  for (std::size_t i = 1; i < length; ++i) value = (value << 6) | (byte(i) & 0x3FU);
  at += length;
  return value;
}

// ---- 2. Characters removed ----

struct Range {
  char32_t first;
  char32_t last;
};

// Removed, so the word around them stays whole: characters that show nothing, and
// apostrophes, which keep a possessive with its word ("GP's" is "gps").
constexpr Range kInvisible[] = {
    {0x0027, 0x0027},   {0x0060, 0x0060},  // apostrophe, grave accent
    {0x00AD, 0x00AD},                      // soft hyphen
    {0x00B4, 0x00B4},                      // acute accent
    {0x02BB, 0x02BC},                      // modifier letter apostrophes
    {0x0300, 0x036F},                      // combining diacritical marks (and the grapheme joiner)
    {0x0483, 0x0489},                      // combining Cyrillic marks
    {0x061C, 0x061C},                      // Arabic letter mark
    {0x115F, 0x1160},                      // Hangul fillers
    {0x17B4, 0x17B5},                      // Khmer inherent vowels
    {0x180B, 0x180F},                      // Mongolian variation selectors and vowel separator
    {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},  // combining marks
    {0x200B, 0x200F},                      // zero-width space, non-joiner, joiner; direction marks
    {0x2018, 0x2019},   {0x201B, 0x201B},  // single quotation marks used as apostrophes
    {0x202A, 0x202E},                      // bidirectional embeddings and overrides
    {0x2032, 0x2032},                      // prime
    {0x2060, 0x206F},                      // word joiner, invisible operators, bidirectional isolates
    {0x20D0, 0x20FF},                      // combining marks for symbols
    {0x3164, 0x3164},                      // Hangul filler
    {0xFE00, 0xFE0F},                      // variation selectors
    {0xFE20, 0xFE2F},                      // combining half marks
    {0xFEFF, 0xFEFF},                      // zero-width no-break space (byte order mark)
    {0xFF07, 0xFF07},                      // fullwidth apostrophe
    {0xFFA0, 0xFFA0},                      // halfwidth Hangul filler
    {0x1BCA0, 0x1BCA3},                    // shorthand format controls
    {0xE0000, 0xE0FFF},                    // tags and variation selectors supplement
};

bool is_invisible(char32_t code_point) {
  return std::any_of(std::begin(kInvisible), std::end(kInvisible),
                     [&](const Range& range) { return code_point >= range.first && code_point <= range.last; });
}

// ---- 3. Latin letters and digits ----

constexpr std::string_view kLatin = "abcdefghijklmnopqrstuvwxyz0123456789";

// Alphabets that repeat the Latin letters (or digits) in another style: code point `first`
// is `letter`, the next the letter after it, and after `count` letters they start again.
struct Alphabet {
  char32_t first;
  char32_t last;
  char letter;
  char32_t count;
};
constexpr Alphabet kAlphabets[] = {
    {0xFF10, 0xFF19, '0', 10},    // fullwidth digits
    {0xFF21, 0xFF3A, 'a', 26},    // fullwidth capitals
    {0xFF41, 0xFF5A, 'a', 26},    // fullwidth small letters
    {0x2460, 0x2468, '1', 9},     // circled digits one to nine
    {0x24B6, 0x24E9, 'a', 26},    // circled capitals, then small letters
    {0x1D400, 0x1D6A3, 'a', 26},  // mathematical letters: bold, italic, script, fraktur, ...
    {0x1D7CE, 0x1D7FF, '0', 10},  // mathematical digits
    {0x1F130, 0x1F149, 'a', 26},  // squared capitals
    {0x1F150, 0x1F169, 'a', 26},  // negative circled capitals
    {0x1F170, 0x1F189, 'a', 26},  // negative squared capitals
};

// Roman numerals U+2160 to U+217F, capitals then small: "Ⅳ" is "iv".
constexpr std::array<std::string_view, 16> kRomanNumerals = {"i",  "ii", "iii", "iv",  "v", "vi", "vii", "viii",
                                                             "ix", "x",  "xi",  "xii", "l", "c",  "d",   "m"};

// Letters written as more than one Latin letter; '+' in kLetterRows points here.
struct Spelling {
  char32_t code_point;
  std::string_view latin;
};
constexpr Spelling kSpelledOut[] = {
    {0x00C6, "ae"}, {0x00DE, "th"}, {0x00DF, "ss"}, {0x00E6, "ae"},  {0x00FE, "th"},   // Æ Þ ß æ þ
    {0x0132, "ij"}, {0x0133, "ij"}, {0x0152, "oe"}, {0x0153, "oe"},                    // Ĳ ĳ Œ œ
    {0x01C4, "dz"}, {0x01C5, "dz"}, {0x01C6, "dz"}, {0x01C7, "lj"},  {0x01C8, "lj"},   // Ǆ ǅ ǆ Ǉ ǈ
    {0x01C9, "lj"}, {0x01CA, "nj"}, {0x01CB, "nj"}, {0x01CC, "nj"},  {0x01F1, "dz"},   // ǉ Ǌ ǋ ǌ Ǳ
    {0x01F2, "dz"}, {0x01F3, "dz"}, {0x0276, "oe"}, {0x04D4, "ae"},  {0x04D5, "ae"},   // ǲ ǳ ɶ Ӕ ӕ
    {0x1D01, "ae"}, {0x1E9E, "ss"},                                                    // ᴁ ẞ
    {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"}, {0xFB03, "ffi"}, {0xFB04, "ffl"},  // ﬀ ﬁ ﬂ ﬃ ﬄ
    {0xFB05, "st"}, {0xFB06, "st"},                                                    // ﬅ ﬆ
};

// Each row gives the Latin letter of each code point from `first` on, one character each:
// '.' where there is none (the character separates words), '+' where it is spelled out
// above. A letter with accents is its base letter; a look-alike is the letter it passes
// for (from Unicode's confusables.txt). Rows start at multiples of 32.
struct LetterRow {
  char32_t first;
  std::string_view latin;
};
constexpr LetterRow kLetterRows[] = {
    // Latin-1, Latin Extended-A and -B: letters with accents and the look-alikes of letters
    {0x00A0, "..........a.......23.....1o"},
    {0x00C0, "aaaaaa+ceeeeiiiidnooooo.ouuuuy++"},
    {0x00E0, "aaaaaa+ceeeeiiiidnooooo.ouuuuy+y"},
    {0x0100, "aaaaaaccccccccddddeeeeeeeeeegggg"},
    {0x0120, "gggghhhhiiiiiiiiii++jjkkklllllll"},
    {0x0140, "lllnnnnnn...oooooo++rrrrrrssssss"},
    {0x0160, "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs"},
    {0x0180, "bbbbbb.ccdddd....ffg..likkl..nno"},
    {0x01A0, "oo..ppr....ttttuu.vyyzz......s.p"},
    {0x01C0, "l...+++++++++aaiioouuuuuuuuuu.aa"},
    {0x01E0, "aa..ggggkkoooo..j+++gg..nnaa..oo"},
    {0x0200, "aaaaeeeeiiiioooorrrruuuusstt..hh"},
    {0x0220, "nd..zzaaeeooooooooyylntj..acclts"},
    {0x0240, "z..b..eejj.qrryy.a.b.cdd"},
    // IPA: small capitals and look-alikes; modifier letters
    {0x0260, "gggy..h.iiilll.w.mnnn.+.....rrr"},
    {0x0280, "r.s.....t..u...yzz.......b..hj.l"},
    {0x02A0, "q...............h.jr...wy"},
    {0x02E0, "ylsx"},
    // Greek
    {0x0360, "...............................j"},
    {0x0380, "......a.ehi.o.y.iab..ezh.ik.mn.o"},
    {0x03A0, ".p..ty.x..iya.niuaby...n.ik..v.o"},
    {0x03C0, ".p.otu.x.wiuouw.b.yyy.......f"},
    {0x03E0, "................kpcj....pcm"},
    // Cyrillic
    {0x0400, "ee...siij...k.y.a.b..e....k.mho"},
    {0x0420, "pcty.x......b...a.br.e....k.mho"},
    {0x0440, "pcty.x..w...b...ee.r.siij..hk.y"},
    {0x0460, ".w..................vvvv"},
    {0x0480, "..........................kkkk"},
    {0x04A0, "kkhh......ccttyyyyxx......hh.e"},
    {0x04C0, "l..kk..hh......laaaa++ee"},
    {0x04E0, "......oo......yyyyyy"},
    {0x0500, "dd..........gg............qqww"},
    // Armenian
    {0x0540, ".............u.s.....o"},
    {0x0560, ".w.q..q.........h.......n...nu"},
    {0x0580, ".gi.fo"},
    // Cherokee
    {0x13A0, "drt..i...yaje......w...m...h.y"},
    {0x13C0, "g.hz...........b..r.ws...vs...lc"},
    {0x13E0, "..p...kd...........gb"},
    // phonetic extensions: small capitals, modifier and subscript letters
    {0x1D00, "a+..cd.e..jk.m.o........p..tu"},
    {0x1D20, "vwz...r.....a.b.de.ghijklmn.o.pr"},
    {0x1D40, "tuwa.a.bde...g.km.o...ptu.wv.by"},
    {0x1D60, ".xiruvbyp.x.bdfmnprrstz.h....p"},
    {0x1D80, "bdfgklmnprs.vxza.de...i..u..c.d"},
    {0x1DA0, "f.g..i...................u.z"},
    // Latin Extended Additional: letters with accents
    {0x1E00, "aabbbbbbccddddddddddeeeeeeeeeeff"},
    {0x1E20, "gghhhhhhhhhhiiiikkkkkkllllllllmm"},
    {0x1E40, "mmmmnnnnnnnnoooooooopppprrrrrrrr"},
    {0x1E60, "ssssssssssttttttttuuuuuuuuuuvvvv"},
    {0x1E80, "wwwwwwwwwwxxxxyyzzzzzzhtwyas..+"},
    {0x1EA0, "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"},
    {0x1EC0, "eeeeeeeeiiiioooooooooooooooooooo"},
    {0x1EE0, "oooouuuuuuuuuuuuuuyyyyyyyy....yy"},
    // Greek Extended: Greek letters with accents
    {0x1F00, "aaaaaaaaaaaaaaaa........eeeeee"},
    {0x1F20, "nnnnnnnnhhhhhhhhiiiiiiiiiiiiiiii"},
    {0x1F40, "oooooo..oooooo..uuuuuuuu.y.y.y.y"},
    {0x1F60, "wwwwwwww........aa..nniioouuww"},
    {0x1F80, "aaaaaaaaaaaaaaaannnnnnnnhhhhhhhh"},
    {0x1FA0, "wwwwwwww........aaaaa.aaaaaaa.i"},
    {0x1FC0, "..nnn.nneehhh...iiii..iiiiii"},
    {0x1FE0, "uuuuppuuyyyyp.....www.wwoo"},
    // superscripts and subscripts
    {0x2060, "................0i..456789.....n"},
    {0x2080, "0123456789......aeox.hklmnpst"},
    // letterlike symbols and Roman numerals
    {0x2100, "..c.......ghhhh.iill.n...pqrrr"},
    {0x2120, "....z...z.kabc.eef.mo....i...y"},
    {0x2140, ".....ddeij"},
    // Coptic
    {0x2C80, "..b..r........h...iik...m.n...oo"},
    {0x2CA0, "..ppcct.yy..x"},
    // Lisu
    {0xA4C0, "................bpddt.gk.jc.zf.m"},
    {0xA4E0, "nlsr..vh..wxy.a.e.iou"},
    // Cherokee small letters
    {0xAB60, ".....................i"},
    {0xAB80, ".r.w...............z"},
    {0xABA0, ".........vs....c"},
};

// The Latin letters of a code point that is not invisible: empty if it separates words.
std::string_view latin_of(char32_t code_point) {
  if (code_point < 0x80) {
    const char c = static_cast<char>(code_point);
    if (c >= 'a' && c <= 'z') return kLatin.substr(static_cast<std::size_t>(c - 'a'), 1);
    if (c >= 'A' && c <= 'Z') return kLatin.substr(static_cast<std::size_t>(c - 'A'), 1);
    if (c >= '0' && c <= '9') return kLatin.substr(static_cast<std::size_t>(c - '0' + 26), 1);
    return {};
  }
  for (const Alphabet& alphabet : kAlphabets)
    if (code_point >= alphabet.first && code_point <= alphabet.last)
      return kLatin.substr(kLatin.find(alphabet.letter) + (code_point - alphabet.first) % alphabet.count, 1);
  if (code_point >= 0x2160 && code_point <= 0x217F) return kRomanNumerals[(code_point - 0x2160) % 16];
  const auto spelled = std::lower_bound(std::begin(kSpelledOut), std::end(kSpelledOut), code_point,
                                        [](const Spelling& spelling, char32_t cp) { return spelling.code_point < cp; });
  if (spelled != std::end(kSpelledOut) && spelled->code_point == code_point) return spelled->latin;
  const auto row = std::upper_bound(std::begin(kLetterRows), std::end(kLetterRows), code_point,
                                    [](char32_t cp, const LetterRow& letter_row) { return cp < letter_row.first; });
  if (row == std::begin(kLetterRows)) return {};
  const std::string_view latin = std::prev(row)->latin;
  const std::size_t column = code_point - std::prev(row)->first;
  if (column >= latin.size() || latin[column] == '.' || latin[column] == '+') return {};
  return latin.substr(column, 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<std::string> function_words(std::string_view function_text) {
  std::vector<std::string> words;
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t at = 0; at < function_text.size();) {
    const char32_t code_point = next_code_point(function_text, at);
    if (is_invisible(code_point)) continue;
    const std::string_view latin = latin_of(code_point);
    if (latin.empty()) end_word();
    for (char c : latin) {
      if (!word.empty() && is_digit(word.back()) != is_digit(c)) end_word();
      word += c;
    }
  }
  end_word();
  return words;
}

std::string word_form(std::string_view word) {
  std::string singular(word);
  const auto ends_with = [&](std::string_view end) { return singular.ends_with(end); };
  if (ends_with("scopic"))
    singular.replace(singular.size() - 2, 2, "y");  // endoscopic: endoscopy
  else if (ends_with("ies") && singular.size() > 4)
    singular.replace(singular.size() - 3, 3, "y");  // surgeries: surgery
  else if (ends_with("s") && !ends_with("ss") && singular.size() > 2)
    singular.pop_back();  // procedures: procedure; but class stays class
  std::string form;
  for (std::size_t i = 0; i < singular.size(); ++i) {
    const char c = singular[i];
    if (c == 'l' || c == '1')
      form += 'i';  // "surgicaI" with a capital I, "surgica1"
    else if (c == '0')
      form += 'o';  // "end0scopy"
    else if (c == 'r' && i + 1 < singular.size() && singular[i + 1] == 'n')
      form += 'm', ++i;  // "terrnination"
    else
      form += c;
  }
  return form;
}

}  // namespace poolbook::contracts::detail
