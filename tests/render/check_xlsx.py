#!/usr/bin/python3
"""Checks a workbook written by poolbook against an expectation, reading it the way a real
reader does (openpyxl's load_workbook, Debian's python3-openpyxl).

    check_xlsx.py FILE.xlsx EXPECT.json

Prints each difference and exits 1 if there is any; exits 0 with "FILE: as expected" if there
is none; exits 2 when the workbook or the expectation cannot be read.

The expectation is a JSON object. Every key is optional; a key not listed here is refused, so
a misspelt check cannot pass by being ignored. SHEET is a sheet's name, REF a cell ("B9"),
and "*" in place of a sheet's name (in "print") means every sheet.

  "sheets":     ["Income", "Notes"]        the sheets' names, all of them, in order
  "cells":      {SHEET: {REF: VALUE}}      each cell's value, by the JSON type of VALUE:
                   a number     the cell holds a number (never text), equal within 0.005
                   a string     the cell holds exactly this text
                   null         the cell is empty
                   {"date": "2025-09-30"}  the cell holds an Excel date (read as a date, not
                                text or a bare number) on that day
  "formats":    {SHEET: {REF: "0.0%"}}     each cell's number format, exactly
  "bold":       {SHEET: {REF: true}}       whether each cell's font is bold
  "freeze":     {SHEET: "A9"}              the top-left cell of the scrolling pane (null: no
                                           frozen panes)
  "chart_count": {SHEET: 2}                how many charts the sheet holds
  "charts":     {SHEET: [CHART, ...]}      the sheet's charts in order, each an object of
                                           optional keys:
                   "type": "line" | "column" | "bar"   (a tornado is a bar chart)
                   "title": "Spend by month"
                   "overlap": 100                      the series' overlap (bar and column)
                   "series": [{"name": "'Income'!$B$8",
                               "categories": "'Income'!$A$9:$A$12",
                               "values": "'Income'!$B$9:$B$12"}, ...]
                               the cells each series is drawn from, as the file writes them
  "print":      {SHEET or "*": {KEY: VALUE}}  page setup; KEYs:
                   "orientation": "landscape"     "paper_size": 9 (A4)
                   "fit_to_width": 1              "fit_to_height": 0 (as many as needed)
                   (null: not fitted to pages)
                   "print_area": "A1:F40"         "title_rows": "8:8"
                   "header": "&CTitle"            "footer": "&CPage &P of &N"  (as written)
  "properties": {"title": "...", "created": "2025-09-30T00:00:00"}  the document properties

Example:
  {"sheets": ["Income"], "cells": {"Income": {"A1": "Income by partner", "B9": -12.5}},
   "formats": {"Income": {"B9": "£#,##0.00;(£#,##0.00)"}}, "freeze": {"Income": "A9"},
   "chart_count": {"Income": 1}, "print": {"*": {"orientation": "landscape", "paper_size": 9}}}
"""
import datetime
import json
import sys

import openpyxl

TOLERANCE = 0.005  # half a penny: a figure is the exact decimal, read back as a double

KNOWN_KEYS = {"sheets", "cells", "formats", "bold", "freeze", "chart_count", "charts", "print",
              "properties"}
CHART_TYPES = {"lineChart": "line", "barChart": None}  # a barChart is a "bar" or a "column"


def show(value):
    return json.dumps(value, ensure_ascii=False, default=str)


def sheet_of(workbook, name, problems, check):
    if name not in workbook.sheetnames:
        problems.append(f"{check}: there is no sheet {show(name)} (the sheets are {show(workbook.sheetnames)})")
        return None
    return workbook[name]


