/// A workbook of one sheet, as a spreadsheet program opens it: a header row, then the rows;
/// text as inline strings, figures as numbers. A number keeps its printed form: it is stored as
/// printed (`3.0`) under a number format that prints as many decimals (`0.0`), so the workbook
/// reads back, here or in a spreadsheet, as the same text. A figure that a spreadsheet could not
/// hold exactly (more than 15 digits), or that is no plain number (`N/A`), is stored as text.
enum WorkbookWriter {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The workbook's bytes: one sheet named `sheet`, `columns` headed by their names, `numeric`
    /// saying which hold figures.
    static func workbook(sheet: String, columns: [String], numeric: [Bool], rows: [[String?]]) throws(ReadError) -> [UInt8] {
        // The decimal places each stored number is printed with, a style each (0: none).
        var places: [Int] = [0]
        func style(_ decimals: Int) -> Int {
            if let k = places.firstIndex(of: decimals) { return k }
            places.append(decimals)
            return places.count - 1
        }
        let w = XMLDocumentWriter(indented: false)
        w.start("worksheet")
        w.attribute("xmlns", main)
        w.start("sheetData")
        for (r, row) in ([columns.map { Optional($0) }] + rows).enumerated() {
            w.start("row")
            w.attribute("r", String(r + 1))
            for (c, value) in row.enumerated() {
                guard let value, !value.isEmpty else { continue }
                if let bad = value.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
                    throw ReadError(file: "-", mark: .unknown, "row \(r + 1), column '\(columns[c])': the character U+\(String(bad.value, radix: 16, uppercase: true)) cannot stand in a workbook")
                }
                w.start("c")
                w.attribute("r", Mark.columnLetters(c + 1) + String(r + 1))
                if r > 0, c < numeric.count, numeric[c], let decimals = storedNumber(value) {
                    if decimals > 0 { w.attribute("s", String(style(decimals))) }
                    w.element("v", value)
                } else {
                    w.attribute("t", "inlineStr")
                    w.start("is")
                    w.start("t")
                    if value.first == " " || value.last == " " || value.contains("\n") || value.contains("\t") { w.attribute("xml:space", "preserve") }
                    w.text(value)
                    w.end()
                    w.end()
                }
                w.end()
            }
            w.end()
        }
        let sheetXML = w.finish()
        return try ZipArchive.archive([
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", packageRelationships()),
            ("xl/workbook.xml", workbookPart(sheet)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/styles.xml", styles(places)),
            ("xl/worksheets/sheet1.xml", sheetXML),
        ])
    }

    /// The decimals of a plain number a spreadsheet holds exactly (`-12`, `3.25`), else nil.
    static func storedNumber(_ text: String) -> Int? {
        var digits = 0, decimals = -1, k = 0
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "-") { k = 1 }
        guard k < bytes.count else { return nil }
        // No leading zero but in `0` or `0.x`: `05` would come back as 5.
        if bytes[k] == UInt8(ascii: "0"), k + 1 < bytes.count, bytes[k + 1] != UInt8(ascii: ".") { return nil }
        for b in bytes[k...] {
            if b == UInt8(ascii: ".") {
                guard decimals < 0, digits > 0 else { return nil }
                decimals = 0
            } else if b >= 0x30 && b <= 0x39 {
                digits += 1
                if decimals >= 0 { decimals += 1 }
            } else {
                return nil
            }
        }
        guard digits > 0, digits <= 15, decimals != 0 else { return nil }
        return max(decimals, 0)
    }

    private static func contentTypes() -> [UInt8] {
        let w = XMLDocumentWriter(indented: false)
        w.start("Types")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")
        for (ext, type) in [("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml")] {
            w.start("Default"); w.attribute("Extension", ext); w.attribute("ContentType", type); w.end()
        }
        for (part, type) in [("/xl/workbook.xml", "sheet.main+xml"), ("/xl/worksheets/sheet1.xml", "worksheet+xml"), ("/xl/styles.xml", "styles+xml")] {
            w.start("Override"); w.attribute("PartName", part); w.attribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml." + type); w.end()
        }
        return w.finish()
    }

    private static func relationshipsPart(_ entries: [(id: String, type: String, target: String)]) -> [UInt8] {
        let w = XMLDocumentWriter(indented: false)
        w.start("Relationships")
        w.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
        for e in entries {
            w.start("Relationship"); w.attribute("Id", e.id); w.attribute("Type", e.type); w.attribute("Target", e.target); w.end()
        }
        return w.finish()
    }

    private static func packageRelationships() -> [UInt8] {
        relationshipsPart([("rId1", relationships + "/officeDocument", "xl/workbook.xml")])
    }

    private static func workbookRelationships() -> [UInt8] {
        relationshipsPart([("rId1", relationships + "/worksheet", "worksheets/sheet1.xml"), ("rId2", relationships + "/styles", "styles.xml")])
    }

    private static func workbookPart(_ sheet: String) -> [UInt8] {
        let w = XMLDocumentWriter(indented: false)
        w.start("workbook")
        w.attribute("xmlns", main)
        w.attribute("xmlns:r", relationships)
        w.start("sheets")
        w.start("sheet"); w.attribute("name", sheet); w.attribute("sheetId", "1"); w.attribute("r:id", "rId1"); w.end()
        return w.finish()
    }

    /// The styles: one a number of decimal places used (`0.0`, `0.00`, …), custom formats from 164.
    private static func styles(_ places: [Int]) -> [UInt8] {
        let w = XMLDocumentWriter(indented: false)
        w.start("styleSheet")
        w.attribute("xmlns", main)
        let custom = places.filter { $0 > 0 }
        if !custom.isEmpty {
            w.start("numFmts"); w.attribute("count", String(custom.count))
            for (k, d) in custom.enumerated() {
                w.start("numFmt"); w.attribute("numFmtId", String(164 + k)); w.attribute("formatCode", "0." + String(repeating: "0", count: d)); w.end()
            }
            w.end()
        }
        w.start("fonts"); w.attribute("count", "1"); w.start("font"); w.start("sz"); w.attribute("val", "11"); w.end(); w.start("name"); w.attribute("val", "Calibri"); w.end(); w.end(); w.end()
        w.start("fills"); w.attribute("count", "2")
        for pattern in ["none", "gray125"] { w.start("fill"); w.start("patternFill"); w.attribute("patternType", pattern); w.end(); w.end() }
        w.end()
        w.start("borders"); w.attribute("count", "1"); w.start("border"); for side in ["left", "right", "top", "bottom", "diagonal"] { w.start(side); w.end() }; w.end(); w.end()
        w.start("cellStyleXfs"); w.attribute("count", "1"); w.start("xf"); w.attribute("numFmtId", "0"); w.attribute("fontId", "0"); w.attribute("fillId", "0"); w.attribute("borderId", "0"); w.end(); w.end()
        w.start("cellXfs"); w.attribute("count", String(places.count))
        var next = 164
        for d in places {
            w.start("xf")
            w.attribute("numFmtId", d > 0 ? String(next) : "0")
            if d > 0 { next += 1 }
            w.attribute("fontId", "0"); w.attribute("fillId", "0"); w.attribute("borderId", "0"); w.attribute("xfId", "0")
            if d > 0 { w.attribute("applyNumberFormat", "1") }
            w.end()
        }
        w.end()
        return w.finish()
    }
}
