/// A workbook (`.xlsx`, an Office Open XML spreadsheet) as the publisher distributes it: its
/// sheets by name, in the workbook's order, and each sheet's rows of cells as text. Shared
/// strings, inline strings, formulas' cached results, numbers (as stored: `37`, `2.5`; an
/// exponent written out, `1E-3` as `0.001`), booleans and error values are read; styles,
/// formats and formulas are not.
final class Workbook {
    /// A worksheet: its name as the tabs show it and its part in the archive.
    struct Part {
        let name: String
        let path: String
    }

    /// One cell's text, at its column (counted from 1).
    struct Cell {
        let column: Int
        let text: String
    }

    let archive: ZipArchive
    let sheets: [Part]
    private let stringsPath: String?
    private var strings: [String]?
    private let stylesPath: String?
    private var places: [Int?]?

    var file: String { archive.file }

    /// Whether `bytes` open as a zip archive (a workbook is one; its content says so, not its name).
    static func isWorkbook(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// Whether `bytes` are an Office document in the older compound file format: an encrypted
    /// workbook (Excel wraps a protected `.xlsx` in one) or an `.xls`.
    static func isCompoundFile(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) }

    /// The workbook held in `bytes`, which must outlive it.
    init(_ bytes: UnsafeRawBufferPointer, file: String, limit: Int) throws(ReadError) {
        if Self.isCompoundFile(bytes) {
            throw ReadError(file: file, mark: .unknown, "an encrypted workbook, or an Excel 97-2003 (.xls) one: transit reads .xlsx workbooks without a password; save it as .xlsx, unprotected")
        }
        archive = try ZipArchive(bytes, file: file, limit: limit)
        let main = try Self.mainPart(archive)
        let relations = try Self.relations(of: main, in: archive)
        var sheets: [Part] = []
        let xml = try WorkbookXML(archive.open(main))
        while true {
            let node = try xml.next()
            if node == .done { break }
            guard node == .empty("sheet") || node == .start("sheet") else { continue }
            guard let name = xml.attribute("name"), let id = xml.attribute("r:id"), let target = relations[id]?.target else {
                throw ReadError(file: file, mark: .unknown, "the workbook's '\(main)' line \(xml.line): a sheet without its name or its part")
            }
            sheets.append(Part(name: name, path: target))
        }
        self.sheets = sheets
        stringsPath = relations.values.first { $0.type.hasSuffix("/sharedStrings") }?.target
            ?? (archive.contains("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil)
        stylesPath = relations.values.first { $0.type.hasSuffix("/styles") }?.target
            ?? (archive.contains("xl/styles.xml") ? "xl/styles.xml" : nil)
        if sheets.isEmpty { throw ReadError(file: file, mark: .unknown, "the workbook has no sheet") }
    }

    /// The workbook part: named by the package's relationships, else where Excel puts it.
    private static func mainPart(_ archive: ZipArchive) throws(ReadError) -> String {
        if archive.contains("_rels/.rels"), let target = try relations(ofPart: "_rels/.rels", base: "", in: archive).values.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
            return target
        }
        guard archive.contains("xl/workbook.xml") else {
            throw ReadError(file: archive.file, mark: .unknown, "a zip archive, but not a workbook: it holds no xl/workbook.xml (transit reads .xlsx workbooks)")
        }
        return "xl/workbook.xml"
    }

    /// A part's relationships (`xl/_rels/workbook.xml.rels` for `xl/workbook.xml`): id → type and target.
    private static func relations(of part: String, in archive: ZipArchive) throws(ReadError) -> [String: (type: String, target: String)] {
        let slash = part.lastIndex(of: "/")
        let folder = slash.map { String(part[..<$0]) } ?? ""
        let name = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let rels = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard archive.contains(rels) else { return [:] }
        return try relations(ofPart: rels, base: folder, in: archive)
    }

    private static func relations(ofPart rels: String, base: String, in archive: ZipArchive) throws(ReadError) -> [String: (type: String, target: String)] {
        var out: [String: (type: String, target: String)] = [:]
        let xml = try WorkbookXML(archive.open(rels))
        while true {
            let node = try xml.next()
            if node == .done { return out }
            guard node == .empty("Relationship") || node == .start("Relationship"), xml.attribute("TargetMode") != "External",
                  let id = xml.attribute("Id"), let target = xml.attribute("Target") else { continue }
            guard let path = resolve(target, from: base) else {
                throw ReadError(file: archive.file, mark: .unknown, "the workbook's '\(rels)' points out of the archive ('\(StringEscape.printable(target))'): refused")
            }
            out[id] = (xml.attribute("Type") ?? "", path)
        }
    }

    /// A relationship's target as a path in the archive, or nil when it leads out of it.
    static func resolve(_ target: String, from base: String) -> String? {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for p in target.split(separator: "/") {
            if p == "." { continue }
            if p == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(p)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The shared strings, read once: each `si`'s text runs joined, phonetic runs left out.
    private func sharedStrings() throws(ReadError) -> [String] {
        if let strings { return strings }
        var out: [String] = []
        if let path = stringsPath {
            let xml = try WorkbookXML(archive.open(path))
            while true {
                let node = try xml.next()
                if node == .done { break }
                if node == .empty("si") { out.append("") }
                if node == .start("si") { out.append(try xml.textUntilEnd(of: "si", skipping: ["rPh"])) }
            }
        }
        strings = out
        return out
    }

    /// The decimal places each cell style prints a number with (`0.0` one, `#,##0.00` two),
    /// by the style's index; nil for a style that prints numbers otherwise (general, percent,
    /// dates, exponents).
    private func decimalPlaces() throws(ReadError) -> [Int?] {
        if let places { return places }
        var formats: [Int: String] = [1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"]
        var out: [Int?] = []
        if let path = stylesPath {
            let xml = try WorkbookXML(archive.open(path))
            var inCellStyles = false
            while true {
                let node = try xml.next()
                switch node {
                case .done: break
                case .start("numFmt"), .empty("numFmt"):
                    if let id = xml.attribute("numFmtId").flatMap({ Int($0) }), let code = xml.attribute("formatCode") { formats[id] = code }
                    continue
                case .start("cellXfs"): inCellStyles = true; continue
                case .end("cellXfs"): inCellStyles = false; continue
                case .start("xf"), .empty("xf"):
                    if inCellStyles { out.append(xml.attribute("numFmtId").flatMap { Int($0) }.flatMap { formats[$0] }.flatMap(Self.places(of:))) }
                    continue
                default: continue
                }
                break
            }
        }
        places = out
        return out
    }

    /// The decimal places of a plain number format (`0`, `0.0`, `#,##0.00`), else nil.
    static func places(of format: String) -> Int? {
        let section = format.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
        let parts = section.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, whole.hasSuffix("0"), whole.allSatisfy({ "#,0".contains($0) }) else { return nil }
        guard parts.count == 2 else { return 0 }
        return parts[1].allSatisfy { $0 == "0" } && !parts[1].isEmpty ? parts[1].count : nil
    }

    /// A stored number printed with its style's decimal places: zeros added (`3` → `3.0`), never
    /// a digit taken away (a stored `2.25` under `0.0` stays `2.25`: nothing is rounded off).
    static func padded(_ number: String, places: Int?) -> String {
        guard let places, places > 0 else { return number }
        let decimals = number.firstIndex(of: ".").map { number.distance(from: $0, to: number.endIndex) - 1 } ?? -1
        if decimals >= places { return number }
        return number + (decimals < 0 ? "." : "") + String(repeating: "0", count: places - max(decimals, 0))
    }

    /// The sheet's rows in order, each with its row number and its non-empty cells, to `body`,
    /// which returns false to stop.
    func rows(of part: Part, _ body: (Int, [Cell]) throws(ReadError) -> Bool) throws(ReadError) {
        let parser = SheetParser(strings: try sharedStrings(), places: try decimalPlaces(), file: file, sheet: part.name)
        try parser.parse(try archive.open(part.path), body)
    }

    /// The column of a reference (`K124` → 11), or nil.
    static func column(of reference: String) -> Int? {
        var n = 0, letters = 0
        for b in reference.utf8 {
            if b >= 65 && b <= 90 { n = n * 26 + Int(b - 64) } else if b >= 97 && b <= 122 { n = n * 26 + Int(b - 96) } else { break }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : n
    }

    /// A number as stored, with an exponent written out (`1.5E-3` → `0.0015`, `2E+3` → `2000`),
    /// so that it reads as a decimal; other texts unchanged.
    static func plainNumber(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "E" || $0 == "e" }), let exponent = Int(text[text.index(after: e)...]), abs(exponent) < 400 else { return text }
        var mantissa = Substring(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative || mantissa.hasPrefix("+") { mantissa = mantissa.dropFirst() }
        let dot = mantissa.firstIndex(of: ".")
        let whole = dot.map { mantissa[..<$0] } ?? mantissa
        let fraction = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        guard !whole.isEmpty || !fraction.isEmpty, (whole + fraction).allSatisfy({ ("0"..."9").contains($0) }) else { return text }
        var digits = Array(whole + fraction)
        var point = whole.count + exponent
        if point <= 0 { digits.insert(contentsOf: Array(repeating: "0", count: 1 - point), at: 0); point = 1 }
        if point > digits.count { digits += Array(repeating: "0", count: point - digits.count) }
        var integer = String(digits[..<point]), decimals = String(digits[point...])
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return (negative ? "-" : "") + integer + (decimals.isEmpty ? "" : "." + decimals)
    }
}
