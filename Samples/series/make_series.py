#!/usr/bin/env python3
"""Writes the page text of a six-edition series for one country (Samples/series/).

The figures are invented but realistic; everything that follows from the ratings (score,
percentage, status, last year's figures, score-change statements) is computed here the way the
publisher computes it, so that `transit validate Samples/series` finds nothing and
`transit changes` can be checked against each edition's score-change section.
Run from the project root: python3 Samples/series/make_series.py
"""
from fractions import Fraction
import os

CATEGORIES = ["National Democratic Governance", "Electoral Process", "Civil Society",
              "Independent Media", "Local Democratic Governance",
              "Judicial Framework and Independence", "Corruption"]
DESCRIPTIONS = [
    "How democratic the national government is, and how independent, effective and accountable its legislature and executive are.",
    "National elections, the rules they run under, party competition and public participation.",
    "Strength, funding and legal room of NGOs, trade unions and civic activism.",
    "Press freedom, the safety and independence of journalists, and the viability of private media.",
    "Decentralisation, and the powers, election and accountability of local government.",
    "Constitutional and human-rights protections, court independence, equality before the law.",
    "Perceived and actual corruption, conflicts of interest, and anticorruption measures.",
]
BANDS = [("Consolidated Authoritarian Regime", "2.00"), ("Semi-Consolidated Authoritarian Regime", "3.00"),
         ("Transitional or Hybrid Regime", "4.00"), ("Semi-Consolidated Democracy", "5.00"),
         ("Consolidated Democracy", "7.00")]
REASONS = {
    "National Democratic Governance": "the parliament’s renewed oversight of the cabinet",
    "Electoral Process": "how the year’s elections were run and observed",
    "Civil Society": "the room left to civic groups under new rules on registration",
    "Independent Media": "the pressure on independent outlets and the state broadcaster’s reform",
    "Local Democratic Governance": "the transfer of budgets and powers to the municipalities",
    "Judicial Framework and Independence": "the progress of the judicial reform and its vetting bodies",
    "Corruption": "the record of the anticorruption bodies and the cases they brought",
}

COUNTRY = "Ukraine"
# Ratings by edition, in the order of CATEGORIES (quarter points).
SERIES = {
    2018: ["2.50", "4.25", "5.00", "3.75", "3.75", "2.00", "2.25"],
    2019: ["2.50", "4.25", "5.25", "3.75", "3.75", "2.00", "2.25"],
    2020: ["2.50", "4.25", "5.25", "3.75", "3.50", "2.00", "2.25"],
    2021: ["2.50", "4.25", "5.25", "4.00", "3.50", "2.00", "2.25"],
    2022: ["2.75", "4.25", "5.25", "4.00", "3.50", "2.00", "2.25"],
    2023: ["2.75", "4.50", "5.50", "4.00", "3.50", "2.25", "2.25"],
    2024: ["2.75", "4.50", "5.50", "4.00", "3.50", "2.25", "2.25"],
}


def half_up(x, places):
    q = Fraction(10) ** places
    n = x * q
    whole = int(n)
    if n - whole >= Fraction(1, 2):
        whole += 1
    s = str(whole).rjust(places + 1, "0")
    return s if places == 0 else s[:-places] + "." + s[-places:]


def figures(ratings):
    mean = sum(Fraction(r) for r in ratings) / len(ratings)
    score = half_up(mean, 2)
    percentage = half_up((mean - 1) / 6 * 100, 2)
    status = next(name for name, top in BANDS if Fraction(score) <= Fraction(top))
    return score, percentage, status


def page(edition):
    ratings = SERIES[edition]
    score, percentage, status = figures(ratings)
    last_score, last_percentage, last_status = figures(SERIES[edition - 1])
    lines = [
        status,
        f"DEMOCRACY-PERCENTAGE Democracy Percentage {percentage} 100",
        f"DEMOCRACY-SCORE Democracy Score {score} 7",
        "Last Year's Democracy Percentage & Status",
        f"{half_up(Fraction(last_percentage), 0)} 100 {last_status}",
        "The ratings are based on a scale of 1 to 7, with 7 representing the highest level of democratic progress and 1 the lowest. The Democracy Score is an average of ratings for the categories tracked in a given year. The Democracy Percentage, introduced in 2020, is a translation of the Democracy Score to the 0-100 scale, where 0 equals least democratic and 100 equals most democratic. See the methodology.",
        "",
        f"header1 Score changes in {edition - 1}",
        "",
    ]
    changed = [(name, old, new) for name, old, new in zip(CATEGORIES, SERIES[edition - 1], ratings) if old != new]
    if not changed:
        lines.append("  • No score changes.")
    for name, old, new in changed:
        verb = "improved" if Fraction(new) > Fraction(old) else "declined"
        lines.append(f"  • {name} rating {verb} from {old} to {new} due to {REASONS[name]}.")
    if score != last_score:
        verb = "improved" if Fraction(score) > Fraction(last_score) else "declined"
        lines.append(f"  • As a result, {COUNTRY}’s Democracy Score {verb} from {last_score} to {score}.")
    lines += ["", "header2 Executive Summary", "", "By Olena Sample", "",
              f"{edition - 1} tested the institutions built after the reforms of the previous decade.1 "
              f"The government kept a working majority in parliament,2 and the opposition used committee hearings to question ministers.3",
              "",
              "Civic groups and the press remained the most independent checks on power,4 though both depended heavily on foreign grants.5",
              ""]
    for name, description, rating in zip(CATEGORIES, DESCRIPTIONS, ratings):
        lines.append(f"{name} 1.00-7.00 pts0-7 pts")
        lines.append(f"{description} {rating}{half_up(Fraction(rating), 0)} 7.007")
        lines.append(f"  • In {edition - 1} the record on {name.lower()} was mixed,1 with progress in law and slower change in practice.2")
    lines += ["", f"Author: Olena Sample is a researcher who writes on public institutions in Eastern Europe. This sample report was written for the transit project.", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    # 2019 comes restated on the current scale (as the publisher's all-data sheet gives it).
    for edition in range(2019, 2025):
        path = os.path.join(here, f"{COUNTRY.lower()}-{edition}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(page(edition))
        print(path)
