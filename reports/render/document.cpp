#include "poolbook/reports/render/document.hpp"

#include <utility>

namespace poolbook::reports {
namespace {

// format_decimal with exactly `places` decimals: "12.50" rather than "12.5".
std::string fixed(const ledger::Ratio& value, int places) {
  std::string out = ledger::format_decimal(value, places);
  if (places == 0) return out;
  auto point = out.find('.');
  if (point == std::string::npos) {
    out += '.';
    point = out.size() - 1;
  }
  const auto decimals = out.size() - point - 1;
  out.append(static_cast<std::size_t>(places) - decimals, '0');
  return out;
}

// A cell holding an exact value, shown to `places` decimals.
Cell valued(CellKind kind, ledger::Ratio value, int places) {
  Cell cell;
  cell.kind = kind;
  cell.value = std::move(value);
  cell.places = places;
  return cell;
}

// "1234567.5" -> "1,234,567.5" (and "-1234" -> "-1,234").
std::string grouped(const std::string& number) {
  const std::size_t sign = !number.empty() && number[0] == '-' ? 1 : 0;
  const std::size_t point = number.find('.');
  const std::size_t end = point == std::string::npos ? number.size() : point;
  std::string whole = number.substr(sign, end - sign);
  for (std::size_t i = whole.size(); i > 3; i -= 3) whole.insert(i - 3, ",");
  return number.substr(0, sign) + whole + number.substr(end);
}

}  // namespace

std::string_view kind_word(CellKind kind) {
  switch (kind) {
    case CellKind::blank:
      return "blank";
    case CellKind::text:
      return "text";
    case CellKind::money:
      return "money";
    case CellKind::number:
      return "number";
    case CellKind::percent:
      return "percent";
    case CellKind::count:
      return "count";
    case CellKind::date:
      return "date";
  }
  return "text";
}

Cell Cell::blank() { return Cell{}; }

Cell Cell::of_text(std::string text) {
  Cell cell;
  cell.kind = CellKind::text;
  cell.text = std::move(text);
  return cell;
}

Cell Cell::of_money(ledger::Money money) {
  Cell cell;
  cell.kind = CellKind::money;
  cell.money = money;
  return cell;
}

Cell Cell::of_number(ledger::Ratio value, int places) { return valued(CellKind::number, std::move(value), places); }

Cell Cell::of_percent(ledger::Ratio value, int places) { return valued(CellKind::percent, std::move(value), places); }

Cell Cell::of_count(std::int64_t count) { return valued(CellKind::count, ledger::Ratio(count), 0); }

Cell Cell::of_date(std::string iso_date) {
  Cell cell;
  cell.kind = CellKind::date;
  cell.text = std::move(iso_date);
  return cell;
}

std::string display_text(const Cell& cell) {
  switch (cell.kind) {
    case CellKind::blank:
      return {};
    case CellKind::text:
    case CellKind::date:
      return cell.text;
    case CellKind::money:
      return cell.money.to_report();
    case CellKind::number:
      return grouped(fixed(cell.value, cell.places));
    case CellKind::percent:
      return grouped(fixed(cell.value * 100, cell.places)) + "%";
    case CellKind::count:
      return grouped(fixed(cell.value, 0));
  }
  return {};
}

std::string plain_text(const Cell& cell) {
  switch (cell.kind) {
    case CellKind::blank:
      return {};
    case CellKind::text:
    case CellKind::date:
      return cell.text;
    case CellKind::money:
      return cell.money.to_plain();
    case CellKind::number:
    case CellKind::percent:
      return ledger::format_decimal(cell.value, 6);
    case CellKind::count:
      return ledger::format_decimal(cell.value, 0);
  }
  return {};
}

const Table* Document::find_table(const std::string& id) const {
  for (const Section& section : sections)
    for (const Table& table : section.tables)
      if (table.id == id) return &table;
  return nullptr;
}

}  // namespace poolbook::reports
