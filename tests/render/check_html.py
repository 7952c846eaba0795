#!/usr/bin/env python3
"""Checks an HTML report the way a board member gets it: as a file, read back, and in a browser.

    check_html.py FILE [EXPECT.json] [--png OUT.png] [--pdf OUT.pdf] [--no-browser]

1. Static: <!doctype html>, lang, <meta charset="utf-8">, a <title>; no <script>, no
   frame, object, embed, link or base; no src attribute; every href an #anchor of the page;
   no http:// or https:// in an attribute or the style sheet, no url() but url(#...), no
   @import; every table with a <caption>, <th scope="col"> headings and each body row's first
   cell a <th scope="row">; every <svg> role="img" with a <title> and a <desc>; every section
   linked from the contents.
2. Tables read back with html.parser as rows of cell text (the figures as displayed) and
   compared with EXPECT.json exactly.
3. The page opened in Debian's chromium: a screenshot (PNG) and a print to PDF, written
   next to FILE (FILE.png, FILE.pdf) unless given; both must be made, the PNG a PNG, the PDF
   A4 with at least as many pages as expected (pdfinfo), every figure of the expected tables
   printed inside the page (pdftotext: nothing cut off at the page's edge), and nothing on
   the page's console (no "CONSOLE" or "Uncaught" line in chromium's log).
4. Exit 0 if all is well; otherwise each difference is printed and the exit status is 1.

EXPECT.json (every key optional):
    {
      "title": "the <title> text",
      "sections": ["income", "spend"],                 # the sections' ids, in order
      "tables": {"<caption>": [["Partner", "Owed"], ["County", "£1.00"]]},  # with the heading row
      "cells": [{"table": "<caption>", "row": "County", "column": "Owed",
                 "text": "£1.00", "classes": ["money"]}],  # row/column: heading text or 0-based index
      "charts": ["<svg title>", ...],                 # or a number of charts
      "text": ["a phrase the page must show"],
      "min_pages": 3, "max_pages": 9                  # min_pages defaults to the number of sections
    }
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

A4_POINTS = (595.28, 841.89)
A4_TOLERANCE_POINTS = 2.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_TAGS = {"script", "iframe", "frame", "object", "embed", "link", "base", "applet"}


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


class Page(html.parser.HTMLParser):
    """The page read back: its tables, sections, links, charts and text, and what is wrong."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.title = None
        self.lang = None
        self.charset = None
        self.ids = []
        self.hrefs = []
        self.sections = []
        self.tables = []
        self.svgs = []
        self.text = []
        self._stack = []
        self._table = None
        self._row = None
        self._cell = None
        self._caption = None
        self._title = None
        self._svg = None
        self._svg_child = None
        self._style = None
        self.styles = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> found: the page must be one file with no script")
        for name, value in attrs:
            value = value or ""
            if name == "src" or name == "srcset":
                self.problems.append(f"<{tag} {name}={value!r}>: the page must fetch nothing")
            if name in ("href", "xlink:href"):
                self.hrefs.append(value)
                if not value.startswith("#"):
                    self.problems.append(f"<{tag} {name}={value!r}>: only links to the page's own #anchors")
            if re.search(r"https?:|//", value) and name not in ("content",):
                self.problems.append(f"<{tag} {name}={value!r}>: an address where none belongs")
            if name == "style" and re.search(r"url\(\s*['\"]?(?!#)", value):
                self.problems.append(f"<{tag} style={value!r}>: url() that is not an #anchor")
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "meta" and "charset" in attributes:
            self.charset = attributes["charset"]
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>: the page must not go anywhere")
        elif tag == "style":
            self._style = []
        elif tag == "section":
            self.sections.append(attributes.get("id"))
        elif tag == "svg":
            self._svg = {"role": attributes.get("role"), "title": None, "desc": None}
            self.svgs.append(self._svg)
        elif self._svg is not None and tag in ("title", "desc") and self._stack and self._stack[-1] == "svg":
            self._svg_child = (tag, [])
        elif tag == "title" and self._svg is None:
            self._title = []
        elif tag == "table":
            self._table = {"caption": None, "rows": [], "sections": []}
            self.tables.append(self._table)
        elif tag == "caption" and self._table is not None:
            self._caption = []
        elif tag in ("thead", "tbody", "tfoot") and self._table is not None:
            self._table["part"] = tag
        elif tag == "tr" and self._table is not None:
            self._row = {"part": self._table.get("part", "tbody"), "cells": [], "classes": classes_of(attributes)}
            self._table["rows"].append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._cell = {"tag": tag, "scope": attributes.get("scope"), "classes": classes_of(attributes), "text": []}
            self._row["cells"].append(self._cell)
        if tag not in VOID_TAGS:
            self._stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None
        elif tag in ("title", "desc") and self._svg_child is not None and self._svg_child[0] == tag:
            self._svg[tag] = squash("".join(self._svg_child[1]))
            self._svg_child = None
        elif tag == "title" and self._title is not None:
            self.title = squash("".join(self._title))
            self._title = None
        elif tag == "svg":
            self._svg = None
        elif tag == "caption" and self._caption is not None:
            self._table["caption"] = squash("".join(self._caption))
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._cell["text"] = squash("".join(self._cell["text"]))
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        for collector in (self._style, self._title, self._caption):
            if collector is not None:
                collector.append(data)
        if self._svg_child is not None:
            self._svg_child[1].append(data)
        if self._cell is not None:
            self._cell["text"].append(data)
        if self._style is None and self._title is None:
            self.text.append(data)


VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def classes_of(attributes):
    return (attributes.get("class") or "").split()


def static_problems(raw, page):
    problems = list(page.problems)
    if not re.match(r"\s*<!doctype html>", raw, re.IGNORECASE):
        problems.append("the page does not start with <!doctype html>")
    if re.search(r"<\s*script", raw, re.IGNORECASE):
        problems.append("the page has a <script")
    if page.lang != "en-GB":
        problems.append(f'<html lang="{page.lang}">: expected lang="en-GB"')
    if (page.charset or "").lower() != "utf-8":
        problems.append(f"<meta charset> is {page.charset!r}: expected utf-8")
    if not page.title:
        problems.append("the page has no <title>")
    for style in page.styles:
        if re.search(r"https?:|@import", style, re.IGNORECASE):
            problems.append("the style sheet fetches something (http:, https: or @import)")
        if re.search(r"url\(\s*['\"]?(?!#)", style):
            problems.append("the style sheet has a url() that is not an #anchor")
    for href in page.hrefs:
        if href.startswith("#") and href[1:] not in page.ids:
            problems.append(f"the link {href} goes to no element of the page")
    for section in page.sections:
        if not section:
            problems.append("a <section> has no id")
        elif "#" + section not in page.hrefs:
            problems.append(f"the section {section} is not in the contents")
    for number, table in enumerate(page.tables, 1):
        problems.extend(table_problems(number, table))
    for number, svg in enumerate(page.svgs, 1):
        if svg["role"] != "img":
            problems.append(f'chart {number}: <svg> without role="img"')
        if not svg["title"] or not svg["desc"]:
            problems.append(f"chart {number}: <svg> without a <title> and a <desc>")
    return problems


def table_problems(number, table):
    name = f"table {number} ({table['caption']!r})"
    problems = []
    if not table["caption"]:
        problems.append(f"table {number} has no <caption>")
    heads = [row for row in table["rows"] if row["part"] == "thead"]
    if not heads:
        problems.append(f"{name} has no <thead>")
    for row in heads:
        for cell in row["cells"]:
            if cell["tag"] != "th" or cell["scope"] != "col":
                problems.append(f'{name}: heading {cell["text"]!r} is not <th scope="col">')
    for row in table["rows"]:
        if row["part"] == "thead" or not row["cells"]:
            continue
        first = row["cells"][0]
        if first["tag"] != "th" or first["scope"] != "row":
            problems.append(f'{name}: the row {first["text"]!r} does not start with <th scope="row">')
    return problems


def table_text(table):
    return [[cell["text"] for cell in row["cells"]] for row in table["rows"]]


def find_table(page, caption):
    for table in page.tables:
        if table["caption"] == caption:
            return table
    return None


