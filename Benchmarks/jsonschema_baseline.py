#!/usr/bin/env python3
"""The baseline of `make bench`'s validation figures: Python's jsonschema validating report JSON
documents against transit's exported JSON Schema (structure only, no rules).
Usage: jsonschema_baseline.py SCHEMA FILE...  Prints: documents, seconds, invalid documents.
Only the validation is timed: the files are read and parsed before the clock starts."""
import json
import sys
import time
from jsonschema import Draft202012Validator

with open(sys.argv[1], encoding="utf-8") as f:
    validator = Draft202012Validator(json.load(f))
documents = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        documents.append(json.load(f))
start = time.perf_counter()
invalid = sum(1 for d in documents if next(validator.iter_errors(d), None) is not None)
elapsed = time.perf_counter() - start
print(len(documents), f"{elapsed:.6f}", invalid)