def check_value(where, cell, expected, problems):
    actual = cell.value
    if expected is None:
        if actual is not None:
            problems.append(f"{where}: expected an empty cell, found {show(actual)}")
    elif isinstance(expected, bool):
        problems.append(f"{where}: a true/false expectation is not supported")
    elif isinstance(expected, (int, float)):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            problems.append(f"{where}: expected the number {expected}, found {type(actual).__name__} {show(actual)}")
        elif abs(actual - expected) > TOLERANCE:
            problems.append(f"{where}: expected {expected}, found {actual}")
    elif isinstance(expected, str):
        if actual != expected:
            problems.append(f"{where}: expected the text {show(expected)}, found {show(actual)}")
    elif isinstance(expected, dict) and set(expected) == {"date"}:
        wanted = datetime.date.fromisoformat(expected["date"])
        if not isinstance(actual, datetime.datetime) or actual.date() != wanted or actual.time() != datetime.time():
            problems.append(f"{where}: expected the date {wanted}, found {type(actual).__name__} {show(actual)}"
                            f" (format {show(cell.number_format)})")
    else:
        problems.append(f"{where}: cannot read the expectation {show(expected)}")


def check_cells(workbook, expectation, problems):
    for name, cells in expectation.get("cells", {}).items():
        sheet = sheet_of(workbook, name, problems, "cells")
        for ref, expected in (cells.items() if sheet else []):
            check_value(f"{name}!{ref}", sheet[ref], expected, problems)
    for name, cells in expectation.get("formats", {}).items():
        sheet = sheet_of(workbook, name, problems, "formats")
        for ref, expected in (cells.items() if sheet else []):
            if sheet[ref].number_format != expected:
                problems.append(f"{name}!{ref}: expected the number format {show(expected)}, "
                                f"found {show(sheet[ref].number_format)}")
    for name, cells in expectation.get("bold", {}).items():
        sheet = sheet_of(workbook, name, problems, "bold")
        for ref, expected in (cells.items() if sheet else []):
            if bool(sheet[ref].font.b) != expected:
                problems.append(f"{name}!{ref}: expected {'bold' if expected else 'not bold'}, found the opposite")


def chart_type(chart):
    kind = CHART_TYPES.get(chart.tagname, chart.tagname)
    if chart.tagname == "barChart":
        kind = "bar" if chart.type == "bar" else "column"
    return kind


def chart_title(chart):
    try:
        return "".join(run.t for paragraph in chart.title.tx.rich.p for run in (paragraph.r or []))
    except AttributeError:
        return None


def reference(data):
    """The formula a series' name, categories or values point at, whatever its kind."""
    if data is None:
        return None
    for kind in ("strRef", "numRef", "multiLvlStrRef"):
        ref = getattr(data, kind, None)
        if ref is not None:
            return ref.f
    return None


def check_chart(where, chart, expected, problems):
    if "type" in expected and chart_type(chart) != expected["type"]:
        problems.append(f"{where}: expected a {expected['type']} chart, found a {chart_type(chart)} chart")
    if "title" in expected and chart_title(chart) != expected["title"]:
        problems.append(f"{where}: expected the title {show(expected['title'])}, found {show(chart_title(chart))}")
    if "overlap" in expected and getattr(chart, "overlap", None) != expected["overlap"]:
        problems.append(f"{where}: expected an overlap of {expected['overlap']}, "
                        f"found {show(getattr(chart, 'overlap', None))}")
    if "series" in expected:
        if len(chart.series) != len(expected["series"]):
            problems.append(f"{where}: expected {len(expected['series'])} series, found {len(chart.series)}")
        for index, (series, wanted) in enumerate(zip(chart.series, expected["series"]), start=1):
            found = {"name": reference(series.tx), "categories": reference(series.cat),
                     "values": reference(series.val)}
            for key, value in wanted.items():
                if found.get(key) != value:
                    problems.append(f"{where}, series {index}: expected {key} {show(value)}, found {show(found.get(key))}")


