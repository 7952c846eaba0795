#include "poolbook/reports/render/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace poolbook::reports {
namespace {

constexpr const char* kRule = "render.xlsx";

constexpr std::size_t kSheetNameMax = 31;     // Excel's limit, counted in UTF-16 units
constexpr std::size_t kHeaderTitleMax = 120;  // characters; doubled '&'s stay under Excel's 255
constexpr std::size_t kColumnWidthMin = 10;   // characters
constexpr std::size_t kFirstColumnWidthMin = 20;
constexpr std::size_t kColumnWidthMax = 60;
constexpr std::size_t kHeadingOneLineMax = 16;  // a longer heading wraps, word by word
constexpr double kDefaultColumnWidth = 8.43;    // Excel's, in characters
constexpr int kPlacesMax = 10;
constexpr lxw_row_t kFrozenRowsMax = 20;  // more would fill a laptop's window and stop it scrolling
constexpr std::uint8_t kPaperA4 = 9;

// A chart is libxlsxwriter's 480 x 288 pixels scaled to 720 x 360: 18 rows of 20 pixels,
// and two rows between one chart and the next.
constexpr double kChartScaleX = 1.5;
constexpr double kChartScaleY = 1.25;
constexpr std::uint32_t kChartWidthPixels = 720;
constexpr lxw_row_t kChartRows = 20;

// "£#,##0.00;(£#,##0.00)", the pound sign in UTF-8: a negative sum in brackets, as a finance
// officer writes it.
constexpr const char* kMoneyFormat = "\xC2\xA3#,##0.00;(\xC2\xA3#,##0.00)";
constexpr const char* kCountFormat = "#,##0";
constexpr const char* kDateFormat = "dd/mm/yyyy";

// The first thing that went wrong while laying out the workbook, in words. Later troubles are
// not looked at: the workbook is then thrown away unwritten.
class Trouble {
 public:
  void check(lxw_error code, const std::string& doing) {
    if (code != LXW_NO_ERROR) note(doing + ": " + lxw_strerror(code));
  }
  void note(std::string why) {
    if (!first_) first_ = std::move(why);
  }
  [[nodiscard]] const std::optional<std::string>& first() const { return first_; }

 private:
  std::optional<std::string> first_;
};

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Characters as a reader counts them (code points), for column widths.
std::size_t shown_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char b) { return !is_continuation(b); }));
}

// The longest start of `text`, cut between characters, that Excel counts as at most `limit`
// (it counts UTF-16 units: a character beyond U+FFFF, four bytes in UTF-8, counts two).
std::string cut_to(std::string_view text, std::size_t limit) {
  std::size_t units = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    const auto lead = static_cast<unsigned char>(text[end]);
    const std::size_t bytes = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::size_t cost = bytes == 4 ? 2 : 1;
    if (units + cost > limit) break;
    units += cost;
    end = std::min(end + bytes, text.size());
  }
  return std::string(text.substr(0, end));
}

// Excel refuses a sheet name that starts or ends with an apostrophe; spaces there only confuse.
std::string trimmed(std::string name) {
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  std::size_t start = 0;
  while (start < name.size() && (name[start] == '\'' || name[start] == ' ')) ++start;
  return name.substr(start);
}

// Excel compares sheet names without regard to case.
std::string folded(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
}

// A valid sheet name, not yet in `taken`, for the section's wanted one: []:*?/\ become '-',
// it is cut to 31 and a copy gets " (2)", " (3)"... ("History" is Excel's own, so it is taken).
std::string sheet_name(const std::string& wanted, std::size_t position, std::set<std::string>& taken) {
  std::string name;
  for (char c : wanted) name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-';
  name = trimmed(name);
  if (name.empty()) name = "Sheet " + std::to_string(position + 1);
  std::string candidate = trimmed(cut_to(name, kSheetNameMax));
  for (int copy = 2; taken.count(folded(candidate)) > 0; ++copy) {
    const std::string suffix = " (" + std::to_string(copy) + ")";
    candidate = trimmed(cut_to(name, kSheetNameMax - suffix.size())) + suffix;
  }
  taken.insert(folded(candidate));
  return candidate;
}

