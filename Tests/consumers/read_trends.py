#!/usr/bin/env python3
"""Parses a trends page as XML (it is XHTML) with Python's ElementTree, an independent parser,
and prints what it holds: one line per chart (country, and the points' titles), then the rows of
the latest-editions table. Fails if the page has scripts or loads anything from elsewhere."""
import sys
import xml.etree.ElementTree as ET

H = "{http://www.w3.org/1999/xhtml}"
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
for element in root.iter():
    if element.tag in (H + "script", S + "script", H + "link", H + "img", H + "iframe"):
        sys.exit(f"not self-contained: <{element.tag}>")
    for name, value in element.attrib.items():
        if name in ("src", "href") or (value.startswith("http") and name != "xmlns"):
            sys.exit(f"not self-contained: {name}={value}")
for section in root.iter(H + "section"):
    country = section.find(H + "h2").text
    points = [c.find(S + "title").text for c in section.iter(S + "circle")]
    bands = [t.text for t in section.iter(S + "text") if t.get("class") == "band"]
    print(f"{country}: {len(bands)} bands; " + "; ".join(points))
for row in root.iter(H + "tr"):
    cells = [c.text or "" for c in row]
    print(" | ".join(cells))