def check_charts(workbook, expectation, problems):
    for name, count in expectation.get("chart_count", {}).items():
        sheet = sheet_of(workbook, name, problems, "chart_count")
        if sheet and len(sheet._charts) != count:
            problems.append(f"{name}: expected {count} charts, found {len(sheet._charts)}")
    for name, charts in expectation.get("charts", {}).items():
        sheet = sheet_of(workbook, name, problems, "charts")
        if not sheet:
            continue
        if len(sheet._charts) != len(charts):
            problems.append(f"{name}: expected {len(charts)} charts, found {len(sheet._charts)}")
        for index, (chart, expected) in enumerate(zip(sheet._charts, charts), start=1):
            check_chart(f"{name}, chart {index}", chart, expected, problems)


def fit_to(sheet, pages):
    """Pages wide or long the sheet is fitted to (0: as many as needed); None when it is not
    fitted but printed at a scale. A file leaves out 1, the default."""
    properties = sheet.sheet_properties.pageSetUpPr
    if properties is None or not properties.fitToPage:
        return None
    return 1 if pages is None else int(pages)


def print_settings(sheet):
    setup = sheet.page_setup
    area = sheet.print_area
    if isinstance(area, (list, tuple)):
        area = ",".join(area)
    if area and "!" in area:
        area = area.split("!", 1)[1]
    return {
        "orientation": setup.orientation,
        "paper_size": int(setup.paperSize) if setup.paperSize is not None else None,
        "fit_to_width": fit_to(sheet, setup.fitToWidth),
        "fit_to_height": fit_to(sheet, setup.fitToHeight),
        "print_area": area.replace("$", "") if area else None,
        "title_rows": sheet.print_title_rows.replace("$", "") if sheet.print_title_rows else None,
        "header": str(sheet.oddHeader.center.text or ""),
        "footer": str(sheet.oddFooter.center.text or ""),
    }


def check_print(workbook, expectation, problems):
    for name, wanted in expectation.get("print", {}).items():
        sheets = workbook.worksheets if name == "*" else [sheet_of(workbook, name, problems, "print")]
        for sheet in filter(None, sheets):
            found = print_settings(sheet)
            for key, value in wanted.items():
                if key not in found:
                    problems.append(f"print: unknown setting {show(key)} (known: {', '.join(found)})")
                elif found[key] != value:
                    problems.append(f"{sheet.title}: expected the print setting {key} {show(value)}, "
                                    f"found {show(found[key])}")


def check_workbook(workbook, expectation, problems):
    unknown = set(expectation) - KNOWN_KEYS
    if unknown:
        problems.append(f"the expectation has unknown keys {show(sorted(unknown))} (known: {', '.join(sorted(KNOWN_KEYS))})")
    if "sheets" in expectation and workbook.sheetnames != expectation["sheets"]:
        problems.append(f"expected the sheets {show(expectation['sheets'])}, found {show(workbook.sheetnames)}")
    check_cells(workbook, expectation, problems)
    for name, expected in expectation.get("freeze", {}).items():
        sheet = sheet_of(workbook, name, problems, "freeze")
        if sheet and sheet.freeze_panes != expected:
            problems.append(f"{name}: expected the panes frozen at {show(expected)}, found {show(sheet.freeze_panes)}")
    check_charts(workbook, expectation, problems)
    check_print(workbook, expectation, problems)
    for key, expected in expectation.get("properties", {}).items():
        found = getattr(workbook.properties, key, None)
        if isinstance(found, datetime.datetime):
            found = found.isoformat()
        if found != expected:
            problems.append(f"expected the document property {key} {show(expected)}, found {show(found)}")


def main(arguments):
    if len(arguments) != 3:
        print("usage: check_xlsx.py FILE.xlsx EXPECT.json", file=sys.stderr)
        return 2
    try:
        with open(arguments[2], encoding="utf-8") as expectation_file:
            expectation = json.load(expectation_file)
        workbook = openpyxl.load_workbook(arguments[1])
    except Exception as error:  # any reason the workbook or the expectation cannot be read
        print(f"cannot read: {error}", file=sys.stderr)
        return 2
    problems = []
    check_workbook(workbook, expectation, problems)
    for problem in problems:
        print(f"{arguments[1]}: {problem}")
    if problems:
        return 1
    print(f"{arguments[1]}: as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
