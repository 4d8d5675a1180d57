#!/usr/bin/env python3
"""An independent check of `transit summary --format json` on the publisher's FIW sheet: reads
the sheet with Python's csv module, works out the edition's year over year itself (each
country's previous row is its latest earlier edition in the sheet), and compares with the
figures transit wrote. Prints one line per disagreement and exits 1, or prints a line of counts.

Usage: check_summary.py SHEET.csv SUMMARY.json EDITION"""
import csv
import json
import sys

sheet, summary, edition = sys.argv[1], sys.argv[2], int(sys.argv[3])
STATUS = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}
RANK = {"Not Free": 0, "Partly Free": 1, "Free": 2}
INDICATORS = [c + str(k) for c, n in zip("ABCDEFG", [3, 4, 3, 4, 3, 4, 4]) for k in range(1, n + 1)]

rows = {}
with open(sheet, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rows.setdefault(r["Country/Territory"], {})[int(r["Edition"])] = r

data = json.load(open(summary, encoding="utf-8"))["data"]
problems = []
moves, new, missing = {}, [], {}
items = {}
for country, editions in rows.items():
    if edition not in editions:
        earlier = [e for e in editions if e < edition]
        missing[country] = max(earlier) if earlier else None
        continue
    earlier = [e for e in editions if e < edition]
    if not earlier:
        new.append(country)
        continue
    before, now = editions[max(earlier)], editions[edition]
    change = int(now["Total"]) - int(before["Total"])
    moves[country] = (int(before["Total"]), int(now["Total"]), change, STATUS[before["Status"]], STATUS[now["Status"]], max(earlier))
    for code in INDICATORS:
        a, b = before.get(code, ""), now.get(code, "")
        if a.strip() and b.strip() and a != b:
            t = items.setdefault(code, [0, 0, 0])
            t[0 if int(b) > int(a) else 1] += 1
            t[2] += int(b) - int(a)


def check(what, mine, theirs):
    if mine != theirs:
        problems.append(f"{what}: the sheet says {mine!r}, transit {theirs!r}")


check("compared", sorted(moves), sorted(m["subject"] for m in data["compared"]))
check("improved", sorted(c for c, m in moves.items() if m[2] > 0), sorted(m["subject"] for m in data["improved"]))
check("declined", sorted(c for c, m in moves.items() if m[2] < 0), sorted(m["subject"] for m in data["declined"]))
check("held", sorted(c for c, m in moves.items() if m[2] == 0), sorted(m["subject"] for m in data["held"]))
check("new", sorted(new), sorted(data["new"]))
check("missing", sorted(missing.items(), key=str), sorted(((a["subject"], a.get("last_edition")) for a in data["missing"]), key=str))
for m in data["compared"]:
    a, b, change, s0, s1, prev = moves[m["subject"]]
    check(f"{m['subject']}", (a, b, change, s0, s1, prev), (m["from"], m["to"], m["change"], m["band_from"], m["band_to"], m["previous_edition"]))
check("status changes", sorted((c, m[3], m[4], RANK[m[4]] > RANK[m[3]]) for c, m in moves.items() if m[3] != m[4]),
      sorted((m["subject"], m["band_from"], m["band_to"], m["band_better"]) for m in data["band_changes"]))
largest = sorted(moves.items(), key=lambda cm: (-abs(cm[1][2]), cm[0]))
check("largest", [c for c, m in largest if m[2] != 0][:len(data["largest"])], [m["subject"] for m in data["largest"]])
check("items", sorted((k, v[0], v[1], v[2]) for k, v in items.items()), sorted((i["item"], i["up"], i["down"], i["net"]) for i in data["items"]))
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{edition}: {len(moves)} compared, {sum(m[2] > 0 for m in moves.values())} improved, {sum(m[2] < 0 for m in moves.values())} declined, "
      f"{sum(m[3] != m[4] for m in moves.values())} status changes, {len(items)} indicators moved, {len(new)} new, {len(missing)} missing")
