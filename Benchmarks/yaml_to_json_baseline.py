#!/usr/bin/env python3
"""The peer of `make bench`'s YAML -> JSON figures: PyYAML's C loader (libyaml) and json on the
same files transit converts.

Usage: yaml_to_json_baseline.py FILE...                    load and dump in memory
       yaml_to_json_baseline.py --write DIR --list LIST    each file of LIST (a path a line) to
                                                           DIR/NAME.json, as `transit convert` does
Prints: documents, seconds (reading the files, loading, dumping: the whole job)."""
import json
import os
import sys
import time
import yaml

args = sys.argv[1:]
out = None
if args[:1] == ["--write"]:
    out = args[1]
    with open(args[3], encoding="utf-8") as f:
        args = f.read().split("\n")
    os.makedirs(out, exist_ok=True)

start = time.perf_counter()
for path in args:
    with open(path, encoding="utf-8") as f:
        document = yaml.load(f, Loader=yaml.CSafeLoader)
    if out is None:
        json.dumps(document, ensure_ascii=False, default=str)
    else:
        # The file's folder kept, as `transit convert DIR -o OUT/` keeps it.
        folder = os.path.join(out, os.path.basename(os.path.dirname(path)))
        os.makedirs(folder, exist_ok=True)
        name = os.path.splitext(os.path.basename(path))[0] + ".json"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, default=str, indent=2)
elapsed = time.perf_counter() - start
print(len(args), f"{elapsed:.6f}")
