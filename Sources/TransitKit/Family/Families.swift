/// The report families transit knows, and which one a file is.
///
/// A file says its family without any flag:
/// - XML by the namespace of its root element (each schema's `xml-namespace`);
/// - YAML and JSON by the schema's marker, a top-level field every document of the family
///   carries (`family: <the family's name>`); a document without any family's marker is of the
///   first family (whose documents may carry none);
/// - page text by the keywords of its figure lines, looked for in its first lines;
/// - an all-data sheet (`.csv`) by its header row: the family whose sheet has its columns.
///
/// `--schema FILE` forces one schema for every input instead.
public final class Families: Sendable {
    /// The default family (the one of a document without a marker).
    public let first: Schema
    /// How many families there are.
    public let count: Int
    /// The other families' schema files, loaded when a file is first not the default's
    /// (a run on the default family's files alone never loads them).
    private let sources: [(file: String, bytes: [UInt8])]
    private let loaded: Locked<[Schema?]>

    /// A set of loaded families; the first is the default, tried first when a file names none.
    public init(_ schemas: [Schema]) {
        precondition(!schemas.isEmpty, "a set of families needs one schema at least")
        first = schemas[0]
        count = schemas.count
        sources = []
        loaded = Locked(schemas)
    }

    init(first: Schema, lazy: [(file: String, bytes: [UInt8])]) {
        self.first = first
        count = 1 + lazy.count
        sources = [("", [])] + lazy
        loaded = Locked([first] + lazy.map { _ in nil })
    }

    /// The schema files compiled into transit, the default family's first. Registering its
    /// schema file here is all the Swift a family needs.
    static let compiledIn: [(file: String, bytes: [UInt8])] = [
        ("Schemas/nit.schema.yaml", PackageResources.nit_schema_yaml),
        ("Schemas/fiw.schema.yaml", PackageResources.fiw_schema_yaml),
        ("Schemas/fotn.schema.yaml", PackageResources.fotn_schema_yaml),
        ("Schemas/fiw-ratings.schema.yaml", PackageResources.fiw_ratings_schema_yaml),
    ]

    /// The families compiled into transit, the default (``Schema/standard``) first.
    public static let standard = Families(first: .standard, lazy: Array(compiledIn.dropFirst()))

    /// Family `k`, loaded on first use.
    public func schema(_ k: Int) -> Schema {
        if let s = loaded.withLock({ $0[k] }) { return s }
        let (file, bytes) = sources[k]
        let schema: Schema
        do {
            schema = try Schema.load(bytes: bytes, file: file)
        } catch {
            fatalError("the compiled-in schema does not load: \(error)")
        }
        return loaded.withLock { l in
            if let s = l[k] { return s }
            l[k] = schema
            return schema
        }
    }

    /// How many families are loaded.
    var loadedCount: Int { loaded.withLock { $0.compactMap { $0 }.count } }

    /// Every family, the default first (loading them all).
    public var schemas: [Schema] { (0..<count).map(schema) }

    /// The index of a family of this set.
    public func index(of schema: Schema) -> Int? {
        if schema === first { return 0 }
        return loaded.withLock { $0.firstIndex { $0 === schema } }
    }

    /// The family a schema's name, its first word, a family's name or its initials give
    /// (`abc-report`, `abc`, `A Bee Cee`), or nil.
    public func named(_ name: String) -> Schema? {
        let wanted = EnumType.normalize(name)
        func matches(_ s: Schema) -> Bool {
            [s.name, s.roles.family, initials(s.roles.family), s.name.split(separator: "-").first.map(String.init) ?? ""]
                .contains { EnumType.normalize($0) == wanted }
        }
        if matches(first) { return first }
        return schemas.dropFirst().first(where: matches)
    }

    private func initials(_ text: String) -> String {
        text.split(separator: " ").compactMap(\.first).map(String.init).joined()
    }

