#!/usr/bin/env python3
"""Lists TransitKit's public declarations that have no documentation comment, from the symbol
graph DocC was built from, and exits 1 when there is one. Declarations the compiler made (an
enumeration's `hashValue`, a literal's other initializers) have no place in the sources and are
not counted; an implementation of a protocol's requirement that carries the protocol's own
documentation (`==`, `description`) is documented by it.

With the module's page as DocC renders it (its data JSON) as a second argument, also fails when
a public symbol is left out of the catalog's topic groups (DocC then files it under a group of
its own making, `Enumerations`, `Structures`).

Usage: docs/undocumented.py SYMBOLS.json [MODULE-PAGE.json]"""
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

uncurated = []
if len(sys.argv) > 2:
    page = json.load(open(sys.argv[2]))
    for group in page.get("topicSections", []):
        if group.get("generated"):
            uncurated += [(group.get("title", "?"), ref.rsplit("/", 1)[-1]) for ref in group.get("identifiers", [])]
for title, name in uncurated:
    print(f"error: {name} is in none of the catalog's topic groups (DocC filed it under '{title}'): add it to TransitKit.md")

for path, line, kind, name in sorted(missing):
    print(f"{path}:{line}: error: public {kind} {name} has no documentation comment")
if missing:
    print(f"{len(missing)} public declaration{'s have' if len(missing) > 1 else ' has'} no documentation comment", file=sys.stderr)
if uncurated:
    print(f"{len(uncurated)} public symbol{'s are' if len(uncurated) > 1 else ' is'} in no topic group", file=sys.stderr)
if missing or uncurated:
    sys.exit(1)
print(f"every public declaration ({declared}) has its documentation comment")
