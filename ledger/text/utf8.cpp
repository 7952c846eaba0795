#include "poolbook/ledger/text/utf8.hpp"

namespace poolbook::ledger {

std::optional<std::size_t> invalid_utf8_at(std::string_view bytes) {
  std::size_t at = 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  while (at < bytes.size()) {
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
      ++at;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // the range the second byte must fall in
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // no overlong forms
      if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return at;
    }
    if (at + length > bytes.size()) return at;
    if (byte(at + 1) < low || byte(at + 1) > high) return at;
    for (std::size_t i = 2; i < length; ++i)
      if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return at;
    at += length;
  }
  return std::nullopt;
}

std::optional<std::size_t> control_at(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte == '\t' || byte == '\n') continue;
    if (byte == '\r' && at + 1 < text.size() && text[at + 1] == '\n') continue;
    if (byte < 0x20 || byte == 0x7f) return at;
    if (byte == 0xc2 && at + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[at + 1]);
      if (next >= 0x80 && next <= 0x9f) return at;
    }
  }
  return std::nullopt;
}

}  // namespace poolbook::ledger
