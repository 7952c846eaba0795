#include "poolbook/contracts/imports/internal/import_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace poolbook::contracts {

struct ImportInput::OpenFile {
  std::string name;
  std::uintmax_t max_bytes = 0;
  int fd = -1;
  OpenFile() = default;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  ~OpenFile() {
    if (fd >= 0) ::close(fd);
  }
  [[nodiscard]] Error refused(const std::string& reason) const { return Error{"file.read", reason, name, 0}; }
  [[nodiscard]] Error too_large() const {
    return refused("the file is larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB");
  }
};

ImportInput ImportInput::of_text(std::string_view text) {
  ImportInput input;
  input.text_ = text;
  return input;
}

Result<ImportInput> ImportInput::of_file(const std::filesystem::path& file, std::uintmax_t max_bytes) {
  auto open = std::make_shared<OpenFile>();
  open->name = file.string();
  open->max_bytes = max_bytes;
  // A device is refused before it is opened (opening some has effects), and the file opened
  // is checked again, in case the name was pointed elsewhere in between.
  struct stat named {};
  if (::stat(file.c_str(), &named) != 0)
    return open->refused("cannot read the file: " + std::string(std::strerror(errno)));
  if (!S_ISREG(named.st_mode)) return open->refused("cannot read the file: it is not a regular file");
  open->fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (open->fd < 0) return open->refused("cannot read the file: " + std::string(std::strerror(errno)));
  struct stat about {};
  if (::fstat(open->fd, &about) != 0)
    return open->refused("cannot read the file: " + std::string(std::strerror(errno)));
  if (!S_ISREG(about.st_mode)) return open->refused("cannot read the file: it is not a regular file");
  if (static_cast<std::uintmax_t>(about.st_size) > max_bytes) return open->too_large();
  ImportInput input;
  input.file_ = std::move(open);
  return input;
}

ledger::ByteSource ImportInput::open(ledger::Sha256* digest) const {
  if (!file_) {
    return [text = text_, at = std::size_t{0}, digest](std::span<char> buffer) mutable -> Result<std::size_t> {
      const std::size_t n = std::min(buffer.size(), text.size() - at);
      std::memcpy(buffer.data(), text.data() + at, n);
      if (digest != nullptr) digest->update(text.substr(at, n));
      at += n;
      return n;
    };
  }
  return [file = file_, at = std::uintmax_t{0}, digest](std::span<char> buffer) mutable -> Result<std::size_t> {
    for (;;) {
      const ssize_t n = ::pread(file->fd, buffer.data(), buffer.size(), static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return file->refused("cannot read the file: " + std::string(std::strerror(errno)));
      at += static_cast<std::uintmax_t>(n);
      if (at > file->max_bytes) return file->too_large();  // it grew while being read
      if (digest != nullptr) digest->update({buffer.data(), static_cast<std::size_t>(n)});
      return static_cast<std::size_t>(n);
    }
  };
}

Status HashedReading::drain() const {
  std::vector<char> block(1024 * 1024);
  for (;;) {
    auto read = (*source_)(block);
    if (!read) return read.error();
    if (*read == 0) return ok_status();
  }
}

Result<std::size_t> lines_at_most(const ImportInput& input) {
  ledger::ByteSource source = input.open();
  std::vector<char> block(1024 * 1024);
  std::size_t lines = 0;
  bool blank = true;
  for (;;) {
    auto read = source(block);
    if (!read) return read.error();
    if (*read == 0) break;
    for (std::size_t i = 0; i < *read; ++i) {
      const char c = block[i];
      // A line ends at LF, CR or CRLF; the LF of a CRLF finds the line already counted.
      if (c == '\n' || c == '\r') {
        if (!blank) ++lines;
        blank = true;
      } else {
        blank = false;
      }
    }
  }
  return blank ? lines : lines + 1;
}

}  // namespace poolbook::contracts