// "2025-09-30" as a calendar date from 1900 (Excel's first year) to 9999.
std::optional<std::chrono::year_month_day> iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto whole = [&](std::size_t from, std::size_t count, unsigned& out) {
    const char* end = text.data() + from + count;
    const auto [stop, code] = std::from_chars(text.data() + from, end, out);
    return code == std::errc{} && stop == end;
  };
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!whole(0, 4, year) || !whole(5, 2, month) || !whole(8, 2, day) || year < 1900) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(year)), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return date;
}

lxw_datetime excel_datetime(const std::chrono::year_month_day& date) {
  return lxw_datetime{static_cast<int>(date.year()),
                      static_cast<int>(static_cast<unsigned>(date.month())),
                      static_cast<int>(static_cast<unsigned>(date.day())),
                      0,
                      0,
                      0.0};
}

// The as-at date at 00:00 UTC: the workbook's creation time, so that the same Document gives
// the same bytes. libxlsxwriter takes 0 to mean "now", so 1970-01-01 is refused.
std::optional<std::time_t> created_time(const std::string& as_at) {
  const auto date = iso_date(as_at);
  if (!date) return std::nullopt;
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::sys_days(*date).time_since_epoch());
  if (seconds.count() <= 0) return std::nullopt;
  return static_cast<std::time_t>(seconds.count());
}

// This is the one place a figure becomes binary floating point, for the spreadsheet's cell
// only (a cell holds an IEEE double): the exact decimal text the Document holds ("1234.56",
// "-12.00", "0.05", "1204") is read as the nearest double. No figure is computed from it.
// std::from_chars is std::strtod without the locale: a decimal comma locale cannot misread it.
std::optional<double> cell_number(const Cell& cell) {
  const std::string exact = plain_text(cell);
  double number = 0;
  const char* end = exact.data() + exact.size();
  const auto [stop, code] = std::from_chars(exact.data(), end, number);
  if (exact.empty() || code != std::errc{} || stop != end) return std::nullopt;
  return number;
}

bool is_figure(CellKind kind) {
  return kind == CellKind::money || kind == CellKind::number || kind == CellKind::percent || kind == CellKind::count;
}

// The Excel number format a cell is shown in; empty for text.
std::string number_format(const Cell& cell) {
  assert(cell.places >= 0 && cell.places <= kPlacesMax);
  const int places = std::clamp(cell.places, 0, kPlacesMax);
  const std::string decimals = places == 0 ? "" : "." + std::string(static_cast<std::size_t>(places), '0');
  switch (cell.kind) {
    case CellKind::money:
      return kMoneyFormat;
    case CellKind::number:
      return "#,##0" + decimals;
    case CellKind::percent:
      return "0" + decimals + "%";
    case CellKind::count:
      return kCountFormat;
    case CellKind::date:
      return kDateFormat;
    case CellKind::text:
    case CellKind::blank:
      return {};
  }
  return {};
}

// How wide a column must be for its heading: a short heading on one line, a long one wrapped
// so that its longest word fits.
std::size_t heading_length(std::string_view heading) {
  std::size_t longest_word = 0;
  std::size_t word = 0;
  for (char c : heading) {
    word = c == ' ' ? 0 : word + (is_continuation(c) ? 0 : 1);
    longest_word = std::max(longest_word, word);
  }
  return std::max(longest_word, std::min(shown_length(heading), kHeadingOneLineMax));
}

// Excel's rule for a column of `width` characters in its default font: 7 pixels a character
// and 5 of padding.
std::uint32_t column_pixels(double width) { return static_cast<std::uint32_t>(width * 7 + 0.5) + 5; }

