#include "held.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace poolbook::daemon {

std::optional<HeldRefusal> load_held(const std::string& file) {
  const int descriptor = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (descriptor < 0) {
    if (errno != ENOENT)
      spdlog::warn("{} cannot be read ({}); a refused step will be tried", file, std::strerror(errno));
    return std::nullopt;
  }
  struct stat seen {};
  std::string text;
  constexpr off_t kLargest = 1024 * 1024;
  if (::fstat(descriptor, &seen) == 0 && S_ISREG(seen.st_mode) && seen.st_size <= kLargest) {
    text.resize(static_cast<std::size_t>(seen.st_size));
    const ssize_t got = ::read(descriptor, text.data(), text.size());
    text.resize(got < 0 ? 0 : static_cast<std::size_t>(got));
  }
  ::close(descriptor);
  try {
    const nlohmann::json held = nlohmann::json::parse(text);
    Error refusal{held.at("rule").get<std::string>(),
                  held.at("message").get<std::string>(),
                  held.at("file").get<std::string>(),
                  held.at("line").get<long>(),
                  ErrorKind::refused,
                  held.at("details").get<std::vector<std::string>>()};
    return HeldRefusal{held.at("subject").get<std::string>(), held.at("head").get<std::string>(),
                       held.at("who").get<std::string>(), std::move(refusal)};
  } catch (const std::exception&) {
    spdlog::warn("{} is not a refusal poolbookd holds; a refused step will be tried", file);
    return std::nullopt;
  }
}

void save_held(const std::string& file, const std::optional<HeldRefusal>& held) {
  if (!held) {
    if (::unlink(file.c_str()) != 0 && errno != ENOENT)
      spdlog::error("{} cannot be removed: {}", file, std::strerror(errno));
    return;
  }
  const nlohmann::json kept{{"subject", held->subject},
                            {"head", held->head},
                            {"who", held->who},
                            {"rule", held->refusal.rule},
                            {"message", held->refusal.message},
                            {"file", held->refusal.file},
                            {"line", held->refusal.line},
                            {"details", held->refusal.details}};
  const std::string text = kept.dump(2) + "\n";
  const std::string partial = file + ".partial";
  ::unlink(partial.c_str());  // a leftover, or a link someone put there: never written through
  const int descriptor = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  const bool written = descriptor >= 0 &&
                       ::write(descriptor, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(descriptor) == 0;
  if (descriptor >= 0) ::close(descriptor);
  if (!written || ::rename(partial.c_str(), file.c_str()) != 0) {
    spdlog::error("{} cannot be written: a refused step will be tried again at the next start", file);
    ::unlink(partial.c_str());
  }
}

}  // namespace poolbook::daemon
