#!/usr/bin/env python3
"""Reads a workbook's first sheet with openpyxl, an outside reader, and prints it as CSV: each
cell as the spreadsheet shows it (a number with the decimals its number format prints: 3.5
under 0.00 is 3.50), empty cells empty, rows ended as NEWLINE says (lf or crlf).

    read_xlsx.py BOOK.xlsx [lf|crlf]
"""
import csv
import re
import sys

import openpyxl


def shown(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        m = re.fullmatch(r"0\.(0+)", cell.number_format or "")
        if m:
            return f"{v:.{len(m.group(1))}f}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return str(v)


book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
newline = "\r\n" if len(sys.argv) > 2 and sys.argv[2] == "crlf" else "\n"
out = csv.writer(sys.stdout, lineterminator=newline)
for row in sheet.iter_rows():
    out.writerow([shown(c) for c in row])