// The workbook's formats, each made once and shared by every sheet.
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
    title_ = added();
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    caption_ = added();
    format_set_bold(caption_);
    note_ = added();
    format_set_italic(note_);
  }
  [[nodiscard]] lxw_format* title() const { return title_; }
  [[nodiscard]] lxw_format* caption() const { return caption_; }
  [[nodiscard]] lxw_format* note() const { return note_; }

  // A table's cell: its number format (or wrapped text), bold when strong, at the top of its row.
  lxw_format* cell(const Cell& cell) {
    const std::string shown_as = number_format(cell);
    auto [at, inserted] = cells_.try_emplace({shown_as, cell.strong}, nullptr);
    if (inserted) {
      at->second = added();
      if (shown_as.empty()) format_set_text_wrap(at->second);
      if (!shown_as.empty()) format_set_num_format(at->second, shown_as.c_str());
      if (cell.strong) format_set_bold(at->second);
      format_set_align(at->second, LXW_ALIGN_VERTICAL_TOP);
    }
    return at->second;
  }

  // A heading: bold, wrapped, a border under it, over a figure column aligned right as its figures are.
  lxw_format* heading(CellKind column_kind) {
    const bool figure = is_figure(column_kind);
    lxw_format*& made = headings_[figure];
    if (made == nullptr) {
      made = added();
      format_set_bold(made);
      format_set_text_wrap(made);
      format_set_bottom(made, LXW_BORDER_THIN);
      format_set_align(made, LXW_ALIGN_VERTICAL_BOTTOM);
      if (figure) format_set_align(made, LXW_ALIGN_RIGHT);
    }
    return made;
  }

 private:
  lxw_format* added() {
    lxw_format* format = workbook_add_format(workbook_);
    if (format == nullptr) throw std::bad_alloc();  // libxlsxwriter's only reason for no format
    return format;
  }

  lxw_workbook* workbook_;
  lxw_format* title_ = nullptr;
  lxw_format* caption_ = nullptr;
  lxw_format* note_ = nullptr;
  std::map<std::pair<std::string, bool>, lxw_format*> cells_;
  std::map<bool, lxw_format*> headings_;
};

// Where a table was written on its sheet, for the charts drawn from it.
struct PlacedTable {
  const Table* table = nullptr;
  lxw_row_t heading_row = 0;
  lxw_row_t first_row = 0;  // the table's first row of cells, under its heading row
};

// A sheet being written: its name, the next row free, where its tables went.
struct Sheet {
  lxw_worksheet* worksheet = nullptr;
  const char* name = nullptr;  // kept alive by the Writer until the workbook is closed
  lxw_row_t next_row = 0;
  lxw_col_t column_count = 1;  // columns used by the tables and the charts
  std::vector<double> widths;  // of the tables' columns, in characters
  std::vector<PlacedTable> tables;
};

// Lays a Document out in a libxlsxwriter workbook, which it does not own or close.
class Writer {
 public:
  explicit Writer(lxw_workbook* workbook) : workbook_(workbook), formats_(workbook) {}

  // Everything but the closing (which writes the file), or the first trouble met.
  std::optional<std::string> lay_out(const Document& document, std::time_t created) {
    lxw_doc_properties properties{};
    properties.title = keep(document.title);
    properties.subject = keep(document.subtitle);
    properties.created = created;
    trouble_.check(workbook_set_properties(workbook_, &properties), "setting the workbook's title and date");
    std::set<std::string> taken{"history"};
    for (std::size_t position = 0; position < document.sections.size(); ++position) {
      const Section& section = document.sections[position];
      Sheet sheet;
      sheet.name = keep(sheet_name(section.sheet, position, taken));
      sheet.worksheet = workbook_add_worksheet(workbook_, sheet.name);
      if (sheet.worksheet == nullptr) {
        trouble_.note("the sheet name '" + std::string(sheet.name) + "' was refused");
        break;
      }
      write_section(sheet, document, section);
    }
    return trouble_.first();
  }

 private:
  char* keep(std::string text) { return kept_.emplace_back(std::move(text)).data(); }

  void write_section(Sheet& sheet, const Document& document, const Section& section) {
    write_text(sheet, section.title, formats_.title());
    write_text(sheet, document.subtitle, nullptr);
    write_text(sheet, "As at " + document.as_at, nullptr);
    write_text(sheet, section.status, nullptr);
    for (const std::string& paragraph : section.paragraphs) write_text(sheet, paragraph, nullptr);
    ++sheet.next_row;
    for (const Table& table : section.tables) write_table(sheet, table);
    set_widths(sheet, section);
    for (const Chart& chart : section.charts) add_chart(sheet, section, chart);
    set_printing(sheet, document);
  }

  // A line of text in column A, on the next row; an empty one leaves the row blank.
  void write_text(Sheet& sheet, const std::string& text, lxw_format* format) {
    const lxw_row_t row = sheet.next_row++;
    if (text.empty()) return;
    trouble_.check(worksheet_write_string(sheet.worksheet, row, 0, text.c_str(), format),
                   "writing '" + cut_to(text, 40) + "' in row " + std::to_string(row + 1));
  }

