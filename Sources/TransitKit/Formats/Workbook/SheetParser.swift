internal import CLibXML2

/// A worksheet's rows, parsed by libxml2's SAX2 push parser as its zip entry is inflated under
/// it, a piece at a time: no node is built, no attribute copied but the few a cell has, and the
/// memory used is the same whatever the length of the sheet. A DTD stops the parse (a sheet has
/// none; entity tricks have no place to start).
final class SheetParser {
    typealias Body = (Int, [Workbook.Cell]) throws(ReadError) -> Bool

    private let strings: [String]
    private let places: [Int?]
    private let file: String
    private let sheet: String
    private var context: xmlParserCtxtPtr?
    private var body: Body?

    // The parse's state: the row and cell being read, and the text of a value being gathered.
    private var row = 0, column = 0, style = 0
    private var type = CellType.number
    private var cells: [Workbook.Cell] = []
    private var text: [UInt8] = []
    private var gathering = false, inInline = false, phonetic = 0, hasValue = false
    /// Why the parse stopped early: the body's error, a cell's, or the parser's own.
    private var failure: ReadError?
    private var finished = false
    private var problem: (line: Int, message: String)?

    private enum CellType { case number, shared, inline, string, boolean, other }

    init(strings: [String], places: [Int?], file: String, sheet: String) {
        self.strings = strings
        self.places = places
        self.file = file
        self.sheet = sheet
    }

