#include "text_table.hpp"

#include <algorithm>
#include <cassert>

namespace poolbook::cli {

std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TextTable::TextTable(std::vector<std::string> headings, std::vector<Align> aligns)
    : headings_(std::move(headings)), aligns_(std::move(aligns)) {
  assert(headings_.size() == aligns_.size());
}

void TextTable::add_row(std::vector<std::string> cells) {
  assert(cells.size() == headings_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::add_rule() { rows_.emplace_back(); }

std::string TextTable::render() const {
  std::vector<std::size_t> widths(headings_.size());
  for (std::size_t column = 0; column < headings_.size(); ++column) {
    widths[column] = display_width(headings_[column]);
    for (const auto& row : rows_)
      if (!row.empty()) widths[column] = std::max(widths[column], display_width(row[column]));
  }
  const auto render_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t column = 0; column < cells.size(); ++column) {
      const std::size_t gap = widths[column] - display_width(cells[column]);
      const bool last = column + 1 == cells.size();
      if (aligns_[column] == Align::right) line.append(gap, ' ');
      line += cells[column];
      if (aligns_[column] == Align::left && !last) line.append(gap, ' ');
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render_row(headings_);
  for (const auto& row : rows_) {
    if (row.empty()) {
      std::size_t total = 0;
      for (std::size_t width : widths) total += width + 2;
      out += std::string(total - 2, '-') + "\n";
    } else {
      out += render_row(row);
    }
  }
  return out;
}

std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = text.find('\n', start);
    out += prefix + text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

}  // namespace poolbook::cli
