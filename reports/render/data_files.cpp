#include "poolbook/reports/render/data_files.hpp"

#include <nlohmann/json.hpp>

namespace poolbook::reports {
namespace {

std::string_view chart_word(ChartKind kind) {
  switch (kind) {
    case ChartKind::line:
      return "line";
    case ChartKind::column:
      return "column";
    case ChartKind::bar:
      return "bar";
    case ChartKind::tornado:
      return "tornado";
  }
  return "column";
}

nlohmann::ordered_json cell_json(const Cell& cell) {
  switch (cell.kind) {
    case CellKind::blank:
      return nullptr;
    case CellKind::count:
      return std::stoll(plain_text(cell));
    default:
      return plain_text(cell);
  }
}

// A text cell that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or
// a carriage return) is written after an apostrophe, so that opening the CSV never runs it.
std::string csv_text(const Cell& cell) {
  std::string text = plain_text(cell);
  if (cell.kind == CellKind::text && !text.empty() &&
      std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos)
    text.insert(0, 1, '\'');
  return text;
}

// A table's id as a file name: letters, digits, '-' and '_' (anything else becomes '-').
std::string file_name_of(const std::string& id) {
  std::string name = id.empty() ? std::string("table") : id;
  for (char& c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) c = '-';
  return name + ".csv";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string render_json(const Document& document) {
  nlohmann::ordered_json out;
  out["title"] = document.title;
  out["subtitle"] = document.subtitle;
  out["as_at"] = document.as_at;
  out["sections"] = nlohmann::ordered_json::array();
  for (const Section& section : document.sections) {
    nlohmann::ordered_json part;
    part["id"] = section.id;
    part["title"] = section.title;
    part["status"] = section.status;
    part["paragraphs"] = section.paragraphs;
    part["tables"] = nlohmann::ordered_json::array();
    for (const Table& table : section.tables) {
      nlohmann::ordered_json written;
      written["id"] = table.id;
      written["caption"] = table.caption;
      written["columns"] = nlohmann::ordered_json::array();
      for (const Column& column : table.columns)
        written["columns"].push_back({{"heading", column.heading}, {"kind", kind_word(column.kind)}});
      written["rows"] = nlohmann::ordered_json::array();
      for (const auto& row : table.rows) {
        nlohmann::ordered_json cells = nlohmann::ordered_json::array();
        for (const Cell& cell : row) cells.push_back(cell_json(cell));
        written["rows"].push_back(std::move(cells));
      }
      if (!table.note.empty()) written["note"] = table.note;
      part["tables"].push_back(std::move(written));
    }
    part["charts"] = nlohmann::ordered_json::array();
    for (const Chart& chart : section.charts)
      part["charts"].push_back({{"id", chart.id},
                                {"title", chart.title},
                                {"kind", chart_word(chart.kind)},
                                {"table", chart.table},
                                {"category_column", chart.category_column},
                                {"series_columns", chart.series_columns}});
    out["sections"].push_back(std::move(part));
  }
  // Invalid UTF-8 in a user's text is replaced rather than thrown on.
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::vector<std::pair<std::string, std::string>> render_csv(const Document& document) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const Section& section : document.sections)
    for (const Table& table : section.tables) {
      std::string text;
      for (std::size_t i = 0; i < table.columns.size(); ++i)
        text += (i == 0 ? "" : ",") + csv_field(table.columns[i].heading);
      text += "\r\n";
      for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) text += (i == 0 ? "" : ",") + csv_field(csv_text(row[i]));
        text += "\r\n";
      }
      files.emplace_back(file_name_of(table.id), std::move(text));
    }
  return files;
}

}  // namespace poolbook::reports
