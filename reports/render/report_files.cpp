#include "poolbook/reports/render/report_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <system_error>

#include "poolbook/reports/render/data_files.hpp"
#include "poolbook/reports/render/html.hpp"
#include "poolbook/reports/render/xlsx.hpp"

namespace poolbook::reports {
namespace {

namespace fs = std::filesystem;

// The temporary name a file is written under, beside it: ".NAME.PID.part".
fs::path temporary(const fs::path& file) {
  return file.parent_path() / ("." + file.filename().string() + "." + std::to_string(::getpid()) + ".part");
}

Status renamed(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::rename(from, to, error);
  if (!error) return ok_status();
  fs::remove(from, error);
  return internal_error("report.write", to.string() + " could not be written: " + error.message());
}

Status write_text(const fs::path& file, const std::string& text) {
  const fs::path part = temporary(file);
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(part, ignored);
      return internal_error("report.write", file.string() + " could not be written");
    }
  }
  return renamed(part, file);
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
    return internal_error("report.write", "the folder " + folder.string() + " could not be made: " + error.message());
  std::vector<std::string> written;
  for (const ReportFormat format : formats) {
    switch (format) {
      case ReportFormat::xlsx: {
        const fs::path file = folder / (name + ".xlsx");
        const fs::path part = temporary(file);
        if (auto done = write_xlsx(document, part); !done) {
          fs::remove(part, error);
          return done.error();
        }
        if (auto done = renamed(part, file); !done) return done.error();
        written.push_back(file.string());
        break;
      }
      case ReportFormat::html: {
        const fs::path file = folder / (name + ".html");
        if (auto done = write_text(file, render_html(document)); !done) return done.error();
        written.push_back(file.string());
        break;
      }
      case ReportFormat::json: {
        const fs::path file = folder / (name + ".json");
        if (auto done = write_text(file, render_json(document)); !done) return done.error();
        written.push_back(file.string());
        break;
      }
      case ReportFormat::csv: {
        const fs::path csv_folder = folder / (name + "-csv");
        fs::create_directories(csv_folder, error);
        if (error)
          return internal_error("report.write", csv_folder.string() + " could not be made: " + error.message());
        for (const auto& [file_name, text] : render_csv(document)) {
          const fs::path file = csv_folder / file_name;
          if (auto done = write_text(file, text); !done) return done.error();
          written.push_back(file.string());
        }
        break;
      }
    }
  }
  return written;
}

}  // namespace poolbook::reports