  void write_table(Sheet& sheet, const Table& table) {
    assert(table.columns.size() < LXW_COL_MAX);
    write_text(sheet, table.caption, formats_.caption());
    PlacedTable placed{&table, sheet.next_row, sheet.next_row + 1};
    for (std::size_t column = 0; column < table.columns.size(); ++column) {
      const Column& heading = table.columns[column];
      trouble_.check(worksheet_write_string(sheet.worksheet, placed.heading_row, static_cast<lxw_col_t>(column),
                                            heading.heading.c_str(), formats_.heading(heading.kind)),
                     "writing the heading '" + heading.heading + "' of table '" + table.id + "'");
    }
    sheet.next_row = placed.first_row;
    for (const std::vector<Cell>& cells : table.rows) {
      assert(cells.size() == table.columns.size());
      const lxw_row_t row = sheet.next_row++;
      for (std::size_t column = 0; column < cells.size() && column < table.columns.size(); ++column)
        write_cell(sheet.worksheet, row, static_cast<lxw_col_t>(column), cells[column], table);
    }
    if (!table.note.empty()) write_text(sheet, table.note, formats_.note());
    ++sheet.next_row;
    sheet.tables.push_back(placed);
  }

  // A cell by its kind: a figure as a number, a date as an Excel date, text as a string.
  void write_cell(lxw_worksheet* worksheet, lxw_row_t row, lxw_col_t column, const Cell& cell, const Table& table) {
    const auto where = [&] {
      char name[LXW_MAX_CELL_NAME_LENGTH];
      lxw_rowcol_to_cell(name, row, column);
      return "table '" + table.id + "', cell " + name;
    };
    lxw_format* format = formats_.cell(cell);
    lxw_error written = LXW_NO_ERROR;
    switch (cell.kind) {
      case CellKind::blank:
        return;
      case CellKind::text:
        written = worksheet_write_string(worksheet, row, column, cell.text.c_str(), format);
        break;
      case CellKind::date: {
        const auto date = iso_date(cell.text);
        if (!date) return trouble_.note(where() + ": '" + cell.text + "' is not a date (YYYY-MM-DD from 1900)");
        lxw_datetime when = excel_datetime(*date);
        written = worksheet_write_datetime(worksheet, row, column, &when, format);
        break;
      }
      case CellKind::money:
      case CellKind::number:
      case CellKind::percent:
      case CellKind::count: {
        const auto number = cell_number(cell);
        if (!number) return trouble_.note(where() + ": '" + plain_text(cell) + "' is not a decimal figure");
        written = worksheet_write_number(worksheet, row, column, *number, format);
        break;
      }
    }
    if (written != LXW_NO_ERROR) trouble_.check(written, "writing " + where());
  }

  // Each column as wide as its widest cell or heading (10 to 60 characters; the first column,
  // which names each row, at least 20).
  void set_widths(Sheet& sheet, const Section& section) {
    std::vector<std::size_t> longest;
    for (const Table& table : section.tables) {
      if (longest.size() < table.columns.size()) longest.resize(table.columns.size(), 0);
      for (std::size_t column = 0; column < table.columns.size(); ++column) {
        longest[column] = std::max(longest[column], heading_length(table.columns[column].heading));
        for (const std::vector<Cell>& cells : table.rows)
          if (column < cells.size())
            longest[column] = std::max(longest[column], shown_length(display_text(cells[column])));
      }
    }
    for (std::size_t column = 0; column < longest.size(); ++column) {
      const std::size_t least = column == 0 ? kFirstColumnWidthMin : kColumnWidthMin;
      const auto width = static_cast<double>(std::clamp(longest[column] + 2, least, kColumnWidthMax));
      sheet.widths.push_back(width);
      const auto at = static_cast<lxw_col_t>(column);
      trouble_.check(worksheet_set_column(sheet.worksheet, at, at, width, nullptr), "setting the column widths");
    }
    sheet.column_count = std::max<lxw_col_t>(1, static_cast<lxw_col_t>(longest.size()));
  }

