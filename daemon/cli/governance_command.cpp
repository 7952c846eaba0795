// `poolbook authority PERSON [--agreement FILE | --store PATH] [--json]`
//
// What a person may approve under the scheme of delegation: alone (as an officer, such as the
// pool manager) and as a member of a board, by action and up to how much. PERSON is a person
// id of the agreement or an operating-system user mapped to one.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "books.hpp"
#include "commands.hpp"
#include "poolbook/contracts/agreement_loader.hpp"
#include "poolbook/contracts/governance.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;

struct AuthorityOptions {
  std::string person;
  std::string agreement;
  std::string store = kDefaultStorePath;
  bool json = false;
};

int refuse(const Error& error) {
  std::cerr << "poolbook authority: " << error.describe() << '\n';
  return 2;
}

std::string limit_words(const contracts::PersonAuthority& authority) {
  if (authority.up_to && authority.from)
    return "over " + authority.from->to_report() + " up to " + authority.up_to->to_report();
  if (authority.up_to) return "up to " + authority.up_to->to_report();
  if (authority.from) return "over " + authority.from->to_report();
  return "any amount";
}

int run_authority(const AuthorityOptions& options) {
  contracts::LoadedAgreement loaded;
  if (!options.agreement.empty()) {
    loaded = contracts::load_agreement(options.agreement);
  } else {
    auto books = open_books(options.store);
    if (!books) return refuse(books.error());
    loaded.agreement = std::move(books->agreement);
  }
  if (!loaded.valid())
    return refuse(loaded.findings.empty() ? make_error("authority.agreement", "the agreement is not valid")
                                          : loaded.findings.front().error);
  const Agreement& agreement = *loaded.agreement;
  const contracts::Person* person = agreement.find_person(options.person);
  if (person == nullptr) person = contracts::person_for_os_user(agreement, options.person);
  if (person == nullptr)
    return refuse(make_error("authority.person", "'" + options.person +
                                                     "' is neither a person of the agreement nor a user mapped to "
                                                     "one, so may approve nothing"));
  const auto authorities = contracts::authority_of(agreement, person->id);
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& authority : authorities)
      rows.push_back({{"action", contracts::enum_word(authority.action)},
                      {"from", authority.from ? authority.from->to_plain() : ""},
                      {"up_to", authority.up_to ? authority.up_to->to_plain() : ""},
                      {"body", authority.body},
                      {"alone", authority.alone},
                      {"reserved", authority.reserved}});
    std::cout << nlohmann::json{{"person", person->id}, {"name", person->name}, {"authority", rows}}.dump(2) << '\n';
    return 0;
  }
  std::cout << person->name << " (" << person->id << "), " << person->role << ", " << person->organisation << "\n\n";
  if (authorities.empty()) {
    std::cout << "may approve nothing under the scheme of delegation\n";
    return 0;
  }
  TextTable table({"action", "amount", "how", "body"}, {Align::left, Align::left, Align::left, Align::left});
  for (const auto& authority : authorities) {
    const auto* body = agreement.find_body(authority.body);
    std::string how = authority.alone ? "alone" : "board decision";
    if (authority.reserved) how += ", ratified by every partner";
    table.add_row({std::string(contracts::enum_label(authority.action)), limit_words(authority), how,
                   body != nullptr ? body->name : authority.body});
  }
  std::cout << table.render();
  return 0;
}

}  // namespace

void add_authority_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AuthorityOptions>();
  CLI::App* command = app.add_subcommand("authority", "What a person may approve, and up to how much");
  command->add_option("person", options->person, "A person id, or an operating-system user mapped to one")->required();
  command->add_option("--agreement", options->agreement, "The agreement file (default: the one the books follow)");
  command->add_option("--store", options->store, "The books, for their agreement")->capture_default_str();
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_authority(*options); });
}

}  // namespace poolbook::cli
