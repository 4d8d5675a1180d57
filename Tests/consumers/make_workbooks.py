#!/usr/bin/env python3
"""Writes the test workbooks, part by part, with Python's own zipfile: the truth the workbook
reader is held to is written here by hand, not by transit.

    make_workbooks.py OUTDIR

OUTDIR/coastal.xlsx      the coastal test family's sheet as a spreadsheet program keeps it: a
                         notes sheet first, a title row and a blank row above the header, shared
                         strings (one in rich-text runs with a phonetic run), inline strings, a
                         number stored as text, numbers stored bare under a 0.0 format, empty
                         cells left out
OUTDIR/coastal.csv       the same rows as CSV, written by hand: what transit must read
OUTDIR/changed.xlsx      coastal.xlsx with one cell changed (Data!E5, Clarity of North Pier
                         2023: 3.5 -> 9.5, above the field's maximum 5.0)
OUTDIR/bomb.xlsx         a sheet inflating to 300 MB of comments
OUTDIR/traversal.xlsx    an entry named ../../evil.txt
OUTDIR/strings.xlsx      a cell naming shared string 999 of 8
OUTDIR/truncated.xlsx    coastal.xlsx cut at 60 %
OUTDIR/compound.xlsx     an OLE compound file, as Excel writes an encrypted workbook
OUTDIR/encrypted.xlsx    coastal.xlsx with every entry flagged encrypted
OUTDIR/malformed.xlsx    a sheet whose XML is not well-formed (a row's start tag left open, line 3)
"""
import os
import struct
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

STRINGS = ["Station", "Season", "Grade", "Index", "Clarity", "Oxygen", "Litter", None]
# The rich-text string: "South Beach" in two runs, with a phonetic run that is no part of it.
RICH = '<si><r><t xml:space="preserve">South </t></r><r><rPr><b/></rPr><t>Beach</t></r><rPh sb="0" eb="5"><t>SOUSU</t></rPh></si>'

CSV = (
    "Station,Season,Grade,Index,Clarity,Oxygen,Litter\n"
    "North Pier,2022,Fair,9.5,3.0,3.5,3.0\n"
    "North Pier,2023,Good,11.0,3.5,4.0,3.5\n"
    "South Beach,2023,Poor,4.5,1.5,,3.0\n"
)


def parts(sheet_xml, extra=None):
    sst = "".join(f"<si><t>{s}</t></si>" if s else RICH for s in STRINGS)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheets><sheet name="Notes" sheetId="2" r:id="rId1"/><sheet name="Data" sheetId="1" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(STRINGS)}" uniqueCount="{len(STRINGS)}">{sst}</sst>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="10"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Coastal water, as measured at each station</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Grade: Good, Fair or Poor</t></is></c></row></sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": sheet_xml,
    }
    files.update(extra or {})
    return files


def cell(ref, value, kind=None, style=None):
    s = f' s="{style}"' if style is not None else ""
    if kind == "inline":
        return f'<c r="{ref}" t="inlineStr"{s}><is><t>{value}</t></is></c>'
    t = f' t="{kind}"' if kind else ""
    return f'<c r="{ref}"{t}{s}><v>{value}</v></c>'


def data_sheet(clarity_2023="3.5"):
    rows = [
        # A title row and a blank row above the header.
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Coastal water 2022-2023</t></is></c><c r="B1" s="0"/></row>',
        '<row r="2" ht="6" customHeight="1"/>',
        '<row r="3">' + "".join(cell(f"{c}3", k, "s") for k, c in enumerate("ABCDEFG")) + "</row>",
        # North Pier 2022: the station a shared string, the season a number, the grade inline,
        # the index a number stored as text, the measures numbers under 0.0 (3 shows as 3.0).
        '<row r="4">' + cell("A4", "North Pier", "inline")
        + cell("B4", "2022") + cell("C4", "Fair", "inline") + cell("D4", "9.5", "str")
        + cell("E4", "3", None, 1) + cell("F4", "3.5", None, 1) + cell("G4", "3", None, 1) + "</row>",
        '<row r="5">' + cell("A5", "North Pier", "inline") + cell("B5", "2023") + cell("C5", "Good", "inline")
        + cell("D5", "11", None, 1) + cell("E5", clarity_2023, None, 1) + cell("F5", "4", None, 1) + cell("G5", "3.5", None, 1) + "</row>",
        # South Beach 2023: the station in rich-text runs, Oxygen left out (an absent cell).
        '<row r="6">' + cell("A6", "7", "s") + cell("B6", "2023") + cell("C6", "Poor", "inline") + cell("D6", "4.5")
        + cell("E6", "1.5", None, 1) + cell("G6", "3", None, 1) + "</row>",
    ]
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><dimension ref="A1:G6"/><sheetData>' + "".join(rows) + "</sheetData></worksheet>"


def write(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def main(out):
    os.makedirs(out, exist_ok=True)
    write(f"{out}/coastal.xlsx", parts(data_sheet()))
    with open(f"{out}/coastal.csv", "w") as f:
        f.write(CSV)
    write(f"{out}/changed.xlsx", parts(data_sheet(clarity_2023="9.5")))
    write(f"{out}/traversal.xlsx", parts(data_sheet(), {"../../evil.txt": "x"}))
    write(f"{out}/strings.xlsx", parts(data_sheet().replace(cell("A6", "7", "s"), cell("A6", "999", "s"))))
    write(f"{out}/malformed.xlsx", parts(data_sheet().replace("<sheetData>", "<sheetData>\n<row r=\"9\"><c r=\"A9\"><v>1</v></c>", 1).replace('<row r="1">', '<row r="1"', 1)))
    # A zip bomb: 300 MB of comments inside the sheet, a few hundred kilobytes packed.
    with zipfile.ZipFile(f"{out}/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts(data_sheet()).items():
            if name != "xl/worksheets/sheet2.xml":
                z.writestr(name, text)
        with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as f:
            head, tail = data_sheet().split("<sheetData>")
            f.write((head + "<sheetData>").encode())
            block = (b"<!--" + b" " * 1017 + b"-->") * 1024
            for _ in range(300):
                f.write(block)
            f.write(tail.encode())
    whole = open(f"{out}/coastal.xlsx", "rb").read()
    with open(f"{out}/truncated.xlsx", "wb") as f:
        f.write(whole[: len(whole) * 6 // 10])
    with open(f"{out}/compound.xlsx", "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
    # Every entry flagged encrypted (bit 0 of the general-purpose flags, in the local headers
    # and in the central directory).
    data = bytearray(whole)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            (flags,) = struct.unpack_from("<H", data, at + offset)
            struct.pack_into("<H", data, at + offset, flags | 1)
            at = data.find(signature, at + 4)
    with open(f"{out}/encrypted.xlsx", "wb") as f:
        f.write(bytes(data))


if __name__ == "__main__":
    main(sys.argv[1])
