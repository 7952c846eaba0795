// Recognising the NHS functions that the Partnership Arrangements Regulations exclude from
// pooling and delegation (excluded_function_in, declared in agreement_check.hpp), by the
// words a function's name is written in (internal/function_words.hpp), in any order and
// however they are typed. The vocabulary and the rule are in docs/agreement-format.md.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/internal/function_words.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {
namespace {

using detail::function_words;
using detail::word_form;

// Each excluded function and the names that count as it, separated by commas. A name of
// several words counts when each of its words is in the function's text, in any order:
// "Ambulance services (emergency)" is an emergency ambulance service.
struct ExcludedFunction {
  std::string_view name;
  std::string_view named_by;
};
constexpr ExcludedFunction kExcluded[] = {
    {"surgery",
     "surgery, surgical, surgically, surgeon, operation, operative, preoperative, perioperative, postoperative, "
     "intraoperative, operating theatre, operating theater"},
    {"radiotherapy", "radiotherapy, brachytherapy, radiation therapy, radiation oncology, radiation treatment"},
    {"termination of pregnancy", "termination pregnancy, terminating pregnancy, abortion"},
    {"endoscopy",
     "endoscopy, endoscope, endoscopist, nasendoscopy, colonoscopy, gastroscopy, bronchoscopy, cystoscopy, "
     "sigmoidoscopy, hysteroscopy"},
    {"Class 4 laser treatment", "class 4 laser, class iv laser, class four laser"},
    {"invasive treatment", "invasive treatment, invasive procedure, invasive therapy, invasive intervention"},
    {"emergency ambulance services", "emergency ambulance, 999 ambulance, emergency paramedic"},
};

// A word does not count straight after a word that makes it something else: "non-" names
// the functions that may be pooled ("non-surgical", "non-emergency ambulance"), a GP's or a
// doctor's surgery is a place, and a co-operative is not an operation. `words` empty: any.
struct Negation {
  std::string_view before;
  std::string_view words;
};
constexpr Negation kNegations[] = {
    {"non", ""},
    {"gp", "surgery"},
    {"doctor", "surgery"},
    {"co", "operation, operative"},
};

// Longest run of joined pieces looked at, in letters: more than the longest listed word
// with a plural ending ("intraoperatives").
constexpr std::size_t kLongestJoin = 20;

// The tables above as word forms, read once.
struct NameForms {
  std::string_view function;
  std::vector<std::string> word_forms;  // all of them must count
};
struct NegationForms {
  std::string before_form;
  std::set<std::string> word_forms;  // empty: any
};

std::vector<std::string> forms_of(std::string_view text) {
  std::vector<std::string> forms;
  for (const std::string& word : function_words(text)) forms.push_back(word_form(word));
  return forms;
}

const std::vector<NameForms>& name_forms() {
  static const std::vector<NameForms> names = [] {
    std::vector<NameForms> read;
    for (const ExcludedFunction& excluded : kExcluded)
      for (const std::string& name : ledger::split_list(excluded.named_by))
        read.push_back(NameForms{excluded.name, forms_of(name)});
    return read;
  }();
  return names;
}

const std::vector<NegationForms>& negation_forms() {
  static const std::vector<NegationForms> negations = [] {
    std::vector<NegationForms> read;
    for (const Negation& negation : kNegations) {
      std::set<std::string> words;
      for (const std::string& word : ledger::split_list(negation.words)) words.insert(word_form(word));
      read.push_back(NegationForms{word_form(negation.before), std::move(words)});
    }
    return read;
  }();
  return negations;
}

// Every word form some name is made of: only these are worth remembering in a text.
const std::set<std::string>& vocabulary_forms() {
  static const std::set<std::string> vocabulary = [] {
    std::set<std::string> read;
    for (const NameForms& name : name_forms()) read.insert(name.word_forms.begin(), name.word_forms.end());
    return read;
  }();
  return vocabulary;
}

bool negated(const std::string& before_form, const std::string& form) {
  return std::any_of(negation_forms().begin(), negation_forms().end(), [&](const NegationForms& negation) {
    return before_form == negation.before_form && (negation.word_forms.empty() || negation.word_forms.contains(form));
  });
}

// The forms of the listed words that count in the text: each word, and each run of words
// that joins up into one ("endo-scopy" is "endoscopy", "radio therapy" is "radiotherapy"),
// unless the word before it negates it. Time grows with the text times kLongestJoin, and
// the set holds only vocabulary, so a long text costs time, not memory.
std::set<std::string> counted_forms(const std::vector<std::string>& words) {
  std::set<std::string> counted;
  for (std::size_t first = 0; first < words.size(); ++first) {
    const std::string before_form = first == 0 ? std::string() : word_form(words[first - 1]);
    std::string joined;
    for (std::size_t last = first; last < words.size() && joined.size() + words[last].size() <= kLongestJoin; ++last) {
      joined += words[last];
      const std::string form = word_form(joined);
      if (vocabulary_forms().contains(form) && !negated(before_form, form)) counted.insert(form);
    }
  }
  return counted;
}

}  // namespace

std::string excluded_function_in(std::string_view function_text) {
  const std::set<std::string> counted = counted_forms(function_words(function_text));
  for (const NameForms& name : name_forms())
    if (std::all_of(name.word_forms.begin(), name.word_forms.end(),
                    [&](const std::string& form) { return counted.contains(form); }))
      return std::string(name.function);
  return {};
}

}  // namespace poolbook::contracts
