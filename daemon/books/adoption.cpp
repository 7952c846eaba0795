#include "poolbook/daemon/books/adoption.hpp"

#include <filesystem>
#include <optional>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::books {
namespace {

struct Opened {
  Books books;
  std::string actor;
  std::optional<std::string> variation;  // the authority log's line, when the text differs
};

// New books: made by a person of the agreement they will follow.
Result<Opened> create_books(const AdoptionRequest& request, const contracts::Agreement& agreement) {
  auto person = identify(agreement, request.account, request.as, "create its books");
  if (!person) {
    Error refused = person.error();
    refused.message += "; nothing was created";
    return refused;
  }
  auto books = open_stores(request.store_path);
  if (!books) return books.error();
  books->account = request.account;
  return Opened{std::move(books).value(), (*person)->id, std::nullopt};
}

// Books follow one agreement for life; running init again adopts a variation of it (and
// opens the accounts of a new scheme, say), as someone the agreement they follow now
// knows, and is logged; it cannot switch the books to another agreement.
Result<Opened> reopen_books(const AdoptionRequest& request, const contracts::Agreement& agreement,
                            const std::string& digest) {
  auto books = open_books(request.store_path);
  if (!books) return books.error();
  books->account = request.account;
  if (const auto followed = books->store->setting("agreement.id"); followed && *followed != agreement.id)
    return refusal("store.agreement", request.store_path + " keeps the books of agreement '" + *followed +
                                          "'; they cannot be switched to '" + agreement.id +
                                          "' (start new books with another --store)");
  auto person = known_actor(*books, request.as, "init", "adopt a varied agreement or open accounts");
  if (!person) return person.error();
  const std::string actor = (*person)->id;
  Opened opened{std::move(books).value(), actor, std::nullopt};
  const auto before = opened.books.store->setting("agreement.digest");
  if (before && *before != digest)
    opened.variation = "adopted " + request.agreement_file + " (SHA-256 " + digest.substr(0, 12) + "...) in place of " +
                       before->substr(0, 12) + "...";
  return opened;
}

}  // namespace

Result<Adoption> adopt_agreement(const AdoptionRequest& request) {
  auto agreement = valid_agreement(request.agreement_file, "nothing was created");
  if (!agreement) return agreement.error();
  auto text = ledger::read_text_file(request.agreement_file, contracts::kMaxAgreementFileBytes, "the agreement");
  if (!text) return text.error();
  const std::string digest = ledger::sha256_hex(*text);
  const bool existed = std::filesystem::exists(request.store_path);
  auto opened = existed ? reopen_books(request, *agreement, digest) : create_books(request, *agreement);
  if (!opened) return opened.error();
  const auto accounts = contracts::chart_of_accounts(*agreement);
  ledger::Store& store = *opened->books.store;
  // The accounts, the adopted text and the log's line are written together: books never
  // follow a text whose accounts are not open, nor log a variation they did not adopt.
  auto adopted = opened->books.db->write([&]() -> Status {
    if (opened->variation)
      if (auto logged = opened->books.governance->log_authority(contracts::AuthorityEvent{
              opened->actor, "agreement-variation", ledger::Money{}, "", true, *opened->variation, {}});
          !logged)
        return logged;
    if (auto done = store.open_accounts(accounts); !done) return done;
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"agreement", std::filesystem::absolute(request.agreement_file).string()},
          {"agreement.id", agreement->id},
          {"agreement.digest", digest},
          {"agreement.text", *text}})
      if (auto saved = store.set_setting(key, value); !saved) return saved;
    return ok_status();
  });
  if (!adopted) return adopted.error();
  return Adoption{agreement->id, accounts.size(), opened->actor, !existed, opened->variation.has_value()};
}

}  // namespace poolbook::books
