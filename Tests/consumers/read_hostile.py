#!/usr/bin/env python3
"""Reads one of transit's outputs with an outside parser and looks for a hostile text in it.

usage: read_hostile.py KIND FILE EXPECTED
  KIND      json | xml | html | csv | markdown
  EXPECTED  a JSON string literal: the text as the output carries it once parsed (a JSON
            string's value, an XML or HTML text or attribute value, a CSV cell, a markdown cell)

The document must parse whole (json; expat and xmllint for XML; html5lib, strict, and expat for
the XHTML pages; csv with every row as wide as the header), and some value must contain the
text. Prints what it read; exits 1 otherwise.
"""
import csv, io, json, subprocess, sys
import xml.etree.ElementTree as ET

kind, path, expected = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
data = open(path, 'rb').read()
values = []

def xml_values(root):
    for el in root.iter():
        values.extend(el.attrib.values())
        values.append(''.join(el.itertext()))

if kind == 'json':
    def walk(v):
        if isinstance(v, str): values.append(v)
        elif isinstance(v, list): [walk(x) for x in v]
        elif isinstance(v, dict):
            for k, x in v.items(): values.append(k); walk(x)
    walk(json.loads(data.decode('utf-8')))
elif kind == 'xml':
    xml_values(ET.fromstring(data))
    r = subprocess.run(['xmllint', '--noout', path], capture_output=True, text=True)
    if r.returncode != 0: sys.exit('xmllint: ' + r.stderr)
elif kind == 'html':
    import html5lib
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(data.decode('utf-8'))
    xml_values(tree)
    xml_values(ET.fromstring(data.split(b'\n', 1)[1]))  # the XHTML after its doctype
elif kind == 'csv':
    text = data.decode('utf-8')
    rows = list(csv.reader(io.StringIO(text, newline='')))
    width = len(rows[0])
    bad = [r for r in rows[1:] if len(r) != width]
    if bad: sys.exit(f'rows not {width} wide: {bad[:2]}')
    for r in rows: values.extend(r)
elif kind == 'markdown':
    lines = [l for l in data.decode('utf-8').split('\n') if l.startswith('|')]
    for l in lines:
        cells = []
        cell, i = '', 1
        while i < len(l):
            if l[i] == '\\' and i + 1 < len(l) and l[i + 1] == '|': cell += '|'; i += 2; continue
            if l[i] == '|': cells.append(cell.strip()); cell = ''
            else: cell += l[i]
            i += 1
        if lines and len(cells) != lines[0].count('|') - lines[0].count('\\|') - 1: sys.exit(f'a row split: {l!r}')
        values.extend(cells)
else:
    sys.exit('unknown kind ' + kind)

found = [v for v in values if expected in v]
print(f'{kind}: {len(values)} values read, {len(found)} holding the text')
sys.exit(0 if found else 1)
