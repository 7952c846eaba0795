#pragma once
// Reading a whole input file (an agreement, a profile, a holiday list, a CSV extract) with
// a stated size limit, so an over-large or unreadable file is refused with a sentence
// naming it, not read into memory.
//
//   auto text = read_text_file("agreement.toml", 8 * 1024 * 1024, "the agreement");

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

// The file's bytes, or an Error (rule "file.read", naming the file) if it cannot be read or
// is larger than max_bytes. `what` names it in messages: "cannot read the agreement: ...".
Result<std::string> read_text_file(const std::filesystem::path& file, std::uintmax_t max_bytes, std::string_view what);

}  // namespace poolbook::ledger
