#!/usr/bin/env python3
"""The peer of `make bench`'s YAML → JSON figure: PyYAML's C loader (libyaml) and json.dumps on
the same files transit converts. Usage: yaml_to_json_baseline.py FILE...
Prints: documents, seconds (reading the files, loading, dumping: the whole job)."""
import json
import sys
import time
import yaml

start = time.perf_counter()
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        document = yaml.load(f, Loader=yaml.CSafeLoader)
    json.dumps(document, ensure_ascii=False, default=str)
elapsed = time.perf_counter() - start
print(len(sys.argv) - 1, f"{elapsed:.6f}")
