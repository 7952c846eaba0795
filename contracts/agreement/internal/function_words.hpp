#pragma once
// The words of a function's name, as the excluded-function check reads them: what a reader
// sees, whatever characters it was typed with. An agreement may list "Ｅｎｄｏｓｃｏｐｙ"
// (fullwidth), "Еndoscopy" (with a Cyrillic Е), "Endo\u00ADscopy" (a soft hyphen) or
// "Termination-of-pregnancy"; each reads as the plain words a person would see.
//
//   function_words("Ambulance services (emergency)")  // {"ambulance", "services", "emergency"}
//   function_words("Ｅｎｄｏ\u200Bscopy")               // {"endoscopy"}
//   word_form("Surgeries") == word_form("surgery")     // true
//
// The rule, in order (docs/agreement-format.md, agreement.excluded-function):
//   1. The text is read as UTF-8; a byte that is not part of a well-formed UTF-8 sequence
//      separates words.
//   2. Invisible characters are removed, so a word they sit inside stays whole: the soft
//      hyphen, zero-width spaces and joiners, word joiner, byte order mark, bidirectional
//      marks, variation selectors and combining marks (a decomposed accent). So are
//      apostrophes, which keeps a possessive with its word ("GP's" is "gps").
//   3. Every other character becomes the Latin letters or digits it is or looks like, in
//      lower case: ASCII; the compatibility forms NFKC folds (fullwidth letters and digits,
//      ligatures such as "ﬁ", superscript and subscript digits, Roman numerals such as
//      "Ⅳ", mathematical and circled letters); Latin letters without their accents ("é"
//      is "e", "ß" is "ss"); and the Cyrillic, Greek, Armenian, Cherokee, Coptic and Lisu
//      letters, and Latin small capitals and the dotless i, that look like a Latin letter
//      ("е" U+0435 is "e"): those Unicode's confusables list gives, and a few more that
//      pass for a lower-case letter in a word (Cyrillic "т" and "н", Greek "η" and "ω").
//   4. Anything else (spaces of every width, hyphens and dashes, brackets, punctuation,
//      symbols, letters of other scripts) separates words, and a word also ends where
//      letters meet digits ("class4" is "class", "4").
//
// Pure; no limits beyond the size of the text (agreements are at most 8 MiB).

#include <string>
#include <string_view>
#include <vector>

namespace poolbook::contracts::detail {

// The words of the text, each lower-case ASCII letters or digits, in order.
std::vector<std::string> function_words(std::string_view function_text);

// The form in which two words are compared, so that word forms and look-alikes of a word
// meet: a plural ends as its singular ("surgeries", "procedures"), an adjective in "-scopic"
// as its noun ("endoscopic"), and the letters that look alike in ASCII are one letter (l, 1
// and an upper-case I; 0 and o; "rn" and "m"). Compare only forms with forms.
std::string word_form(std::string_view word);

}  // namespace poolbook::contracts::detail
