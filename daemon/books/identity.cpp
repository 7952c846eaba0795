#include "poolbook/daemon/books/identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>

namespace poolbook::books {

std::string os_account() {
  const uid_t uid = geteuid();
  if (const passwd* user = getpwuid(uid); user != nullptr && user->pw_name != nullptr) return user->pw_name;
  return "uid " + std::to_string(uid);
}

std::vector<const contracts::Person*> persons_of_account(const contracts::Agreement& agreement,
                                                         std::string_view account) {
  std::vector<const contracts::Person*> persons;
  for (const contracts::Person& person : agreement.people)
    if (std::find(person.os_users.begin(), person.os_users.end(), account) != person.os_users.end())
      persons.push_back(&person);
  return persons;
}

namespace {

std::string ids(const std::vector<const contracts::Person*>& persons) {
  std::string text;
  for (const auto* person : persons) text += (text.empty() ? "" : ", ") + person->id;
  return text;
}

// The person `as` names: a person id, else an operating-system account mapped to one person.
const contracts::Person* named_person(const contracts::Agreement& agreement, const std::string& as) {
  if (const auto* person = agreement.find_person(as)) return person;
  const auto persons = persons_of_account(agreement, as);
  return persons.size() == 1 ? persons.front() : nullptr;
}

}  // namespace

Result<const contracts::Person*> identify(const contracts::Agreement& agreement, const std::string& account,
                                          const std::string& as, std::string_view what) {
  const auto mine = persons_of_account(agreement, account);
  const std::string only = "only a person of the agreement may " + std::string(what);
  if (mine.empty())
    return refusal("authority.actor",
                   "the operating-system account '" + account +
                       "' is not mapped to any person of the agreement (os_users on [[person]]); " + only +
                       (as.empty() ? std::string() : ", and --as only chooses among the account's own persons"));
  if (as.empty()) {
    if (mine.size() == 1) return mine.front();
    return refusal("authority.actor", "the operating-system account '" + account + "' acts for " + ids(mine) +
                                          "; say which with --as PERSON");
  }
  const contracts::Person* named = named_person(agreement, as);
  if (named == nullptr)
    return refusal(
        "authority.actor",
        "'" + as + "' is neither a person of the agreement nor an operating-system account mapped to one; " + only);
  if (std::find(mine.begin(), mine.end(), named) == mine.end())
    return refusal("authority.identity", "the operating-system account '" + account + "' acts for " + ids(mine) +
                                             " only, so it may not act as " + named->id + " (" + named->name +
                                             "); each person acts from an account the agreement maps to them");
  return named;
}

std::string claimant(const std::string& account, const std::string& as) {
  return as.empty() || as == account ? account : account + " as " + as;
}

}  // namespace poolbook::books
