#include "poolbook/reports/render/report_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <fstream>
#include <system_error>

#include "poolbook/reports/render/data_files.hpp"
#include "poolbook/reports/render/html.hpp"
#include "poolbook/reports/render/xlsx.hpp"

namespace poolbook::reports {
namespace {

namespace fs = std::filesystem;

// Each report is written first into a private folder made for it in the output folder
// (mkdtemp: a new name, mode 0700, that nobody else can have made or can enter), then each
// file is renamed out of it into place and the folder removed. Nothing is ever written
// through a name another user could have planted (a symbolic link to someone's books), and a
// reader never sees half a file.
class PrivateFolder {
 public:
  static Result<PrivateFolder> make(const fs::path& beside, const std::string& name) {
    std::string pattern = (beside / ("." + name + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      return internal_error("report.write", beside.string() +
                                                ": no private folder could be made to write the report in (" +
                                                std::error_code(errno, std::generic_category()).message() + ")");
    return PrivateFolder(pattern);
  }
  PrivateFolder(PrivateFolder&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  PrivateFolder& operator=(PrivateFolder&&) = delete;
  ~PrivateFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  explicit PrivateFolder(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

std::string reason(const std::error_code& error) { return error ? " (" + error.message() + ")" : ""; }

// Flushes a written file to the disk, so that a rename after a crash never names an empty file.
Status synced(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::error_code error(errno, std::generic_category());
    if (fd >= 0) ::close(fd);
    return internal_error("report.write", file.filename().string() + " could not be written" + reason(error));
  }
  ::close(fd);
  return ok_status();
}

Status renamed(const fs::path& from, const fs::path& to) {
  if (auto done = synced(from); !done) return done;
  std::error_code error;
  fs::rename(from, to, error);  // replaces a file (or a planted link) at `to`, never follows it
  if (!error) return ok_status();
  return internal_error("report.write", to.string() + " could not be written" + reason(error));
}

Status write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) return internal_error("report.write", file.string() + " could not be written");
  return ok_status();
}

// A folder for the CSV files, made if missing; refused when the name is anything but a real
// folder (a link to elsewhere, a file).
Status csv_folder(const fs::path& folder) {
  std::error_code error;
  const auto status = fs::symlink_status(folder, error);
  if (status.type() == fs::file_type::not_found) {
    fs::create_directory(folder, error);
    if (error) return internal_error("report.write", folder.string() + " could not be made" + reason(error));
    return ok_status();
  }
  if (status.type() != fs::file_type::directory)
    return internal_error("report.write", folder.string() +
                                              " is not a folder (a link or a file is there), so the CSV "
                                              "files are not written into it");
  return ok_status();
}

}  // namespace

Result<std::vector<ReportFormat>> parse_formats(std::string_view list) {
  std::vector<ReportFormat> formats;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view word = list.substr(start, comma - start);
    ReportFormat format = ReportFormat::html;
    if (word == "xlsx")
      format = ReportFormat::xlsx;
    else if (word == "html")
      format = ReportFormat::html;
    else if (word == "csv")
      format = ReportFormat::csv;
    else if (word == "json")
      format = ReportFormat::json;
    else
      return make_error("report.format", "'" + std::string(word) +
                                             "' is not a report format: xlsx, html, csv or json, separated by commas");
    if (std::find(formats.begin(), formats.end(), format) != formats.end())
      return make_error("report.format", "'" + std::string(word) + "' is given twice");
    formats.push_back(format);
    start = comma + 1;
  }
  return formats;
}

Result<std::vector<std::string>> write_report(const Document& document, const fs::path& folder, const std::string& name,
                                              const std::vector<ReportFormat>& formats) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error)
    return internal_error("report.write", "the folder " + folder.string() + " could not be made" + reason(error));
  auto scratch = PrivateFolder::make(folder, name);
  if (!scratch) return scratch.error();
  // Every file first, in the private folder; then each renamed into place.
  std::vector<std::pair<fs::path, fs::path>> moves;  // from, to
  for (const ReportFormat format : formats) {
    switch (format) {
      case ReportFormat::xlsx: {
        const fs::path part = scratch->path() / (name + ".xlsx");
        if (auto done = write_xlsx(document, part); !done) return done.error();
        moves.emplace_back(part, folder / part.filename());
        break;
      }
      case ReportFormat::html: {
        const fs::path part = scratch->path() / (name + ".html");
        if (auto done = write_text(part, render_html(document)); !done) return done.error();
        moves.emplace_back(part, folder / part.filename());
        break;
      }
      case ReportFormat::json: {
        const fs::path part = scratch->path() / (name + ".json");
        if (auto done = write_text(part, render_json(document)); !done) return done.error();
        moves.emplace_back(part, folder / part.filename());
        break;
      }
      case ReportFormat::csv: {
        const fs::path target = folder / (name + "-csv");
        if (auto done = csv_folder(target); !done) return done.error();
        for (const auto& [file_name, text] : render_csv(document)) {
          const fs::path part = scratch->path() / file_name;
          if (auto done = write_text(part, text); !done) return done.error();
          moves.emplace_back(part, target / file_name);
        }
        break;
      }
    }
  }
  std::vector<std::string> written;
  for (const auto& [from, to] : moves) {
    if (auto done = renamed(from, to); !done) return done.error();
    written.push_back(to.string());
  }
  return written;
}

std::string period_file_word(std::string period) {
  std::replace(period.begin(), period.end(), '/', '-');
  std::replace(period.begin(), period.end(), ' ', '-');
  return period;
}

}  // namespace poolbook::reports
