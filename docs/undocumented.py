#!/usr/bin/env python3
"""Lists TransitKit's public declarations that have no documentation comment, from the symbol
graph DocC was built from, and exits 1 when there is one. Declarations the compiler made (an
enumeration's `hashValue`, a literal's other initializers) have no place in the sources and are
not counted; an implementation of a protocol's requirement that carries the protocol's own
documentation (`==`, `description`) is documented by it.

Usage: docs/undocumented.py SYMBOLS.json"""
import json
import sys
from urllib.parse import unquote, urlparse

graph = json.load(open(sys.argv[1]))
missing = []
declared = 0
for symbol in graph["symbols"]:
    location = symbol.get("location")
    if location is None:
        continue
    declared += 1
    if symbol.get("docComment", {}).get("lines"):
        continue
    path = unquote(urlparse(location["uri"]).path)
    path = path[path.find("Sources/"):] if "Sources/" in path else path
    line = location["position"]["line"] + 1
    name = ".".join(symbol["pathComponents"])
    missing.append((path, line, symbol["kind"]["displayName"].lower(), name))

for path, line, kind, name in sorted(missing):
    print(f"{path}:{line}: error: public {kind} {name} has no documentation comment")
if missing:
    print(f"{len(missing)} public declaration{'s have' if len(missing) > 1 else ' has'} no documentation comment", file=sys.stderr)
    sys.exit(1)
print(f"every public declaration ({declared}) has its documentation comment")
