#!/usr/bin/env python3
"""Writes the Freedom in the World sample pages of this folder: real figures from the publisher's
all-data sheet (the path is the first argument), prose of our own. Each page is in the canonical
layout of the family's schema (Schemas/fiw.schema.yaml); `make samples` then writes its YAML, XML
and JSON. Run: python3 Samples-FIW/make_fiw_samples.py ../shared/data/fiw-all-data-2013-2024.csv
"""
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parent / "Schemas" / "fiw.schema.yaml"

GROUPS = {
    "A1": ["PR Political Rights", "", "A Electoral Process"],
    "B1": ["B Political Pluralism and Participation"],
    "C1": ["C Functioning of Government"],
    "D1": ["CL Civil Liberties", "", "D Freedom of Expression and Belief"],
    "E1": ["E Associational and Organizational Rights"],
    "F1": ["F Rule of Law"],
    "G1": ["G Personal Autonomy and Individual Rights"],
}
TOPICS = {
    "A": "the last national elections", "B": "party competition", "C": "the government's accountability",
    "D": "free expression", "E": "associational life", "F": "the courts and the police", "G": "personal autonomy",
}
STATUS = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}
ADD_Q = ("Is the government or occupying power deliberately changing the ethnic composition of a country or territory so as "
         "to destroy a culture or tip the political balance in favor of another group?")
RANK = {"Not Free": 0, "Partly Free": 1, "Free": 2}


def questions():
    """The questions, from the schema's items (the wording of recent editions)."""
    out = {}
    for m in re.finditer(r'- \{name: ([A-G][1-4]), editions: "-", description: "(.*)"\}', SCHEMA.read_text(encoding="utf-8")):
        out[m.group(1)] = m.group(2)
    return out


def explanation(country, code, score):
    topic = TOPICS[code[0]]
    level = ["no", "little", "some", "considerable", "full"][int(score)]
    return (f"Observers found {level} room for {topic} in {country} during the year; "
            f"this sample paragraph was written for transit's tests and summarizes no real report.")


def page(rows, country, edition, overview, developments, placeholder=False):
    by = {(r["Country/Territory"], int(r["Edition"])): r for r in rows}
    r, prev = by[(country, edition)], by.get((country, edition - 1))
    status = STATUS[r["Status"]]
    lines = []
    if status != "Free":
        lines.append(status)
    lines += [f"PR Political Rights {r['PR']} 40", f"CL Civil Liberties {r['CL']} 60"]
    if prev:
        lines += ["Last Year's Score & Status", f"{prev['Total']} 100 {STATUS[prev['Status']]}"]
    lines.append("Global freedom statuses are calculated on a weighted scale. See the methodology.")
    if r["C/T"] == "t":
        lines.append("* Indicates a territory as opposed to an independent country.")
    if placeholder:
        lines.append(f"The full Freedom in the World {edition} narrative report for {country} will be posted as soon as it "
                     f"becomes available. Other Freedom House {country} content can be found on the {country} portal page.")
    else:
        heading = 0
        def head(title):
            nonlocal heading
            heading += 1
            lines.extend(["", f"header{heading} {title}", ""])
        if prev and STATUS[prev["Status"]] != status:
            head("Status Change")
            verb = "improved" if RANK[status] > RANK[STATUS[prev["Status"]]] else "declined"
            lines.append(f"{country}’s status {verb} from {STATUS[prev['Status']]} to {status} due to changes recorded across the year.")
        head("Overview")
        lines.append(overview)
        head(f"Key Developments in {edition - 1}")
        lines += [f"  • {d}" for d in developments]
        qs = questions()
        for code in qs:
            lines.append("")
            if code in GROUPS:
                lines += GROUPS[code] + [""]
            score = r[code]
            lines += [f"{code} 1.00-4.00 pts0-4 pts", f"{qs[code]} {score}.00{score} 4.004", "", explanation(country, code, score)]
            if prev and prev[code] != score:
                verb = "improved" if int(score) > int(prev[code]) else "declined"
                lines += ["", f"Score Change: The score {verb} from {prev[code]} to {score} because of developments described above."]
            if code == "C3" and r["Add Q"] not in ("0", "N/A"):
                q = r["Add Q"]
                lines += ["", "Add Q", f"{ADD_Q} -{q}.00-{q}", "",
                          f"Points are taken from {country}'s political rights for this question; this sample paragraph summarizes no real report."]
    lines += ["", f"On {country}", "", "See all data, scores & information on this country or territory.", "", "See More",
              "  • Global Freedom Score", "", f"    {r['Total']} 100 {status.lower()}"]
    return "\n".join(lines)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    samples = [
        ("Uruguay", 2024, "Uruguay holds competitive elections and protects civil liberties; this overview is sample text.",
         ["A sample development about the national budget.", "A sample development about a court ruling."]),
        ("Peru", 2023, "Peru went through a year of political upheaval; this overview is sample text written for the tests.",
         ["A sample development about the removal of a president.", "A sample development about protests and their policing.",
          "A sample development about the electoral authorities."]),
        ("Hong Kong", 2024, "Hong Kong's autonomy continued to narrow; this overview is sample text written for the tests.",
         ["A sample development about a security law.", "A sample development about district council elections."]),
        ("Syria", 2024, "Syria's government and armed groups continued to rule by force; this overview is sample text.",
         ["A sample development about the conflict.", "A sample development about displacement."]),
        ("Tunisia", 2022, "Tunisia's president concentrated power during the year; this overview is sample text.",
         ["A sample development about the suspension of parliament.", "A sample development about decrees."]),
        ("Tunisia", 2023, "Tunisia adopted a new constitution by referendum; this overview is sample text.",
         ["A sample development about the referendum.", "A sample development about legislative elections."]),
        ("Tunisia", 2024, "Tunisia's authorities prosecuted critics and opponents; this overview is sample text.",
         ["A sample development about arrests of opposition figures.", "A sample development about the press."]),
    ]
    for country, edition, overview, developments in samples:
        name = re.sub(r"[^a-z0-9]+", "-", country.lower()).strip("-") + f"-{edition}.txt"
        (HERE / name).write_text(page(rows, country, edition, overview, developments), encoding="utf-8")
    (HERE / "nicaragua-2024.txt").write_text(page(rows, "Nicaragua", 2024, "", [], placeholder=True), encoding="utf-8")


if __name__ == "__main__":
    main()