    /// Parses the entry, handing each row to `body` (which returns false to stop).
    func parse(_ entry: ZipArchive.Entry, _ body: Body) throws(ReadError) {
        try withoutActuallyEscaping(body) { (body) throws(ReadError) in
            self.body = body
            defer { self.body = nil }
            var handler = Self.handler()
            guard let context = LibXML2.pushParser(&handler, user: Unmanaged.passUnretained(self).toOpaque(), url: entry.name) else {
                throw ReadError(file: file, mark: .unknown, "the workbook's '\(entry.name)' cannot be parsed")
            }
            self.context = context
            defer { xmlFreeParserCtxt(context); self.context = nil }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while failure == nil, !finished {
                let n = chunk.withUnsafeMutableBytes { entry.read(into: $0.baseAddress!, count: $0.count) }
                if n < 0 { throw entry.failure() }
                let status = chunk.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: n) { xmlParseChunk(context, $0, Int32(n), n == 0 ? 1 : 0) }
                }
                if let failure { throw failure }
                if finished { return }
                if status != 0 || context.pointee.wellFormed == 0 {
                    let (line, message) = problem ?? (Int(context.pointee.input?.pointee.line ?? 0), "malformed XML")
                    throw ReadError(file: file, mark: .unknown, "the workbook's '\(entry.name)' is not well-formed XML: line \(line): \(message)")
                }
                if n == 0 { return }
            }
            if let failure { throw failure }
        }
    }

    private static func with(_ user: UnsafeMutableRawPointer?, _ body: (SheetParser) -> Void) {
        guard let user else { return }
        body(Unmanaged<SheetParser>.fromOpaque(user).takeUnretainedValue())
    }

    private func stop(_ error: ReadError? = nil) {
        if let error, failure == nil { failure = error }
        if error == nil { finished = true }
        if let context { xmlStopParser(context) }
    }

    /// An element's local name is `name` (both NUL-terminated ASCII).
    private static func named(_ p: UnsafePointer<xmlChar>?, _ name: StaticString) -> Bool {
        guard let p else { return false }
        let n = name.utf8CodeUnitCount
        let q = name.utf8Start
        for k in 0..<n where p[k] != q[k] { return false }
        return p[n] == 0
    }

    /// An attribute's value, by local name, from SAX2's five pointers an attribute.
    private static func attribute(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ count: Int32, _ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let attributes else { return nil }
        for k in 0..<Int(count) {
            let a = attributes + 5 * k
            if named(a[0], name), let from = a[3], let to = a[4] { return UnsafeBufferPointer(start: from, count: to - from) }
        }
        return nil
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let bytes, !bytes.isEmpty, bytes.count < 10 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    private func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ count: Int32) {
        if Self.named(name, "c") {
            let reference = Self.attribute(attributes, count, "r").flatMap { Workbook.column(of: String(decoding: $0, as: UTF8.self)) }
            column = reference ?? column + 1
            style = Self.integer(Self.attribute(attributes, count, "s")) ?? 0
            type = switch Self.attribute(attributes, count, "t").map({ String(decoding: $0, as: UTF8.self) }) {
            case nil, "n"?: .number
            case "s"?: .shared
            case "inlineStr"?: .inline
            case "str"?: .string
            case "b"?: .boolean
            default: .other
            }
            text.removeAll(keepingCapacity: true)
            hasValue = false
        } else if Self.named(name, "v") {
            gathering = phonetic == 0
            hasValue = true
        } else if Self.named(name, "row") {
            row = Self.integer(Self.attribute(attributes, count, "r")) ?? row + 1
            column = 0
            cells.removeAll(keepingCapacity: true)
        } else if Self.named(name, "is") {
            inInline = true
            hasValue = true
        } else if Self.named(name, "rPh") {
            phonetic += 1
        } else if Self.named(name, "t") {
            gathering = inInline && phonetic == 0
        }
    }

    private func end(_ name: UnsafePointer<xmlChar>?) {
        if Self.named(name, "v") || Self.named(name, "t") {
            gathering = false
        } else if Self.named(name, "c") {
            if hasValue, !text.isEmpty { cell() }
        } else if Self.named(name, "row") {
            do throws(ReadError) {
                if try !(body?(row, cells) ?? false) { stop() }
            } catch {
                stop(error)
            }
        } else if Self.named(name, "is") {
            inInline = false
        } else if Self.named(name, "rPh") {
            phonetic -= 1
        }
    }

    /// The cell just read, as text.
    private func cell() {
        let value = String(decoding: text, as: UTF8.self)
        switch type {
        case .shared:
            guard let k = Int(value), k >= 0, k < strings.count else {
                var error = ReadError(file: file, mark: .cell(row: row, column: column), "the cell refers to shared string \(value), but the workbook has \(strings.count)")
                error.diagnostics[0].sheet = sheet
                return stop(error)
            }
            if !strings[k].isEmpty { cells.append(Workbook.Cell(column: column, text: strings[k])) }
        case .boolean: cells.append(Workbook.Cell(column: column, text: value == "1" ? "TRUE" : "FALSE"))
        case .number: cells.append(Workbook.Cell(column: column, text: Workbook.padded(Workbook.plainNumber(value), places: style < places.count ? places[style] : nil)))
        case .inline, .string, .other: cells.append(Workbook.Cell(column: column, text: value))
        }
    }

    private static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { user, local, _, _, _, _, count, _, attributes in SheetParser.with(user) { $0.start(local, attributes, count) } }
        h.endElementNs = { user, local, _, _ in SheetParser.with(user) { $0.end(local) } }
        h.characters = { user, p, n in
            SheetParser.with(user) { me in
                if me.gathering, let p { me.text.append(contentsOf: UnsafeBufferPointer(start: p, count: Int(n))) }
            }
        }
        h.ignorableWhitespace = h.characters
        h.internalSubset = { user, _, _, _ in
            SheetParser.with(user) { me in me.stop(ReadError(file: me.file, mark: .unknown, "the workbook's sheet '\(me.sheet)' declares a DTD, which no sheet has: refused")) }
        }
        h.serror = { user, error in
            SheetParser.with(user) { me in
                guard let error, me.problem == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                while message.hasSuffix("\n") { message.removeLast() }
                me.problem = (Int(error.pointee.line), message)
            }
        }
        return h
    }
}