    /// The family of a file from its path and its first bytes (a few kilobytes are enough);
    /// `format` is the format it is read in (nil: a sheet, or not known).
    public func family(of bytes: ArraySlice<UInt8>, path: String, format: Format?) -> Schema {
        if count == 1 || isFirst(bytes, path: path, format: format) { return first }
        // The families are loaded in turn, as far as the first whose marks the file has.
        let schemas = (0..<count).lazy.map(schema)
        if Transit.isSheet(path) || (format == nil && Format(path: path) == nil) {
            let sheets = sheetRows(bytes, path: path)
            if let s = sheets.lazy.compactMap({ self.sheetFamily($0, schemas) }).first { return s }
            if Transit.isSheet(path), let s = closestSheetFamily(sheets, self.schemas) { return s }
        }
        switch format ?? Format(path: path) {
        case .xml?:
            if let ns = FamilyScan.xmlNamespace(bytes), let s = schemas.first(where: { $0.xmlNamespace == ns }) { return s }
        case .json?:
            for s in schemas { if let m = s.marker, FamilyScan.jsonTopLevel(bytes, key: m.field) == m.value { return s } }
        case .yaml?:
            for s in schemas { if let m = s.marker, FamilyScan.yamlTopLevel(bytes, key: m.field) == m.value { return s } }
        case .text?:
            return pageFamily(bytes, self.schemas) ?? first
        case nil:
            break
        }
        return first
    }

    /// The family of a file on disk (its first 8 KiB are read); the first family when the file
    /// cannot be read (reading it again reports why).
    public func family(ofFile path: String, format: Format?) -> Schema {
        if count == 1 { return first }
        let bytes = (try? FileIO.readPrefix(path, count: 8 << 10)) ?? []
        return family(of: bytes[...], path: path, format: format)
    }

    /// Whether a `.csv` file's header row is the sheet of one of the families.
    public func isSheetOfAFamily(_ path: String) -> Bool {
        let bytes = ((try? FileIO.readPrefix(path, count: 16 << 10)) ?? [])[...]
        return sheetRows(bytes, path: path).contains { sheetFamily($0, [first]) != nil || sheetFamily($0, schemas) != nil }
    }

    /// The first rows of a sheet: of a CSV file, or of each sheet of a workbook.
    private func sheetRows(_ bytes: ArraySlice<UInt8>, path: String) -> [[[String]]] {
        switch SheetHeader.workbookRows(bytes, path: path) {
        case .success(let sheets)?: sheets
        case .failure?: []
        case nil: [SheetHeader.firstRows(bytes)]
        }
    }

    /// Whether the default family's own marks are there (so the others need not be loaded):
    /// the namespace, the marker or only its fields at the top, its figure lines, its sheet's
    /// columns.
    private func isFirst(_ bytes: ArraySlice<UInt8>, path: String, format: Format?) -> Bool {
        if Transit.isSheet(path) { return sheetRows(bytes, path: path).contains { sheetFamily($0, [first]) != nil } }
        switch format ?? Format(path: path) {
        case .xml?:
            return FamilyScan.xmlNamespace(bytes).map { $0 == first.xmlNamespace } ?? false
        case .json?:
            if let m = first.marker { return FamilyScan.jsonTopLevel(bytes, key: m.field) == m.value }
            guard let keys = FamilyScan.jsonKeys(bytes), !keys.isEmpty else { return false }
            return keys.allSatisfy { first.root.keyIndex[$0] != nil }
        case .yaml?:
            if let m = first.marker { return FamilyScan.yamlTopLevel(bytes, key: m.field) == m.value }
            let keys = FamilyScan.yamlKeys(bytes)
            return !keys.isEmpty && keys.allSatisfy { first.root.keyIndex[$0] != nil }
        case .text?:
            let head = bytes.prefix(8192)
            return first.pageKeywords.contains { containsIgnoringASCIICase(head, Array($0.utf8)) }
        case nil:
            return false
        }
    }

