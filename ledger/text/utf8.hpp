#pragma once
// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF). Text that is not would be posted as it stands and break the programs that
// read the books later (hledger refuses such a journal), so it is caught where it comes in.
//
//   invalid_utf8_at("caf\xC3\xA9")   // nullopt
//   invalid_utf8_at("caf\xE9")       // 3: the offset of the first byte that is not UTF-8
#include <cstddef>
#include <optional>
#include <string_view>

namespace poolbook::ledger {

std::optional<std::size_t> invalid_utf8_at(std::string_view bytes);

// The offset of the first control character in UTF-8 text that a terminal would act on: a C0
// control other than a tab, a line feed or a carriage return before a line feed; DEL; or a C1
// control (U+0080 to U+009F). Text kept in the books and printed back to other people's
// terminals (an escape sequence, a lone carriage return) could make a line read as
// something it is not.
//   control_at("Accrual\x1b[2K")   // 7
std::optional<std::size_t> control_at(std::string_view text);

}  // namespace poolbook::ledger