  // Why a chart cannot be drawn from its table, if it cannot.
  static std::optional<std::string> chart_problem(const Chart& chart, const Table& table) {
    const std::string named = "chart '" + chart.id + "' on table '" + table.id + "'";
    const std::size_t count = table.columns.size();
    if (chart.category_column >= count) return named + " takes its categories from a column the table does not have";
    if (chart.series_columns.empty()) return named + " has no series";
    if (chart.kind == ChartKind::tornado && chart.series_columns.size() != 2)
      return named + " is a tornado, which needs exactly two series";
    for (std::size_t column : chart.series_columns)
      if (column >= count || !is_figure(table.columns[column].kind))
        return named + " draws a series from column " + std::to_string(column + 1) +
               ", which is not a column of figures";
    return std::nullopt;
  }

  void add_chart(Sheet& sheet, const Section& section, const Chart& chart) {
    const auto placed = std::find_if(sheet.tables.begin(), sheet.tables.end(),
                                     [&](const PlacedTable& p) { return p.table->id == chart.table; });
    if (placed == sheet.tables.end())
      return trouble_.note("chart '" + chart.id + "' is drawn from table '" + chart.table +
                           "', which is not in section '" + section.id + "'");
    if (placed->table->rows.empty()) return;  // nothing to draw
    if (auto problem = chart_problem(chart, *placed->table)) return trouble_.note(*problem);
    lxw_chart* drawn = workbook_add_chart(workbook_, chart_type(chart.kind));
    if (drawn == nullptr) throw std::bad_alloc();  // the type is always valid
    add_series(sheet, *placed, chart, drawn);
    style(chart, drawn);
    lxw_chart_options options{};
    options.x_scale = kChartScaleX;
    options.y_scale = kChartScaleY;
    options.description = keep(chart.title);
    const lxw_row_t row = sheet.next_row;
    trouble_.check(worksheet_insert_chart_opt(sheet.worksheet, row, 0, drawn, &options),
                   "placing chart '" + chart.id + "'");
    sheet.next_row += kChartRows;
    sheet.column_count = std::max(sheet.column_count, columns_under_chart(sheet.widths));
  }

  static lxw_chart_type chart_type(ChartKind kind) {
    switch (kind) {
      case ChartKind::line:
        return LXW_CHART_LINE;
      case ChartKind::column:
        return LXW_CHART_COLUMN;
      case ChartKind::bar:
      case ChartKind::tornado:
        return LXW_CHART_BAR;
    }
    return LXW_CHART_COLUMN;
  }

  // A series per series column, over the table's rows where they were written, named by the
  // column's heading cell.
  static void add_series(const Sheet& sheet, const PlacedTable& placed, const Chart& chart, lxw_chart* drawn) {
    const lxw_row_t first = placed.first_row;
    const lxw_row_t last = placed.first_row + static_cast<lxw_row_t>(placed.table->rows.size()) - 1;
    const auto categories = static_cast<lxw_col_t>(chart.category_column);
    for (std::size_t series_column : chart.series_columns) {
      lxw_chart_series* series = chart_add_series(drawn, nullptr, nullptr);
      if (series == nullptr) throw std::bad_alloc();  // libxlsxwriter's only reason for no series
      const auto column = static_cast<lxw_col_t>(series_column);
      chart_series_set_categories(series, sheet.name, first, categories, last, categories);
      chart_series_set_values(series, sheet.name, first, column, last, column);
      chart_series_set_name_range(series, sheet.name, placed.heading_row, column);
    }
  }

