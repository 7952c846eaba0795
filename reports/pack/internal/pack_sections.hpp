#pragma once
// The board pack's sections after the summary, income and expenditure (pack_sections.cpp),
// and the small helpers every section's layout uses. Internal to reports/.
#include <string>
#include <vector>

#include "poolbook/reports/pack/board_pack.hpp"
#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports::detail {

inline Cell text(std::string value) { return Cell::of_text(std::move(value)); }
inline Cell money(Money value) { return Cell::of_money(value); }
inline Cell strong(Cell cell) {
  cell.strong = true;
  return cell;
}
inline Table table(std::string id, std::string caption, std::vector<Column> columns) {
  return Table{std::move(id), std::move(caption), std::move(columns), {}, {}};
}
inline Section section(std::string id, std::string title, std::string sheet, std::string status) {
  Section out;
  out.id = std::move(id);
  out.title = std::move(title);
  out.sheet = std::move(sheet);
  out.status = std::move(status);
  return out;
}
inline std::string count_of(std::size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

Section risk_section(const BoardPack& pack);
Section contingency_section(const BoardPack& pack);
Section contracts_section(const BoardPack& pack);
Section metrics_section(const BoardPack& pack);
Section roi_section(const std::vector<PackRoi>& appraisals);
Section governance_section(const BoardPack& pack);
Section disputes_section(const BoardPack& pack);
Section data_quality_section(const BoardPack& pack);
Section coming_section(const BoardPack& pack);
Section integrity_section(const BoardPack& pack);
Section self_assessment_section(const BoardPack& pack);

}  // namespace poolbook::reports::detail
