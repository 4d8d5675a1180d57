#!/usr/bin/env python3
"""Validates schema files (YAML) against the JSON Schema for schema files with Python's
jsonschema, as an editor's YAML language server would: prints each problem as
`FILE: PATH: MESSAGE` and exits 1 if any file is invalid.
Usage: check_schema_files.py SCHEMA FILE..."""
import json
import sys
import yaml
from jsonschema import Draft202012Validator

with open(sys.argv[1], encoding="utf-8") as f:
    validator = Draft202012Validator(json.load(f))
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        bad += 1
sys.exit(1 if bad else 0)
