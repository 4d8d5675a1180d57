#!/usr/bin/env python3
"""Parses a trends page as XML (it is XHTML) with Python's ElementTree, an independent parser,
and prints what a reader gets from it without a browser: per subject section, its heading, the
values printed in its headline chart (text.value), how many charts it has; then the rows of the
table of each subject's latest edition against its previous one. Fails if the page has a script
or refers to anything outside itself."""
import sys
import xml.etree.ElementTree as ET

H = "{http://www.w3.org/1999/xhtml}"
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
for element in root.iter():
    if element.tag in (H + "script", S + "script", H + "link", H + "img", H + "iframe", H + "object", H + "embed"):
        sys.exit(f"not self-contained: <{element.tag}>")
    for name, value in element.attrib.items():
        if name in ("src", "href", "{http://www.w3.org/1999/xlink}href") and not value.startswith("#"):
            sys.exit(f"not self-contained: {name}={value}")
        if "url(" in value:
            sys.exit(f"not self-contained: {name}={value}")
style = "".join(s.text or "" for s in root.iter(H + "style"))
if "url(" in style or "@import" in style:
    sys.exit("not self-contained: the style loads something")


def text(e):
    return "".join(e.itertext()).strip()


for section in root.iter(H + "section"):
    if "subject" not in (section.get("class") or "").split():
        continue
    charts = [svg for svg in section.iter(S + "svg") if svg.get("role") == "img"]
    headline = charts[0]
    values = [text(t) for t in headline.iter(S + "text") if t.get("class") == "value"]
    print(f"{text(section.find(H + 'h2'))}: {', '.join(values)} ({len(charts)} charts)")
latest = root.find(f".//{H}section[@id='latest']")
for row in latest.iter(H + "tr"):
    print(" | ".join(text(c) for c in row).rstrip())
