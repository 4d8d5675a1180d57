#!/usr/bin/env python3
"""Applies an RFC 6902 JSON Patch with Python's jsonpatch (an independent implementation) and
says whether the result equals the expected document. Usage: apply_patch.py OLD.json PATCH NEW.json
Prints "equal" and exits 0, or prints the difference and exits 1."""
import json
import sys
import jsonpatch

with open(sys.argv[1], encoding="utf-8") as f:
    old = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    patch = jsonpatch.JsonPatch(json.load(f))
with open(sys.argv[3], encoding="utf-8") as f:
    new = json.load(f)
result = patch.apply(old)
if result == new:
    print("equal")
    sys.exit(0)
print(json.dumps(jsonpatch.make_patch(result, new).patch, ensure_ascii=False))
sys.exit(1)