  static void style(const Chart& chart, lxw_chart* drawn) {
    chart_title_set_name(drawn, chart.title.c_str());
    chart_legend_set_position(drawn, LXW_CHART_LEGEND_BOTTOM);
    // In a bar chart libxlsxwriter's x_axis is the horizontal one, the values.
    const bool horizontal = chart.kind == ChartKind::bar || chart.kind == ChartKind::tornado;
    lxw_chart_axis* values = horizontal ? drawn->x_axis : drawn->y_axis;
    lxw_chart_axis* categories = horizontal ? drawn->y_axis : drawn->x_axis;
    if (!chart.y_axis.empty()) chart_axis_set_name(values, chart.y_axis.c_str());
    if (horizontal) {
      // The first row at the top, as the table reads, the values' axis kept at the bottom and
      // the categories' names clear of bars left of zero.
      chart_axis_set_reverse(categories);
      chart_axis_set_crossing_max(categories);
      chart_axis_set_label_position(categories, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    }
    if (chart.kind == ChartKind::tornado) {
      // A category's two bars on one line, one either side of zero.
      chart_set_series_overlap(drawn, 100);
      chart_set_series_gap(drawn, 40);
    }
  }

  // How many columns a chart placed in column A reaches across.
  static lxw_col_t columns_under_chart(const std::vector<double>& widths) {
    std::uint32_t covered = 0;
    lxw_col_t columns = 0;
    while (covered < kChartWidthPixels) {
      covered += column_pixels(columns < widths.size() ? widths[columns] : kDefaultColumnWidth);
      ++columns;
    }
    return columns;
  }

  // Landscape A4, one page wide, the title at the top of each page and the page number at the
  // bottom, the first table's heading row frozen on screen and repeated on each printed page.
  void set_printing(Sheet& sheet, const Document& document) {
    worksheet_set_landscape(sheet.worksheet);
    worksheet_set_paper(sheet.worksheet, kPaperA4);
    worksheet_fit_to_pages(sheet.worksheet, 1, 0);
    std::string header = "&C";
    for (char c : cut_to(document.title, kHeaderTitleMax)) header += c == '&' ? "&&" : std::string(1, c);
    trouble_.check(worksheet_set_header(sheet.worksheet, keep(header)), "setting the page header");
    trouble_.check(worksheet_set_footer(sheet.worksheet, "&CPage &P of &N"), "setting the page footer");
    const lxw_row_t last_row = sheet.next_row - 1;
    const auto last_column = static_cast<lxw_col_t>(sheet.column_count - 1);
    trouble_.check(worksheet_print_area(sheet.worksheet, 0, 0, last_row, last_column), "setting the print area");
    if (sheet.tables.empty()) return;
    const PlacedTable& first = sheet.tables.front();
    if (first.first_row <= kFrozenRowsMax) worksheet_freeze_panes(sheet.worksheet, first.first_row, 0);
    trouble_.check(worksheet_repeat_rows(sheet.worksheet, first.heading_row, first.heading_row),
                   "repeating the heading row on each printed page");
  }

  lxw_workbook* workbook_;
  Formats formats_;
  Trouble trouble_;
  std::deque<std::string> kept_;  // strings libxlsxwriter holds until the workbook is closed
};

Error not_written(const std::filesystem::path& file, const std::string& why) {
  return internal_error(kRule, "the workbook '" + file.string() + "' could not be written: " + why);
}

// Why the file cannot be made, found before libxlsxwriter tries (and complains on stderr).
std::optional<std::string> place_problem(const std::filesystem::path& file) {
  std::error_code ignored;
  const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
  if (!std::filesystem::exists(folder, ignored)) return "the folder '" + folder.string() + "' does not exist";
  if (!std::filesystem::is_directory(folder, ignored)) return "'" + folder.string() + "' is not a folder";
  if (std::filesystem::is_directory(file, ignored)) return "it is a folder";
  return std::nullopt;
}

struct FreeUnclosed {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

}  // namespace

Status write_xlsx(const Document& document, const std::filesystem::path& file) {
  const auto created = created_time(document.as_at);
  if (!created) return not_written(file, "the as-at date '" + document.as_at + "' is not a date (YYYY-MM-DD)");
  if (auto problem = place_problem(file)) return not_written(file, *problem);
  const std::string name = file.string();
  std::unique_ptr<lxw_workbook, FreeUnclosed> workbook(workbook_new(name.c_str()));
  if (!workbook) throw std::bad_alloc();  // libxlsxwriter's only reason for no workbook
  // The Writer keeps the strings the workbook points at until it is closed.
  Writer writer(workbook.get());
  if (auto trouble = writer.lay_out(document, *created)) return not_written(file, *trouble);
  errno = 0;
  const lxw_error closed = workbook_close(workbook.release());  // frees the workbook, written or not
  const int system_error = errno;
  if (closed == LXW_NO_ERROR) return ok_status();
  std::string why = lxw_strerror(closed);
  if (system_error != 0) why += " (" + std::generic_category().message(system_error) + ")";
  return not_written(file, why);
}

}  // namespace poolbook::reports
