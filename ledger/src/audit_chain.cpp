#include "poolbook/ledger/audit_chain.hpp"

#include <openssl/evp.h>

#include <array>
#include <cassert>
#include <memory>

namespace poolbook::ledger {
namespace {

// Escapes the field separator and the escape character, so fields cannot run together.
void append_field(std::string& out, std::string_view field) {
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

}  // namespace

std::string canonical_text(const Entry& entry) {
  std::string out = "poolbook-entry-v1|";
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
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const int done = EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(done == 1 && length == 32);
  (void)done;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

std::string chain_hash(const Entry& entry) { return sha256_hex(entry.previous_hash + "\n" + canonical_text(entry)); }

}  // namespace poolbook::ledger
