#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (2020-12) with Python's jsonschema, an outside
validator: prints each problem and exits 1 if any document is invalid.
Usage: check_json_schema.py SCHEMA FILE..."""
import json
import sys
from jsonschema import Draft202012Validator

with open(sys.argv[1], encoding="utf-8") as f:
    validator = Draft202012Validator(json.load(f))
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        for error in validator.iter_errors(json.load(f)):
            print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            bad += 1
sys.exit(1 if bad else 0)
