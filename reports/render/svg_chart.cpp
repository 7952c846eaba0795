#include "poolbook/reports/render/internal/svg_chart.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::reports::internal {
namespace {

using ledger::BigInt;
using ledger::Ratio;

// A drawing position or length on the picture, in tenths of an SVG user unit. Positions are
// worked out from the exact figures at the last step and are never figures themselves: a
// figure is only ever written as its cell displays it.
using Tenths = std::int64_t;

constexpr Tenths kUnit = 10;
constexpr Tenths kWidth = 760 * kUnit;
constexpr Tenths kEdge = 16 * kUnit;      // kept clear around the picture
constexpr Tenths kCharWidth = 7 * kUnit;  // about one character of 12-unit text, to fit labels
constexpr Tenths kLegendLine = 20 * kUnit;
constexpr Tenths kPlotHeight = 200 * kUnit;  // line and column charts
constexpr std::size_t kMaxTicks = 8;
constexpr std::size_t kMaxLabelChars = 34;

enum class Marker { circle, square, triangle, diamond };

struct SeriesStyle {
  const char* colour;
  bool hatched;      // bars filled with stripes of the colour
  const char* dash;  // a line's dash pattern, "" for solid
  Marker marker;
};

// Told apart by lightness, stripes, dashes and marker shapes as well as by hue, so that a
// chart printed in greyscale still reads.
constexpr SeriesStyle kStyles[] = {
    {"#1f3b5a", false, "", Marker::circle},           // dark navy
    {"#e08a2b", false, "8 4", Marker::square},        // orange: light in greyscale
    {"#2f7d6d", true, "2 3", Marker::triangle},       // teal stripes
    {"#8fb3d9", false, "10 3 2 3", Marker::diamond},  // pale blue
    {"#7a3b69", true, "1 3", Marker::circle},         // plum stripes
    {"#7f7f7f", false, "14 4", Marker::square},       // mid grey
};
constexpr std::size_t kStyleCount = std::size(kStyles);

// ---- Text ----------------------------------------------------------------------------------

std::string at(Tenths position) {
  const Tenths magnitude = position < 0 ? -position : position;
  std::string out = (position < 0 ? "-" : "") + std::to_string(magnitude / kUnit);
  if (magnitude % kUnit != 0) out += "." + std::to_string(magnitude % kUnit);
  return out;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The text cut to `most` characters, the last of them an ellipsis, if it is longer.
std::string shortened(std::string_view text, std::size_t most) {
  assert(most >= 2);
  if (code_points(text) <= most) return std::string(text);
  std::size_t kept = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
    if (kept == most - 1) break;
    ++kept;
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

// "Budget", "Budget and Actual", "Owed, Paid and Variance".
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

constexpr const char* kZeroPaint = "stroke=\"#1d2731\" stroke-width=\"1.4\"";
constexpr const char* kGridPaint = "stroke=\"#d5dbe1\" stroke-width=\"1\"";

std::string line_from(Tenths x1, Tenths y1, Tenths x2, Tenths y2, const std::string& paint) {
  return "<line x1=\"" + at(x1) + "\" y1=\"" + at(y1) + "\" x2=\"" + at(x2) + "\" y2=\"" + at(y2) + "\" " + paint +
         "/>";
}

std::string text_at(Tenths x, Tenths y, std::string_view anchor, std::string_view text) {
  return "<text x=\"" + at(x) + "\" y=\"" + at(y) + "\" text-anchor=\"" + std::string(anchor) + "\">" +
         escape_html(text) + "</text>";
}

// ---- Figures -------------------------------------------------------------------------------

struct Series {
  std::string name;                          // the column heading
  const SeriesStyle* style = nullptr;        // how it is drawn
  std::size_t style_index = 0;               // for the ids of its stripes
  std::vector<std::optional<Ratio>> values;  // per category: the cell's exact figure, if any
  std::vector<std::string> shown;            // per category: the cell as it displays
};

struct Figures {
  std::vector<std::string> categories;
  std::vector<Series> series;
  CellKind kind = CellKind::number;  // of the first series: how the axis is labelled
  std::size_t rows_to_draw = 0;      // the table's rows other than totals: may be more than are drawn
  std::optional<Ratio> lowest;       // the lowest and highest figures, exact and as their cells show them
  std::optional<Ratio> highest;
  std::string lowest_shown;
  std::string highest_shown;
};

// The exact figure a cell holds, in the unit its axis is labelled in: pounds, percentage
// points or the number itself. Text, dates and blanks have none.
std::optional<Ratio> figure_of(const Cell& cell) {
  if (cell.kind == CellKind::money) return Ratio(cell.money.pence(), 100);
  if (cell.kind == CellKind::percent) return Ratio(cell.value * 100);
  if (cell.kind == CellKind::number || cell.kind == CellKind::count) return cell.value;
  return std::nullopt;
}

const Cell& cell_at(const std::vector<Cell>& row, std::size_t column) {
  static const Cell blank;
  return column < row.size() ? row[column] : blank;
}

Figures gather(const Chart& chart, const Table& table) {
  Figures figures;
  const CellKind first_kind = table.columns[chart.series_columns.front()].kind;
  figures.kind = is_figure(first_kind) ? first_kind : CellKind::number;
  for (std::size_t s = 0; s < chart.series_columns.size(); ++s)
    figures.series.push_back(
        Series{table.columns[chart.series_columns[s]].heading, &kStyles[s % kStyleCount], s % kStyleCount, {}, {}});
  for (const std::vector<Cell>& row : table.rows) {
    if (is_total_row(row)) continue;
    ++figures.rows_to_draw;
    if (figures.categories.size() == kMaxChartCategories) continue;
    figures.categories.push_back(display_text(cell_at(row, chart.category_column)));
    for (std::size_t s = 0; s < chart.series_columns.size(); ++s) {
      const Cell& cell = cell_at(row, chart.series_columns[s]);
      const std::optional<Ratio> value = figure_of(cell);
      figures.series[s].values.push_back(value);
      figures.series[s].shown.push_back(display_text(cell));
      if (!value) continue;
      if (!figures.lowest || *value < *figures.lowest) {
        figures.lowest = *value;
        figures.lowest_shown = figures.series[s].shown.back();
      }
      if (!figures.highest || *value > *figures.highest) {
        figures.highest = *value;
        figures.highest_shown = figures.series[s].shown.back();
      }
    }
  }
  return figures;
}

// ---- The value axis ------------------------------------------------------------------------

// An axis from `low` to `high` (through zero), ticked every `step`; always high > low.
struct Scale {
  Ratio low;
  Ratio high;
  Ratio step;
};

BigInt floor_of(const Ratio& value) {
  const BigInt numerator = boost::multiprecision::numerator(value);
  const BigInt denominator = boost::multiprecision::denominator(value);  // always positive
  BigInt quotient = numerator / denominator;                             // toward zero
  if (numerator < 0 && quotient * denominator != numerator) quotient -= 1;
  return quotient;
}

BigInt ceil_of(const Ratio& value) { return -floor_of(Ratio(-value)); }

// 1, 2, 2.5 or 5 times a power of ten: the smallest that crosses `span` in five steps at
// most; never less than a penny for money or one for a count.
Ratio tick_step(const Ratio& span, CellKind kind) {
  assert(span > 0);
  Ratio power = 1;
  while (power * 10 <= span) power *= 10;
  while (power > span) power /= 10;
  const Ratio multiples[] = {Ratio(1, 10), Ratio(1, 5), Ratio(1, 4), Ratio(1, 2), Ratio(1),
                             Ratio(2),     Ratio(5, 2), Ratio(5),    Ratio(10)};
  Ratio step = power * 10;
  for (const Ratio& multiple : multiples) {
    if (span / (power * multiple) <= 5) {
      step = power * multiple;
      break;
    }
  }
  if (kind == CellKind::money) step = std::max(step, Ratio(1, 100));
  if (kind == CellKind::count) step = std::max(step, Ratio(1));
  return step;
}

// Bars are measured from zero, so their axis always runs through it. A line's runs through
// zero too, unless its figures all lie in the outer half of their own size (a budget of
// £340,000 a month against spend of £329,880 to £362,075): from zero, the lines would be flat.
Scale scale_of(const Figures& figures, bool fit_to_figures) {
  const std::optional<Ratio>& lowest = figures.lowest;
  const std::optional<Ratio>& highest = figures.highest;
  Ratio low = lowest ? std::min(*lowest, Ratio(0)) : Ratio(0);
  Ratio high = highest ? std::max(*highest, Ratio(0)) : Ratio(0);
  if (fit_to_figures && lowest && *lowest < *highest) {
    if (*lowest > 0 && *lowest * 2 > *highest) low = *lowest;
    if (*highest < 0 && *highest * 2 < *lowest) high = *highest;
  }
  // No figures, or all of them zero: an axis from 0 to 1, rather than a division by zero.
  if (low == high) high = 1;
  const Ratio step = tick_step(Ratio(high - low), figures.kind);
  Scale scale{Ratio(floor_of(Ratio(low / step))) * step, Ratio(ceil_of(Ratio(high / step))) * step, step};
  assert(scale.high > scale.low);
  return scale;
}

std::vector<Ratio> ticks_of(const Scale& scale) {
  std::vector<Ratio> ticks;
  for (Ratio tick = scale.low; tick <= scale.high; tick += scale.step) ticks.push_back(tick);
  assert(ticks.size() >= 2 && ticks.size() <= kMaxTicks);
  return ticks;
}

// How far along an axis of `length` a value falls: 0 at the scale's low end. A drawing
// position, rounded to a tenth of a unit.
Tenths offset_along(const Scale& scale, const Ratio& value, Tenths length) {
  const Ratio fraction = (value - scale.low) / (scale.high - scale.low);
  return ledger::round_to_integer(Ratio(fraction * length)).convert_to<Tenths>();
}

// "£250k", "(£1.5m)", "£12.50", "62.5%", "1,204": with as many decimals as the step needs,
// the same on every tick ("£0.5m", "£1.0m"), written the way the tables write figures.
std::string tick_label(CellKind kind, const Ratio& value, const Scale& scale) {
  const auto magnitude = [](const Ratio& r) { return r < 0 ? Ratio(-r) : r; };
  Ratio unit = 1;
  std::string suffix;
  const Ratio largest = std::max(magnitude(scale.low), magnitude(scale.high));
  if (kind == CellKind::money && largest >= 1'000'000) {
    unit = 1'000'000;
    suffix = "m";
  } else if (kind == CellKind::money && largest >= 10'000) {
    unit = 1'000;
    suffix = "k";
  }
  if (value == 0) return kind == CellKind::money ? "\u00a30" : kind == CellKind::percent ? "0%" : "0";
  int places = 0;
  for (Ratio step = scale.step / unit; places < 4 && boost::multiprecision::denominator(step) != 1; step *= 10)
    ++places;
  if (kind == CellKind::money && unit == 1 && places > 0) places = 2;  // pence: "£0.50", never "£0.5"
  if (kind != CellKind::money) {
    const std::string text = display_text(Cell::of_number(value, places));
    return kind == CellKind::percent ? text + "%" : text;
  }
  const std::string text = "\u00a3" + display_text(Cell::of_number(Ratio(magnitude(value) / unit), places)) + suffix;
  return value < 0 ? "(" + text + ")" : text;
}

// ---- Drawing -------------------------------------------------------------------------------

struct Plot {
  Tenths left = 0, top = 0, width = 0, height = 0;
  [[nodiscard]] Tenths bottom() const { return top + height; }
};

struct Picture {
  const Chart& chart;
  const Figures& figures;
  Scale scale;
  Plot plot;
  std::string id;  // the prefix of this chart's ids in the page
};

std::string fill_of(const Picture& picture, const Series& series) {
  if (!series.style->hatched) return series.style->colour;
  return "url(#" + picture.id + "-stripes" + std::to_string(series.style_index) + ")";
}

std::string stripes_defs(const Picture& picture) {
  std::string out;
  for (std::size_t i = 0; i < kStyleCount && i < picture.figures.series.size(); ++i) {
    if (!kStyles[i].hatched) continue;
    out += "<pattern id=\"" + picture.id + "-stripes" + std::to_string(i) +
           "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
           "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"3.5\" height=\"6\" fill=\"" +
           kStyles[i].colour + "\"/></pattern>";
  }
  return out.empty() ? out : "<defs>" + out + "</defs>";
}

// The end of an element: with a <title> (a tooltip on screen, read by a screen reader) if any.
std::string closed(std::string_view element, const std::string& title) {
  if (title.empty()) return "/>";
  return "><title>" + escape_html(title) + "</title></" + std::string(element) + ">";
}

std::string marker(const SeriesStyle& style, Tenths x, Tenths y, const std::string& title) {
  const std::string paint = std::string(" fill=\"") + style.colour + "\" stroke=\"#ffffff\" stroke-width=\"1\"";
  if (style.marker == Marker::circle)
    return "<circle cx=\"" + at(x) + "\" cy=\"" + at(y) + "\" r=\"4\"" + paint + closed("circle", title);
  if (style.marker == Marker::square)
    return "<rect x=\"" + at(x - 40) + "\" y=\"" + at(y - 40) + "\" width=\"8\" height=\"8\"" + paint +
           closed("rect", title);
  const auto corner = [](Tenths cx, Tenths cy) { return at(cx) + " " + at(cy) + " "; };
  const std::string corners = style.marker == Marker::triangle
                                  ? corner(x, y - 50) + corner(x + 50, y + 45) + corner(x - 50, y + 45)
                                  : corner(x, y - 50) + corner(x + 50, y) + corner(x, y + 50) + corner(x - 50, y);
  return "<polygon points=\"" + corners.substr(0, corners.size() - 1) + "\"" + paint + closed("polygon", title);
}

std::string bar(const Picture& picture, const Series& series, Tenths x, Tenths y, Tenths width, Tenths height,
                const std::string& title) {
  return "<rect x=\"" + at(x) + "\" y=\"" + at(y) + "\" width=\"" + at(width) + "\" height=\"" + at(height) +
         "\" fill=\"" + fill_of(picture, series) + "\" stroke=\"#1d2731\" stroke-width=\"0.6\"" + closed("rect", title);
}

// Lays the legend out in lines across the top, a swatch and the heading for each series;
// returns where the last line ends.
Tenths draw_legend(std::string& out, const Picture& picture, Tenths top) {
  const bool lines = picture.chart.kind == ChartKind::line;
  Tenths x = kEdge;
  Tenths y = top;
  out += "<g class=\"legend\">";
  for (const Series& series : picture.figures.series) {
    const std::string name = shortened(series.name, kMaxLabelChars);
    const auto name_width = static_cast<Tenths>(code_points(name)) * kCharWidth;
    const Tenths item = 30 * kUnit + name_width + 24 * kUnit;
    if (x > kEdge && x + item > kWidth - kEdge) {
      x = kEdge;
      y += kLegendLine;
    }
    if (lines) {
      const std::string paint = std::string("stroke=\"") + series.style->colour +
                                "\" stroke-width=\"2.2\" stroke-dasharray=\"" + series.style->dash + "\"";
      out += line_from(x, y + 70, x + 240, y + 70, paint) + marker(*series.style, x + 120, y + 70, "");
    } else {
      out += bar(picture, series, x, y + 10, 160, 120, "");
    }
    out += text_at(x + 30 * kUnit, y + 110, "start", name);
    x += item;
  }
  out += "</g>";
  return y + kLegendLine;
}

// Gridlines and labelled ticks of the value axis: up the left side, or along the bottom.
void draw_value_axis(std::string& out, const Picture& picture, bool along_bottom) {
  const Plot& plot = picture.plot;
  out += "<g class=\"axis\">";
  for (const Ratio& tick : ticks_of(picture.scale)) {
    const std::string label = tick_label(picture.figures.kind, tick, picture.scale);
    const std::string paint = tick == 0 ? kZeroPaint : kGridPaint;
    if (along_bottom) {
      const Tenths x = plot.left + offset_along(picture.scale, tick, plot.width);
      out += line_from(x, plot.top, x, plot.bottom(), paint) + text_at(x, plot.bottom() + 170, "middle", label);
    } else {
      const Tenths y = plot.bottom() - offset_along(picture.scale, tick, plot.height);
      out += line_from(plot.left, y, plot.left + plot.width, y, paint) + text_at(plot.left - 80, y + 40, "end", label);
    }
  }
  out += "</g>";
}

std::string point_title(const Figures& figures, const Series& series, std::size_t i) {
  return figures.categories[i] + ": " + series.name + " " + series.shown[i];
}

// Categories along the bottom, each label centred under its band; every n-th only, if all
// of them would run into one another.
void draw_categories_below(std::string& out, const Picture& picture) {
  const std::vector<std::string>& categories = picture.figures.categories;
  const Tenths band = picture.plot.width / static_cast<Tenths>(categories.size());
  std::size_t longest = 1;
  for (const std::string& category : categories) longest = std::max(longest, code_points(category));
  const std::size_t chars = std::clamp<std::size_t>(longest, 2, 14);
  const Tenths label_width = static_cast<Tenths>(chars) * kCharWidth + 60;
  const auto every = static_cast<std::size_t>((label_width + band - 1) / band);
  for (std::size_t i = 0; i < categories.size(); i += std::max<std::size_t>(every, 1)) {
    const Tenths x = picture.plot.left + band * static_cast<Tenths>(i) + band / 2;
    out += text_at(x, picture.plot.bottom() + 190, "middle", shortened(categories[i], chars));
  }
}

void draw_lines(std::string& out, const Picture& picture) {
  const Figures& figures = picture.figures;
  const Tenths band = picture.plot.width / static_cast<Tenths>(figures.categories.size());
  for (const Series& series : figures.series) {
    std::string markers;
    std::string points;
    std::size_t points_in_run = 0;
    const auto end_run = [&] {
      if (points_in_run >= 2)
        out += "<polyline fill=\"none\" stroke=\"" + std::string(series.style->colour) +
               "\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-dasharray=\"" + series.style->dash +
               "\" points=\"" + points + "\"/>";
      points.clear();
      points_in_run = 0;
    };
    for (std::size_t i = 0; i < figures.categories.size(); ++i) {
      if (!series.values[i]) {
        end_run();  // a blank cell breaks the line rather than drawing it through zero
        continue;
      }
      const Tenths x = picture.plot.left + band * static_cast<Tenths>(i) + band / 2;
      const Tenths y = picture.plot.bottom() - offset_along(picture.scale, *series.values[i], picture.plot.height);
      points += (points.empty() ? "" : " ") + at(x) + "," + at(y);
      ++points_in_run;
      markers += marker(*series.style, x, y, point_title(figures, series, i));
    }
    end_run();
    out += markers;
  }
}

void draw_columns(std::string& out, const Picture& picture) {
  const Figures& figures = picture.figures;
  const Plot& plot = picture.plot;
  const Tenths band = plot.width / static_cast<Tenths>(figures.categories.size());
  const Tenths group = band * 7 / 10;
  // One category would otherwise make a bar as wide as the chart.
  const Tenths width = std::clamp<Tenths>(group / static_cast<Tenths>(figures.series.size()), 10, 600);
  const Tenths group_width = width * static_cast<Tenths>(figures.series.size());
  const Tenths zero_y = plot.bottom() - offset_along(picture.scale, 0, plot.height);
  for (std::size_t i = 0; i < figures.categories.size(); ++i) {
    for (std::size_t s = 0; s < figures.series.size(); ++s) {
      const Series& series = figures.series[s];
      if (!series.values[i]) continue;
      const Tenths y = plot.bottom() - offset_along(picture.scale, *series.values[i], plot.height);
      const Tenths x =
          plot.left + band * static_cast<Tenths>(i) + (band - group_width) / 2 + width * static_cast<Tenths>(s);
      out += bar(picture, series, x, std::min(y, zero_y), width, y > zero_y ? y - zero_y : zero_y - y,
                 point_title(figures, series, i));
    }
  }
}

// Bar charts draw each category's series one under another; a tornado draws both of a
// category's bars (low and high) in one band, either side of zero, the longer behind.
void draw_bars(std::string& out, const Picture& picture, Tenths band) {
  const Figures& figures = picture.figures;
  const Plot& plot = picture.plot;
  const bool tornado = picture.chart.kind == ChartKind::tornado;
  const Tenths group = band * 7 / 10;
  const Tenths thickness = tornado ? group : group / static_cast<Tenths>(figures.series.size());
  const Tenths zero_x = plot.left + offset_along(picture.scale, 0, plot.width);
  for (std::size_t i = 0; i < figures.categories.size(); ++i) {
    std::vector<std::size_t> order;
    for (std::size_t s = 0; s < figures.series.size(); ++s)
      if (figures.series[s].values[i]) order.push_back(s);
    if (tornado) {
      const auto length = [&](std::size_t s) {
        const Ratio& v = *figures.series[s].values[i];
        return v < 0 ? Ratio(-v) : v;
      };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return length(a) > length(b); });
    }
    for (const std::size_t s : order) {
      const Series& series = figures.series[s];
      const Tenths x = plot.left + offset_along(picture.scale, *series.values[i], plot.width);
      const Tenths y = plot.top + band * static_cast<Tenths>(i) + (band - group) / 2 +
                       (tornado ? 0 : thickness * static_cast<Tenths>(s));
      out += bar(picture, series, std::min(x, zero_x), y, x > zero_x ? x - zero_x : zero_x - x, thickness,
                 point_title(figures, series, i));
    }
    const Tenths label_y = plot.top + band * static_cast<Tenths>(i) + band / 2 + 40;
    const auto chars = static_cast<std::size_t>((plot.left - kEdge - 100) / kCharWidth);
    out += text_at(plot.left - 80, label_y, "end", shortened(figures.categories[i], std::max<std::size_t>(chars, 2)));
  }
  out += line_from(zero_x, plot.top, zero_x, plot.bottom(), kZeroPaint);
}

void draw_zero_line_across(std::string& out, const Picture& picture) {
  const Tenths y = picture.plot.bottom() - offset_along(picture.scale, 0, picture.plot.height);
  out += line_from(picture.plot.left, y, picture.plot.left + picture.plot.width, y, kZeroPaint);
}

const char* kind_words(ChartKind kind) {
  constexpr const char* kWords[] = {"Line chart", "Column chart", "Bar chart", "Tornado chart"};
  return kWords[static_cast<std::size_t>(kind)];
}

// What the chart shows, in words, for a screen reader (the SVG's <desc>).
std::string description(const Chart& chart, const Table& table, const Figures& figures) {
  std::vector<std::string> names;
  for (const Series& series : figures.series) names.push_back(series.name);
  std::string out = std::string(kind_words(chart.kind)) + " of " + joined(names) + " by " +
                    table.columns[chart.category_column].heading + ", from the table \u201c" + table.caption + "\u201d";
  if (figures.lowest_shown.empty()) return out + ": it has no figures to draw.";
  out += ": " + std::to_string(figures.categories.size()) + (figures.categories.size() == 1 ? " row" : " rows") +
         ", figures from " + figures.lowest_shown + " to " + figures.highest_shown + ".";
  if (figures.rows_to_draw > figures.categories.size())
    out += " The first " + std::to_string(figures.categories.size()) + " of " + std::to_string(figures.rows_to_draw) +
           " rows are drawn.";
  return out;
}

std::string draw_svg(const Chart& chart, const Table& table, const Figures& figures, std::size_t ordinal) {
  Picture picture{
      chart, figures, scale_of(figures, chart.kind == ChartKind::line), {}, "pb-chart" + std::to_string(ordinal)};
  const bool across = chart.kind == ChartKind::bar || chart.kind == ChartKind::tornado;
  std::string legend;
  picture.plot.top = draw_legend(legend, picture, 60) + 100;
  const bool axis_caption = !chart.y_axis.empty() && chart.y_axis != "\u00a3";
  if (axis_caption && !across) picture.plot.top += 160;
  const auto rows = static_cast<Tenths>(std::max<std::size_t>(figures.categories.size(), 1));
  const Tenths band = chart.kind == ChartKind::tornado
                          ? 320
                          : std::max<Tenths>(320, 100 + 150 * static_cast<Tenths>(figures.series.size()));
  Tenths height = 0;
  if (across) {
    std::size_t longest = 4;
    for (const std::string& category : figures.categories) longest = std::max(longest, code_points(category));
    const Tenths labels = std::min<Tenths>(static_cast<Tenths>(std::min(longest, kMaxLabelChars)) * kCharWidth, 2600);
    picture.plot.left = kEdge + labels + 100;
    picture.plot.width = kWidth - kEdge - 300 - picture.plot.left;
    picture.plot.height = band * rows;
    height = picture.plot.bottom() + 260 + (axis_caption ? 160 : 0);
  } else {
    std::size_t widest = 1;
    for (const Ratio& tick : ticks_of(picture.scale))
      widest = std::max(widest, code_points(tick_label(figures.kind, tick, picture.scale)));
    picture.plot.left = kEdge + static_cast<Tenths>(widest) * kCharWidth + 100;
    picture.plot.width = kWidth - kEdge - picture.plot.left;
    picture.plot.height = kPlotHeight;
    height = picture.plot.bottom() + 300;
  }
  std::string out = "<svg role=\"img\" aria-labelledby=\"" + picture.id + "-title " + picture.id +
                    "-desc\" viewBox=\"0 0 " + at(kWidth) + " " + at(height) + "\" width=\"" + at(kWidth) +
                    "\" height=\"" + at(height) + "\" font-size=\"12\">";
  out += "<title id=\"" + picture.id + "-title\">" + escape_html(chart.title) + "</title>";
  out += "<desc id=\"" + picture.id + "-desc\">" + escape_html(description(chart, table, figures)) + "</desc>";
  out += stripes_defs(picture);
  draw_value_axis(out, picture, across);
  if (figures.categories.empty()) {
    out += text_at(picture.plot.left + picture.plot.width / 2, picture.plot.top + picture.plot.height / 2, "middle",
                   "No rows to draw");
  } else if (across) {
    draw_bars(out, picture, band);
  } else {
    if (chart.kind == ChartKind::column) draw_columns(out, picture);
    if (picture.scale.low <= 0 && picture.scale.high >= 0) draw_zero_line_across(out, picture);
    if (chart.kind == ChartKind::line) draw_lines(out, picture);
    draw_categories_below(out, picture);
  }
  if (axis_caption) {
    const Tenths y = across ? height - 60 : picture.plot.top - 100;
    out += text_at(across ? picture.plot.left + picture.plot.width / 2 : kEdge, y, across ? "middle" : "start",
                   chart.y_axis);
  }
  out += legend + "</svg>";
  return out;
}

// Why the chart cannot be drawn from its table, in words; empty if it can.
std::string unusable(const Chart& chart, const Table* table) {
  if (table == nullptr) return "This chart cannot be drawn: the document has no table \u201c" + chart.table + "\u201d.";
  if (chart.series_columns.empty()) return "This chart cannot be drawn: it names no columns of figures.";
  std::vector<std::size_t> columns = chart.series_columns;
  columns.push_back(chart.category_column);
  for (const std::size_t column : columns)
    if (column >= table->columns.size())
      return "This chart cannot be drawn: the table \u201c" + table->caption + "\u201d has no column " +
             std::to_string(column + 1) + ".";
  return {};
}

}  // namespace

std::string chart_figure(const Chart& chart, const Table* table, std::size_t ordinal) {
  std::string out = "<figure class=\"chart\" id=\"chart-" + escape_html(chart.id) + "\">\n<figcaption>" +
                    escape_html(chart.title) + "</figcaption>\n";
  if (const std::string problem = unusable(chart, table); !problem.empty())
    return out + "<p class=\"note\">" + escape_html(problem) + "</p>\n</figure>\n";
  const Figures figures = gather(chart, *table);
  out += draw_svg(chart, *table, figures, ordinal) + "\n";
  if (figures.rows_to_draw > figures.categories.size())
    out += "<p class=\"note\">The first " + std::to_string(figures.categories.size()) + " of " +
           std::to_string(figures.rows_to_draw) + " rows are drawn; the table has them all.</p>\n";
  return out + "</figure>\n";
}

}  // namespace poolbook::reports::internal