def expectation_problems(page, expect):
    problems = []
    if "title" in expect and page.title != expect["title"]:
        problems.append(f"title: {page.title!r}, expected {expect['title']!r}")
    if "sections" in expect and page.sections != expect["sections"]:
        problems.append(f"sections: {page.sections}, expected {expect['sections']}")
    for caption, rows in expect.get("tables", {}).items():
        table = find_table(page, caption)
        if table is None:
            problems.append(f"no table has the caption {caption!r} (captions: {[t['caption'] for t in page.tables]})")
            continue
        got = table_text(table)
        if got != rows:
            problems.append(f"table {caption!r} differs:")
            for index in range(max(len(got), len(rows))):
                have = got[index] if index < len(got) else "(no row)"
                want = rows[index] if index < len(rows) else "(no row)"
                if have != want:
                    problems.append(f"  row {index}: {have}\n     expected {want}")
    for expected in expect.get("cells", []):
        problems.extend(cell_problems(page, expected))
    titles = [svg["title"] for svg in page.svgs]
    charts = expect.get("charts")
    if isinstance(charts, int) and len(titles) != charts:
        problems.append(f"{len(titles)} charts, expected {charts}")
    elif isinstance(charts, list) and titles != charts:
        problems.append(f"charts: {titles}, expected {charts}")
    shown = squash(" ".join(page.text))
    for phrase in expect.get("text", []):
        if squash(phrase) not in shown:
            problems.append(f"the page does not show {phrase!r}")
    return problems


def cell_problems(page, expected):
    where = f"cell {expected.get('table')!r} / {expected.get('row')!r} / {expected.get('column')!r}"
    table = find_table(page, expected.get("table"))
    if table is None:
        return [f"{where}: no such table"]
    heads = [row for row in table["rows"] if row["part"] == "thead"]
    body = [row for row in table["rows"] if row["part"] != "thead"]
    column = expected.get("column")
    if isinstance(column, str):
        headings = [cell["text"] for cell in heads[-1]["cells"]] if heads else []
        if column not in headings:
            return [f"{where}: no column headed {column!r} (headings: {headings})"]
        column = headings.index(column)
    row = expected.get("row")
    if isinstance(row, str):
        matches = [r for r in body if r["cells"] and r["cells"][0]["text"] == row]
        if not matches:
            return [f"{where}: no row headed {row!r}"]
        row = matches[0]
    elif isinstance(row, int) and 0 <= row < len(body):
        row = body[row]
    else:
        return [f"{where}: no such row"]
    if not isinstance(column, int) or not 0 <= column < len(row["cells"]):
        return [f"{where}: no such column"]
    cell = row["cells"][column]
    problems = []
    if "text" in expected and cell["text"] != expected["text"]:
        problems.append(f"{where}: {cell['text']!r}, expected {expected['text']!r}")
    for name in expected.get("classes", []):
        if name not in cell["classes"] and name not in row["classes"]:
            problems.append(f"{where}: classes {cell['classes']} (row {row['classes']}) lack {name!r}")
    return problems


def run_chromium(chromium, url, output_flags, timeout_seconds):
    """Runs headless chromium with a fresh profile; returns (exit status, its log)."""
    profile = tempfile.mkdtemp(prefix="check-html-chromium-")
    command = ["timeout", str(timeout_seconds), chromium, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0"] + output_flags + [url]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        return done.returncode, done.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_problems(log):
    """Lines where the page itself said something on its console (chromium's own dbus and
    GPU noise is not the page's)."""
    return [f"console: {line.strip()}" for line in log.splitlines() if re.search(r"CONSOLE[(:]|Uncaught", line)]


def browser_problems(args, page, expect):
    chromium = shutil.which(args.chromium)
    if chromium is None:
        return [f"{args.chromium} is not installed (Debian: apt-get install chromium)"]
    problems = []
    url = "file://" + os.path.abspath(args.file)
    base = os.path.splitext(os.path.abspath(args.file))[0]
    png = args.png or base + ".png"
    pdf = args.pdf or base + ".pdf"
    for path in (png, pdf):
        if os.path.exists(path):
            os.remove(path)
    status, log = run_chromium(chromium, url, [f"--screenshot={png}", f"--window-size={args.window_size}"],
                               args.timeout)
    problems += console_problems(log)
    problems += png_problems(png, status, log)
    # --no-pdf-header-footer is today's flag; chromium before 120 knew it as
    # --print-to-pdf-no-header. Each ignores the other's.
    status, log = run_chromium(chromium, url, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                                               "--print-to-pdf-no-header"], args.timeout)
    problems += console_problems(log)
    problems += pdf_problems(pdf, status, log, page, expect)
    return problems