    /// The family whose sheet header is one of the first rows (title rows may stand above it).
    private func sheetFamily(_ rows: [[String]], _ schemas: some Sequence<Schema>) -> Schema? {
        schemas.first { s in
            guard let sheet = s.sheet else { return false }
            let names = Set(sheet.columns.map(\.name))
            if rows.contains(where: { SheetHeader.isHeader($0, names) }) { return true }
            // A wide layout's names row: every name after the first column one of a group's
            // columns, and more than one group's worth.
            guard let wide = sheet.wide, wide.namesRow <= rows.count else { return false }
            let named = rows[wide.namesRow - 1].dropFirst().filter { !$0.isEmpty }
            return named.count > wide.columns.count && named.allSatisfy { wide.column(named: $0) != nil }
        }
    }

    /// Why a sheet (`.csv`) is of no family, or nil when one family's header is there or near:
    /// no family is guessed and its columns reported.
    public func noSheetHeader(_ path: String) -> String? {
        // A file that cannot be read is reported by its reader ("cannot read: …").
        guard count > 1, let bytes = try? FileIO.readPrefix(path, count: 16 << 10) else { return nil }
        let head = bytes[...]
        let book = SheetHeader.workbookRows(head, path: path)
        // A workbook that cannot be read is reported by its reader, with the reason.
        if case .failure? = book { return nil }
        let sheets = (try? book?.get()) ?? [SheetHeader.firstRows(head)]
        let rows = sheets.first ?? []
        let schemas = self.schemas
        if sheets.contains(where: { sheetFamily($0, schemas) != nil }) || closestSheetFamily(sheets, schemas) != nil { return nil }
        let expected = schemas.compactMap { s in s.sheet.map { "\(s.roles.family): \($0.columns.prefix(3).map(\.name).joined(separator: ", ")), …" } }
        let searched = book != nil ? "the first \(SheetHeader.searchedRows) rows of any sheet" : SheetHeader.firstRowsWords(min(max(rows.count, 1), SheetHeader.searchedRows))
        return "no family's sheet header in \(searched): no cell names a column of any family's sheet (\(expected.joined(separator: "; ")))"
    }

    /// The family whose sheet's columns the first rows name most, where none is a header: its
    /// reader then says how near the closest row came.
    private func closestSheetFamily(_ sheets: [[[String]]], _ schemas: [Schema]) -> Schema? {
        let scored = schemas.flatMap { s -> [(Schema, Int)] in
            guard let sheet = s.sheet else { return [] }
            return sheets.compactMap { rows in SheetHeader.closest(rows, Set(sheet.columns.map(\.name))).map { (s, $0.matching) } }
        }
        return scored.max { $0.1 < $1.1 }?.0
    }

    /// The family whose figure keywords appear first in a page's first lines.
    private func pageFamily(_ bytes: ArraySlice<UInt8>, _ schemas: [Schema]) -> Schema? {
        let head = Array(String(decoding: bytes.prefix(8192), as: UTF8.self).lowercased().utf8)
        var best: (offset: Int, schema: Schema)?
        for s in schemas {
            for keyword in s.pageKeywords {
                if let offset = firstRange(of: Array(keyword.utf8), in: head), best == nil || offset < best!.offset { best = (offset, s) }
            }
        }
        return best?.schema
    }
}

