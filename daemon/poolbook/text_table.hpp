#pragma once
// A plain-text table for the command line: columns sized to their widest cell (counting
// UTF-8 characters, so "£" is one column), money right-aligned, two spaces between columns.
//
//   TextTable table({"partner", "amount"}, {Align::left, Align::right});
//   table.add_row({"icb", "£38,200,000.00"});
//   std::cout << table.render();
#include <string>
#include <vector>

namespace poolbook::cli {

enum class Align { left, right };

class TextTable {
 public:
  TextTable(std::vector<std::string> headings, std::vector<Align> aligns);
  void add_row(std::vector<std::string> cells);
  // A rule under the rows so far, then usually a total row.
  void add_rule();
  [[nodiscard]] std::string render() const;

 private:
  std::vector<std::string> headings_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;  // an empty row is a rule
};

// Each line of `text` (a rendered table, say) with `prefix` before it.
std::string indented(const std::string& text, const std::string& prefix);

// Characters (not bytes) in UTF-8 text.
std::size_t display_width(const std::string& text);

}  // namespace poolbook::cli
