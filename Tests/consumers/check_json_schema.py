#!/usr/bin/env python3
"""Validates documents against a JSON Schema (2020-12) with Python's jsonschema, an outside
validator: JSON files, and YAML files (`.yaml`, `.yml`: schema files, as an editor's YAML language
server reads them). Prints each problem as `FILE: PATH: MESSAGE` and exits 1 if any document is
invalid. Usage: check_json_schema.py SCHEMA FILE..."""
import json
import sys
from jsonschema import Draft202012Validator

with open(sys.argv[1], encoding="utf-8") as f:
    validator = Draft202012Validator(json.load(f))
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        if path.endswith((".yaml", ".yml")):
            import yaml
            document = yaml.safe_load(f)
        else:
            document = json.load(f)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        bad += 1
sys.exit(1 if bad else 0)
