#!/usr/bin/env python3
"""Reads a JUnit XML file with junitparser (an independent consumer) and prints one line per test
case: its name, then its outcome (passed, failure or error) and the outcome's message."""
import sys
from junitparser import JUnitXml

for suite in JUnitXml.fromfile(sys.argv[1]):
    for case in suite:
        outcome = [(type(r).__name__.lower(), r.message or "") for r in case.result if type(r).__name__ in ("Failure", "Error")]
        kind, message = outcome[0] if outcome else ("passed", "")
        print(f"{case.name}\t{kind}\t{message}")
