#include "poolbook/ledger/journal/audit_chain.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <memory>

namespace poolbook::ledger {
namespace {

// Escapes the field separator and the escape character, so fields cannot run together.
void append_field(std::string& out, std::string_view field) {
  const bool plain =
      std::none_of(field.begin(), field.end(), [](char c) { return c == '|' || c == '\\' || c == '\n'; });
  if (plain) {  // the usual case: nothing to escape
    out += field;
    out.push_back('|');
    return;
  }
  for (char c : field) {
    if (c == '|' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out.push_back('|');
}

void append_canonical_text(std::string& out, const Entry& entry) {
  out += "poolbook-entry-v1|";
  append_field(out, std::to_string(entry.id));
  append_field(out, to_iso(entry.date));
  append_field(out, entry_kind_word(entry.kind));
  append_field(out, entry.description);
  append_field(out, entry.reference);
  append_field(out, entry.reverses ? std::to_string(*entry.reverses) : std::string{});
  append_field(out, entry.provenance.source_digest);
  append_field(out, std::to_string(entry.provenance.source_row));
  append_field(out, entry.provenance.profile);
  append_field(out, entry.provenance.actor);
  append_field(out, entry.provenance.recorded_at);
  for (const Posting& posting : entry.postings) {
    append_field(out, posting.account);
    append_field(out, std::to_string(posting.amount.pence()));
  }
}

}  // namespace

std::string canonical_text(const Entry& entry) {
  std::string out;
  out.reserve(256);
  append_canonical_text(out, entry);
  return out;
}

namespace {

// SHA-256 over several pieces, with the digest and its context kept per thread: fetching
// them for every entry would cost more than hashing the entry.
std::string sha256_hex_of(std::initializer_list<std::string_view> pieces) {
  struct Context {
    EVP_MD* digest = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~Context() {
      EVP_MD_CTX_free(context);
      EVP_MD_free(digest);
    }
  };
  thread_local Context sha;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  int done = EVP_DigestInit_ex2(sha.context, sha.digest, nullptr);
  for (std::string_view piece : pieces) done &= EVP_DigestUpdate(sha.context, piece.data(), piece.size());
  done &= EVP_DigestFinal_ex(sha.context, digest.data(), &length);
  assert(done == 1 && length == 32);
  (void)done;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) { return sha256_hex_of({bytes}); }

std::string chain_hash(const Entry& entry) {
  thread_local std::string text;  // reused: hashing runs once per entry imported
  text.clear();
  append_canonical_text(text, entry);
  return sha256_hex_of({entry.previous_hash, "\n", text});
}

}  // namespace poolbook::ledger
