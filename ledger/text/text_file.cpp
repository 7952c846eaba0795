#include "poolbook/ledger/text/text_file.hpp"

#include <fstream>

namespace poolbook::ledger {

Result<std::string> read_text_file(const std::filesystem::path& file, std::uintmax_t max_bytes, std::string_view what) {
  const auto refuse = [&](const std::string& reason) { return Error{"file.read", reason, file.string(), 0}; };
  std::error_code size_error;
  const auto size = std::filesystem::file_size(file, size_error);
  if (size_error) return refuse("cannot read " + std::string(what) + ": " + size_error.message());
  if (size > max_bytes)
    return refuse(std::string(what) + " is larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB");
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (!in) return refuse("cannot read " + std::string(what));
  return text;
}

}  // namespace poolbook::ledger
