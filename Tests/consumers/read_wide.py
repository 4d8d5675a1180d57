#!/usr/bin/env python3
"""Reads the publisher's historical ratings workbook with openpyxl, an outside reader, and
prints it in transit's long form (the fiw-ratings family's sheet): a row per country or
territory and edition rated, the countries' sheet first, then the territories', each in its
rows' order and, within a row, by edition; a cell's value split from what it prints after it
("2(5)": 2 and "(5)"). Written from the workbook's README, not from transit's code.

    read_wide.py BOOK.xlsx
"""
import csv
import re
import sys

import openpyxl

STATUS = {"F": "F", "PF": "PF", "NF": "NF"}


def split_number(v):
    s = str(v)
    m = re.match(r"(\d+)(.*)$", s)
    return (m.group(1), m.group(2)) if m else (s, "")


def split_status(v):
    s = str(v)
    for code in sorted(STATUS, key=len, reverse=True):
        if s.startswith(code):
            return code, s[len(code):]
    return s, ""


book = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["Country/Territory", "C/T", "Edition", "Edition as printed", "Years under review",
              "PR rating", "PR note", "CL rating", "CL note", "Status", "Status note"])
for name, mark in (("Country Ratings, Statuses ", "c"), ("Territory Ratings, Statuses", "t")):
    rows = list(book[name].iter_rows(values_only=True))
    labels, years = rows[0], rows[1]
    for row in rows[3:]:
        if not row[0]:
            continue
        for j in range(1, len(labels)):
            if labels[j] is None:
                continue
            pr, cl, st = row[j], row[j + 1], row[j + 2]
            if all(v in (None, "-") for v in (pr, cl, st)):
                continue
            label = str(labels[j])
            edition = re.search(r"\d{4}", label).group(0)
            p, pn = split_number(pr)
            c, cn = split_number(cl)
            s, sn = split_status(st)
            out.writerow([row[0], mark, edition, label, "" if years[j] is None else years[j], p, pn, c, cn, s, sn])
