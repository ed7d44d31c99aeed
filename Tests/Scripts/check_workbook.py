"""Reads perfaudit.xlsx back with openpyxl and checks it against the run's CSV reports.

usage: check_workbook.py SPEC.json   (written by DeliverablesTests: the workbook, the CSV folder,
the CSV encoding, the overview's name and labels, and per report its sheet, header and column kinds)
Prints OK, or the first mismatch and exits 1.
"""
import csv
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def csv_rows(path, encoding):
    with open(path, encoding="utf-8-sig" if encoding != "gb18030" else "gb18030", newline="") as handle:
        return list(csv.reader(handle))


def expected_text(cell):
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def check_cell(where, cell, value, kind, limit):
    if value == "":
        if cell.value is not None:
            fail(f"{where}: expected an empty cell, found {cell.value!r}")
        return
    if kind == "text":
        if cell.data_type != "s":
            fail(f"{where}: {value!r} must be text, is {cell.data_type} {cell.value!r}")
        text = expected_text(value)
        if utf16_length(text) > limit:
            if utf16_length(cell.value) > 32767 or not text.startswith(cell.value[:100]) or "csv" not in cell.value[-40:]:
                fail(f"{where}: a {utf16_length(text)}-unit cell must be cut below 32,767 with a note")
            return
        if cell.value != text:
            fail(f"{where}: text {cell.value!r} != CSV {value!r}")
        return
    number = float(value) / (100 if kind == "percentPoints" else 1)
    if cell.data_type != "n" or abs(cell.value - number) > 1e-9:
        fail(f"{where}: expected the number {number}, found {cell.data_type} {cell.value!r}")
    wanted = {"integer": "0", "score": "0.00", "percentPoints": "0.00%", "amount": "#,##0.00"}[kind]
    if cell.number_format != wanted:
        fail(f"{where}: number format {cell.number_format!r}, expected {wanted!r}")


def check_report(book, spec, report):
    rows = csv_rows(f"{spec['folder']}/{report['file']}", spec["encoding"])
    header, data = rows[0], rows[1:]
    if report.get("filtered"):
        # Only the rows whose deviation cell is yes (是 under Chinese headers): the workbook's fallback past its sheets.
        data = [row for row in data if row[report["keepColumn"]] in ("yes", "是")]
    if header != report["header"]:
        fail(f"{report['file']}: CSV header {header} is not {report['header']}")
    sheets = [name for name in book.sheetnames if name == report["sheet"] or
              (name.startswith(report["sheet"]) and name[len(report["sheet"]):].strip().isdigit())]
    if not sheets:
        fail(f"no sheet {report['sheet']} in {book.sheetnames}")
    written = 0
    for name in sheets:
        sheet = book[name]
        if [cell.value for cell in sheet[1]] != header:
            fail(f"{name}: header {[cell.value for cell in sheet[1]]} is not {header}")
        if sheet.freeze_panes != "A2":
            fail(f"{name}: frozen panes {sheet.freeze_panes!r}, expected A2")
        last = f"A1:{get_column_letter(len(header))}{sheet.max_row}"
        if sheet.auto_filter.ref != last:
            fail(f"{name}: autofilter {sheet.auto_filter.ref!r}, expected {last}")
        for row_index, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
            source = data[written]
            written += 1
            for column, kind in enumerate(report["kinds"]):
                value = source[column] if column < len(source) else ""
                check_cell(f"{name}!{get_column_letter(column + 1)}{row_index}", cells[column], value, kind,
                           spec["cellLimit"])
    if written != len(data):
        fail(f"{report['sheet']}: {written} rows, {report['file']} has {len(data)}")
    if report.get("highlighted") and data:
        rules = sum(len(formatting.rules) for formatting in book[sheets[0]].conditional_formatting)
        if rules < report["highlighted"]:
            fail(f"{sheets[0]}: {rules} conditional formats, expected {report['highlighted']}")
    return len(data)


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    book = openpyxl.load_workbook(spec["workbook"])
    if book.sheetnames[0] != spec["overview"]:
        fail(f"the first sheet is {book.sheetnames[0]}, expected {spec['overview']}")
    counts = {}
    for report in spec["reports"]:
        counts[report["file"]] = check_report(book, spec, report)
    overview = book[spec["overview"]]
    labels = {row[0]: row[1] for row in overview.iter_rows(values_only=True) if row and row[0] is not None}
    for label, file in spec["overviewCounts"].items():
        if labels.get(label) != counts[file]:
            fail(f"overview {label} = {labels.get(label)!r}, {file} has {counts[file]} rows")
    if len(overview._charts) != spec["charts"]:
        fail(f"overview has {len(overview._charts)} charts, expected {spec['charts']}")
    for note in spec.get("notes", []):
        if not any(isinstance(value, str) and note in value for value in labels):
            fail(f"the overview says nothing with {note!r}: {list(labels)}")
    print("OK " + " ".join(f"{file}={count}" for file, count in counts.items()))


main()