/// Cheap looks at a document's first bytes, for telling families apart before reading it.
enum FamilyScan {
    /// The namespace of the root element (its `xmlns` attribute).
    static func xmlNamespace(_ bytes: ArraySlice<UInt8>) -> String? {
        // Over the bytes: every delimiter looked for is ASCII.
        let b = bytes.prefix(8192)
        let end = b.endIndex
        func find(_ pattern: [UInt8], from: Int, to limit: Int) -> Int? {
            var k = from
            while k + pattern.count <= limit {
                if b[k] == pattern[0] && b[k..<(k + pattern.count)].elementsEqual(pattern) { return k }
                k += 1
            }
            return nil
        }
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
        var i = b.startIndex
        // Skip the declaration, comments, processing instructions and the doctype.
        while let open = b[i..<end].firstIndex(of: lt) {
            i = open
            if i + 1 < end && (b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "!")) {
                if let comment = find(Array("<!--".utf8), from: i, to: min(i + 4, end)), comment == i {
                    guard let close = find(Array("-->".utf8), from: i + 4, to: end) else { return nil }
                    i = close + 3
                } else {
                    guard let close = b[i..<end].firstIndex(of: gt) else { return nil }
                    i = close + 1
                }
                continue
            }
            guard let close = b[i..<end].firstIndex(of: gt) else { return nil }
            guard let attr = find(Array("xmlns=".utf8), from: i, to: close) else { return nil }
            let q = attr + 6
            guard q < close, b[q] == UInt8(ascii: "\"") || b[q] == UInt8(ascii: "'") else { return nil }
            guard let stop = b[(q + 1)..<close].firstIndex(of: b[q]) else { return nil }
            return String(decoding: b[(q + 1)..<stop], as: UTF8.self)
        }
        return nil
    }

    /// The string value of a top-level key of a JSON object, or nil.
    static func jsonTopLevel(_ bytes: ArraySlice<UInt8>, key: String) -> String? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func skipSpace() { while i < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        /// A string at `i` (after its opening quote is checked), decoded for plain characters.
        func string() -> String? {
            guard i < end, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < end, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { i += 1; guard i < end else { return nil } }
                out.append(bytes[i])
                i += 1
            }
            guard i < end else { return nil }
            i += 1
            return String(decoding: out, as: UTF8.self)
        }
        /// Skips one value of any kind.
        func skipValue() -> Bool {
            skipSpace()
            guard i < end else { return false }
            if bytes[i] == UInt8(ascii: "\"") { return string() != nil }
            if bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") {
                var depth = 0
                while i < end {
                    switch bytes[i] {
                    case UInt8(ascii: "\""): if string() == nil { return false }; continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    default: break
                    }
                    i += 1
                }
                return false
            }
            while i < end, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[i]) { i += 1 }
            return true
        }
        skipSpace()
        guard i < end, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            skipSpace()
            guard let k = string() else { return nil }
            skipSpace()
            guard i < end, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            if k == key { return string() }
            guard skipValue() else { return nil }
            skipSpace()
            guard i < end, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }

    /// The keys of a JSON object's top level, or nil when the bytes do not start one (or end
    /// before its first key).
    static func jsonKeys(_ bytes: ArraySlice<UInt8>) -> [String]? {
        var keys: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var depth = 0, expectKey = false, k = 0
            let n = buffer.count
            while k < n {
                let b = buffer[k]
                k += 1
                switch b {
                case UInt8(ascii: "\""):
                    // A string: its end found by skipping to the next quote or backslash.
                    let start = k
                    while k < n {
                        let c = buffer[k]
                        if c == UInt8(ascii: "\"") { break }
                        k += c == UInt8(ascii: "\\") ? 2 : 1
                    }
                    if depth == 1 && expectKey && k < n {
                        keys.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<k]), as: UTF8.self))
                        expectKey = false
                    }
                    k += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth == 1 { expectKey = b == UInt8(ascii: "{") }
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ","): if depth == 1 { expectKey = true }
                default: break
                }
            }
        }
        return keys.isEmpty ? nil : keys
    }

    /// The keys of a YAML block mapping's top level (`key:` at column 0).
    static func yamlKeys(_ bytes: ArraySlice<UInt8>) -> [String] {
        var keys: [String] = []
        var start = bytes.startIndex
        let skip: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ".")]
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.endIndex
            if start < end, !skip.contains(bytes[start]), let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) {
                keys.append(String(decoding: bytes[start..<colon], as: UTF8.self))
            }
            start = end + 1
        }
        return keys
    }

    /// The scalar value of a top-level key of a YAML block mapping (`key: value` at column 0,
    /// plain or quoted), or nil.
    static func yamlTopLevel(_ bytes: ArraySlice<UInt8>, key: String) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard line.hasPrefix(key + ":") else { continue }
            var value = line.dropFirst(key.count + 1).drop { $0 == " " || $0 == "\t" }
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            while value.last == " " || value.last == "\t" { value = value.dropLast() }
            if let q = value.first, q == "\"" || q == "'", value.count >= 2, value.last == q { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}
