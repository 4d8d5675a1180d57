#!/usr/bin/env python3
"""Reads a SARIF file with sarif-tools (an independent consumer) and prints one line per result:
rule, severity, file, line. Exits 2 if the file does not load."""
import sys
from sarif import loader

sarif = loader.load_sarif_file(sys.argv[1])
for record in sarif.get_records():
    print(f"{record['Code']}\t{record['Severity']}\t{record['Location']}\t{record['Line']}")
