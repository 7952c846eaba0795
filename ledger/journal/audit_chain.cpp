#include "poolbook/ledger/journal/audit_chain.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <memory>
#include <span>

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

std::string hex_of(std::span<const unsigned char> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * bytes.size(), '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0x0F];
  }
  return out;
}

// OpenSSL's SHA-256 and a context to work it in.
struct EvpSha256 {
  EVP_MD* digest = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EvpSha256() = default;
  EvpSha256(const EvpSha256&) = delete;
  EvpSha256& operator=(const EvpSha256&) = delete;
  ~EvpSha256() {
    EVP_MD_CTX_free(context);
    EVP_MD_free(digest);
  }
};

// SHA-256 over several pieces, with the digest and its context kept per thread: fetching
// them for every entry would cost more than hashing the entry.
std::string sha256_hex_of(std::initializer_list<std::string_view> pieces) {
  thread_local EvpSha256 sha;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  int done = EVP_DigestInit_ex2(sha.context, sha.digest, nullptr);
  for (std::string_view piece : pieces) done &= EVP_DigestUpdate(sha.context, piece.data(), piece.size());
  done &= EVP_DigestFinal_ex(sha.context, digest.data(), &length);
  assert(done == 1 && length == 32);
  (void)done;
  return hex_of({digest.data(), length});
}

}  // namespace

std::string sha256_hex(std::string_view bytes) { return sha256_hex_of({bytes}); }

struct Sha256::State : EvpSha256 {};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  [[maybe_unused]] const int done = EVP_DigestInit_ex2(state_->context, state_->digest, nullptr);
  assert(done == 1);
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  [[maybe_unused]] const int done = EVP_DigestUpdate(state_->context, bytes.data(), bytes.size());
  assert(done == 1);
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  [[maybe_unused]] const int done = EVP_DigestFinal_ex(state_->context, digest.data(), &length);
  assert(done == 1 && length == 32);
  return hex_of({digest.data(), length});
}

std::string chain_hash(const Entry& entry) {
  thread_local std::string text;  // reused: hashing runs once per entry imported
  text.clear();
  append_canonical_text(text, entry);
  return sha256_hex_of({entry.previous_hash, "\n", text});
}

}  // namespace poolbook::ledger