def png_problems(png, status, log):
    if not os.path.exists(png) or os.path.getsize(png) == 0:
        return [f"no screenshot was made (chromium exit {status}):\n{log[-2000:]}"]
    with open(png, "rb") as file:
        head = file.read(24)
    if not head.startswith(PNG_SIGNATURE):
        return [f"{png} is not a PNG"]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    print(f"screenshot: {png} ({width} x {height})")
    return []


def pdf_problems(pdf, status, log, page, expect):
    if not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
        return [f"no PDF was printed (chromium exit {status}):\n{log[-2000:]}"]
    if shutil.which("pdfinfo") is None:
        return ["pdfinfo is not installed (Debian: apt-get install poppler-utils)"]
    info = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    if not pages or not size:
        return [f"pdfinfo cannot read {pdf}:\n{info}"]
    problems = []
    count = int(pages.group(1))
    width, height = float(size.group(1)), float(size.group(2))
    print(f"PDF: {pdf} ({count} pages of {width} x {height} pts)")
    if abs(width - A4_POINTS[0]) > A4_TOLERANCE_POINTS or abs(height - A4_POINTS[1]) > A4_TOLERANCE_POINTS:
        problems.append(f"the PDF's pages are {width} x {height} pts, not A4 {A4_POINTS[0]} x {A4_POINTS[1]}")
    least = expect.get("min_pages", max(len(page.sections), 1))
    if count < least:
        problems.append(f"the PDF has {count} pages, expected at least {least}")
    if "max_pages" in expect and count > expect["max_pages"]:
        problems.append(f"the PDF has {count} pages, expected at most {expect['max_pages']}")
    return problems + printed_figure_problems(pdf, page, expect)


def printed_figure_problems(pdf, page, expect):
    """Every figure of the expected tables (every table's, with no expectation) is printed
    inside the page: pdftotext leaves out what falls beyond the paper's edge."""
    if shutil.which("pdftotext") is None:
        return ["pdftotext is not installed (Debian: apt-get install poppler-utils)"]
    printed = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE, text=True,
                             errors="replace").stdout
    printed = re.sub(r"\s+", "", printed)
    if "tables" in expect:
        cells = [cell for rows in expect["tables"].values() for row in rows for cell in row]
    else:
        cells = [cell for table in page.tables for row in table_text(table) for cell in row]
    # A figure (a sum, a number, a percentage, a date) is one word that cannot wrap; a text cell
    # may wrap, and pdftotext then interleaves it with the next column, so only figures count.
    figure = re.compile(r"^\(?-?£?[\d,]+(\.\d+)?%?\)?$|^\d{4}-\d{2}-\d{2}$")
    missing = [cell for cell in cells if figure.match(cell.strip()) and re.sub(r"\s+", "", cell) not in printed]
    if missing:
        return [f"figures not printed on the PDF's pages (cut off at the edge?): {missing[:20]}"]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("expect", nargs="?")
    parser.add_argument("--png", help="where to write the screenshot (default: next to FILE)")
    parser.add_argument("--pdf", help="where to write the printed PDF (default: next to FILE)")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--window-size", default="1280,2000")
    parser.add_argument("--timeout", type=int, default=60, help="seconds for each chromium run")
    parser.add_argument("--no-browser", action="store_true", help="static and table checks only")
    args = parser.parse_args()

    try:
        with open(args.file, "rb") as file:
            raw = file.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file}: cannot be read as UTF-8: {error}")
        return 1
    expect = {}
    if args.expect:
        with open(args.expect, encoding="utf-8") as file:
            expect = json.load(file)
    page = Page()
    page.feed(raw)
    page.close()

    problems = static_problems(raw, page) + expectation_problems(page, expect)
    print(f"{args.file}: {len(page.sections)} sections, {len(page.tables)} tables, {len(page.svgs)} charts")
    if not args.no_browser:
        problems += browser_problems(args, page, expect)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        return 1
    print("ok: the page is self-contained, its tables read back as expected, and chromium shows and prints it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
