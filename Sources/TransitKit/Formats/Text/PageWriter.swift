/// Writes a report as page text, following its layout (or the standard one), and refuses to
/// drop a value the layout has no place for.
struct PageWriter {
    let schema: Schema
    let types: PageTypes
    let file: String

    func write(_ report: Record) throws(ReadError) -> [UInt8] {
        try written(report).page
    }

    /// The page of `report`, and the report as the page carries it: a figure the layout has no
    /// line for, which the layout's `derive` transform gives back the same (a total the page
    /// prints only in its footer, written by hand without `page.derived`), is marked derived,
    /// as the reader marks it.
    func written(_ report: Record) throws(ReadError) -> (page: [UInt8], carried: Record) {
        let (page, missing) = try render(report)
        if missing.isEmpty { return (page, report) }
        if let marked = markDerivable(report, missing) {
            let (page, left) = try render(marked)
            if left.isEmpty { return (page, marked) }
        }
        throw coverageError(report, missing)
    }

    /// Why the page cannot be written: values it has no place for.
    private func coverageError(_ report: Record, _ missing: [String]) -> ReadError {
        let list = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
        if report[types.spec.page]?.record?["layout"] != nil {
            return ReadError(file: file, mark: report.mark, "the page's own layout (page.layout) has no place for \(list); remove page.layout to write the standard layout")
        }
        // A top line that would print one, written only when its other fields have values.
        for line in types.spec.lines {
            let names = line.fields.map { line.type.fields[$0].name }
            guard names.contains(where: missing.contains) else { continue }
            let absent = line.required.map { line.type.fields[$0].name }.filter { report.value(at: ModelPath($0)) == nil }
            guard !absent.isEmpty else { continue }
            return ReadError(file: file, mark: report.mark,
                             "the family's page has no place for \(list): the line that prints \(missing.count == 1 ? "it" : "them"), '\(line.template)', is written only with \(absent.joined(separator: ", ")) too")
        }
        return ReadError(file: file, mark: report.mark,
                         "the family's page has no place for \(list): its layout prints no line for \(missing.count == 1 ? "it" : "them"), and its 'derive' transform does not give \(missing.count == 1 ? "it" : "them") back the same")
    }

    /// `report` with its top-level figures the page has no place for (`missing`) marked derived,
    /// when the layout's `derive` transform computes each of them the same; nil when it does not.
    private func markDerivable(_ report: Record, _ missing: [String]) -> Record? {
        guard report[types.spec.page]?.record?["layout"] == nil, let derivation = schema.sections[PageDerivation?.self],
              missing.allSatisfy({ !$0.contains(".") }) else { return nil }
        let page = report[types.spec.page]?.record
        var derived = page?["derived"]?.items?.compactMap(\.text) ?? []
        var stripped = report
        for name in missing { stripped[name] = nil }
        guard case .success(let after) = derivation.derive(stripped, schema),
              missing.allSatisfy({ after.text($0) != nil && after.text($0) == report.text($0) }) else { return nil }
        derived += missing
        var marked = report
        var newPage = page ?? Record(types.page)
        newPage["derived"] = .list(derived.map { .scalar($0, .unknown) }, .unknown)
        marked[types.spec.page] = .record(newPage)
        return marked
    }

    /// The page of `report`, and the values it has no place for.
    private func render(_ report: Record) throws(ReadError) -> (page: [UInt8], missing: [String]) {
        let layoutEngine = PageLayout(types: types, schema: schema)
        let page = report[types.spec.page]?.record
        let layout = page?["layout"]?.items?.compactMap(\.text) ?? layoutEngine.standard(for: report)
        let ending: [UInt8]
        switch page?.text("line_ending") {
        case "crlf": ending = [0x0D, 0x0A]
        case "cr": ending = [0x0D]
        default: ending = [0x0A]
        }
        var state = RenderState(report: report, layout: layoutEngine, file: file, ending: ending)
        for line in layout {
            try state.renderLine(line)
        }
        let missing = state.missing(derived: Set(page?["derived"]?.items?.compactMap(\.text) ?? []))
        if page?.text("final_newline") == "true" { state.out.append(contentsOf: ending) }
        if page?.text("bom") == "true" { state.out.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
        return (state.out, missing)
    }
}

private struct RenderState {
    let report: Record
    let layout: PageLayout
    let file: String
    /// The page's line ending, and the page so far.
    let ending: [UInt8]
    var out: [UInt8] = []
    var lineCount = 0
    var covered: Set<String> = []

    init(report: Record, layout: PageLayout, file: String, ending: [UInt8]) {
        self.report = report
        self.layout = layout
        self.file = file
        self.ending = ending
        out.reserveCapacity(16_384)
    }

    mutating func renderLine(_ line: String) throws(ReadError) {
        // A line that is only `${list}` of records: the list's items in their standard form.
        if line.hasPrefix("${"), line.hasSuffix("}"), !line.utf8.dropFirst(2).contains(UInt8(ascii: "$")) {
            let path = String(line.dropFirst(2).dropLast())
            let plain = !path.utf8.contains { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "|") }
            if plain, case .list(let items, _)? = try resolve(path) {
                if case .record(let first)? = items.first {
                    covered.insert(path)
                    if layout.printsItemWhole(first.type) {
                        // Each item is its own line, the record in page form: rendered as it
                        // stands, with no layout line made for it and parsed again.
                        let separator = layout.separator(first.type)
                        for (i, item) in items.enumerated() {
                            if i > 0 { for s in separator { try renderLine(s) } }
                            if lineCount > 0 { out.append(contentsOf: ending) }
                            lineCount += 1
                            if case .record(let r) = item { emit(r) } else { appendRendered(item.text ?? "") }
                        }
                        return
                    }
                    for expanded in layout.expand(first.type, path: path, count: items.count) {
                        try renderLine(expanded)
                    }
                    return
                }
                if items.isEmpty { return }
            }
        }
        if lineCount > 0 { out.append(contentsOf: ending) }
        lineCount += 1
        // A line with no placeholder (most literal lines) is its own text.
        guard line.utf8.contains(UInt8(ascii: "$")) else {
            out.append(contentsOf: line.utf8)
            return
        }
        let bytes = Array(line.utf8)
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            guard b == UInt8(ascii: "$"), k + 1 < bytes.count else {
                out.append(b)
                k += 1
                continue
            }
            if bytes[k + 1] == UInt8(ascii: "$") {
                out.append(b)
                k += 2
            } else if bytes[k + 1] == UInt8(ascii: "{"), let close = bytes[(k + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                appendRendered(try placeholder(String(decoding: bytes[(k + 2)..<close], as: UTF8.self)))
                k = close + 1
            } else {
                out.append(b)
                k += 1
            }
        }
    }

    /// Appends a value's text; a record can render as several lines (an item's block), which
    /// the page joins with its own line ending.
    private mutating func appendRendered(_ text: String) {
        if ending == [0x0A] {
            out.append(contentsOf: text.utf8)
            return
        }
        for b in text.utf8 {
            if b == 0x0A { out.append(contentsOf: ending) } else { out.append(b) }
        }
    }

    /// The text of one placeholder.
    mutating func placeholder(_ spec: String) throws(ReadError) -> String {
        var path = spec, argument: String?, op: Character = " "
        if let i = spec.utf8.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "|") }) {
            path = String(spec[..<i])
            op = Character(Unicode.Scalar(spec.utf8[i]))
            argument = String(spec[spec.utf8.index(after: i)...])
        }
        covered.insert(path)
        guard let value = try resolve(path) else { return "" }
        switch value {
        case .scalar(let text, _):
            switch op {
            case ":":
                let spelling = argument ?? ""
                if text == "true" { return spelling }
                // A flag's line that says this value (`(0 = Best, 100 = Worst)`: the old scale).
                if layout.types.spec.flags.contains(where: { $0.field == path && $0.value == text && $0.line == spelling }) { return spelling }
                if text == "false" { return "" }
                return canonical(spelling, for: path) == text ? spelling : text
            case "|":
                guard argument == "round", let d = ExactDecimal(text) else { return text }
                return d.rounded(places: 0).description
            default:
                return text
            }
        case .list(let items, _):
            return items.map { $0.text ?? "" }.joined(separator: op == "/" ? argument ?? " and " : " and ")
        case .record(let r):
            return render(r)
        }
    }

    /// The canonical value of an enumeration spelling at `path` (or the spelling itself).
    func canonical(_ spelling: String, for path: String) -> String {
        guard let field = field(at: path), case .enumeration(let e) = field.kind else { return spelling }
        return e.canonical(spelling) ?? spelling
    }

    func field(at path: String) -> Field? {
        var type: RecordType? = report.type
        var result: Field?
        for part in path.utf8.split(separator: UInt8(ascii: ".")).map({ Substring($0) }) where Int(part) == nil {
            guard let t = type, let i = t.lookup(String(part)) else { return nil }
            result = t.fields[i]
            switch t.fields[i].kind {
            case .record(let r): type = r
            case .list(.record(let r)): type = r
            default: type = nil
            }
        }
        return result
    }

    /// The value at a dotted path, nil when absent. A name the schema does not have is an error.
    func resolve(_ path: String) throws(ReadError) -> Value? {
        var value: Value? = .record(report)
        for part in path.utf8.split(separator: UInt8(ascii: ".")).map({ Substring($0) }) {
            switch value {
            case .record(let r)?:
                guard let i = r.type.lookup(String(part)) else {
                    throw ReadError(file: file, mark: .unknown, "the page layout names '\(path)', but '\(r.type.name)' has no field '\(part)'")
                }
                value = r.fields[i]
            case .list(let items, _)?:
                guard let i = Int(part) else {
                    throw ReadError(file: file, mark: .unknown, "the page layout names '\(path)': '\(part)' is not a list index")
                }
                value = i < items.count ? items[i] : nil
            default:
                return nil
            }
        }
        return value
    }

    // MARK: - Records in page form

    func render(_ r: Record) -> String {
        let t = layout.types, spec = t.spec
        if r.type === t.prose { return Self.prose(r, spec) }
        if r.type === t.item, let items = spec.items { return itemBlock(r, items) }
        if r.type === t.statement, let s = spec.changes?.statements {
            // The item as printed, where that differs from its name.
            guard let printed = s.printed.flatMap({ r[$0] }) else { return s.line.write(r) }
            var shown = r
            shown[s.key] = printed
            return s.line.write(shown)
        }
        if let section = spec.sections.first(where: { $0.sentence?.type === r.type }), let s = section.sentence { return s.write(r) }
        if let extra = spec.items?.extras.first(where: { $0.type === r.type }) {
            var out = extra.header + "\n"
            if let d = r.text(extra.description) { out += d + " " }
            let v = r.text(extra.rating) ?? "0"
            let places = String(repeating: "0", count: spec.items?.places ?? 2)
            out += v == "0" ? "0.\(places)0" : (extra.negative ? "-\(v).\(places)-\(v)" : "\(v).\(places)\(v)")
            for p in r[extra.paragraphs]?.items ?? [] { if let p = p.record { out += "\n\n" + Self.prose(p, spec) } }
            return out
        }
        if let note = spec.items?.note, r.type === note.line.type { return note.line.write(r) }
        if r.type === t.result, let s = spec.changes?.result { return s.line.write(r) }
        // Any other record: its scalars, space-separated.
        return r.fields.compactMap { $0?.text }.joined(separator: " ")
    }

    /// A record in page form, appended to the page: a paragraph or an item's block is written
    /// straight into it (the bulk of a page), any other record through its text.
    mutating func emit(_ r: Record) {
        let t = layout.types
        if r.type === t.prose { return Self.appendProse(r, t.spec, to: &out) }
        if r.type === t.item, let items = t.spec.items { return Self.appendItemBlock(r, items, t.spec, ending: ending, to: &out) }
        appendRendered(render(r))
    }

    func itemBlock(_ r: Record, _ items: PageSpec.Items) -> String {
        var out: [UInt8] = []
        Self.appendItemBlock(r, items, layout.types.spec, ending: [0x0A], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An item's block: its header line, the description and rating line, its findings (each a
    /// paragraph after a blank line, or a bullet) and its note; lines end in `ending`.
    static func appendItemBlock(_ r: Record, _ items: PageSpec.Items, _ spec: PageSpec, ending: [UInt8], to out: inout [UInt8]) {
        let name = r.text(items.header.field)
        out.append(contentsOf: items.header.prefix.utf8)
        out.append(contentsOf: (name ?? "").utf8)
        out.append(contentsOf: items.expand(items.header.suffix, name).utf8)
        out.append(contentsOf: ending)
        if let line = items.line {
            out.append(contentsOf: (line.grammar(name)?.write(r) ?? "").utf8)
        } else {
            appendGluedRating(r, items, name, to: &out)
        }
        for finding in r[items.bullets]?.items ?? [] {
            guard let f = finding.record else { continue }
            out.append(contentsOf: ending)
            if items.paragraphs { out.append(contentsOf: ending) } else { out.append(contentsOf: spec.bullet.utf8) }
            appendProse(f, spec, to: &out)
        }
        if let note = items.note, let n = r[note.field]?.record {
            out.append(contentsOf: ending)
            out.append(contentsOf: ending)
            let text = n.type === note.line.type ? note.line.write(n)
                                                     : n.fields.compactMap { $0?.text }.joined(separator: " ")
            out.append(contentsOf: text.utf8)
        }
    }

    /// `<description> <rating><whole number> <max>`: the rating glued to its whole number.
    static func appendGluedRating(_ r: Record, _ items: PageSpec.Items, _ name: String?, to out: inout [UInt8]) {
        if let d = r.text(items.description) {
            out.append(contentsOf: d.utf8)
            out.append(UInt8(ascii: " "))
        }
        var rating = r.text(items.rating) ?? ""
        let rounded = items.rounded.flatMap { r.text($0) } ?? ExactDecimal(rating).map { $0.rounded(places: 0).description } ?? ""
        // A whole-number rating prints its decimals.
        if items.wholeRating, let d = ExactDecimal(rating) { rating = ExactDecimal(units: d.units * Int64(pow10(items.places)), scale: items.places).description }
        out.append(contentsOf: rating.utf8)
        out.append(contentsOf: rounded.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: items.expand(items.max, name).utf8)
    }

    /// A paragraph's text with its footnote markers put back.
    static func prose(_ r: Record, _ spec: PageSpec) -> String {
        var out: [UInt8] = []
        appendProse(r, spec, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a paragraph's text with its footnote markers put back.
    static func appendProse(_ r: Record, _ spec: PageSpec, to out: inout [UInt8]) {
        var text = r.fields[spec.proseText]?.text ?? ""
        guard let notes = r.fields[spec.proseNotes]?.items, !notes.isEmpty else { return out.append(contentsOf: text.utf8) }
        var marks: [(offset: Int, number: String)] = notes.compactMap {
            guard let n = $0.record, let o = n.fields[spec.noteOffset]?.text.flatMap({ Int($0) }), let num = n.fields[spec.noteNumber]?.text else { return nil }
            return (o, num)
        }
        marks.sort { $0.offset < $1.offset }
        // Offsets count Unicode scalars: a scalar starts at every byte that is not a
        // continuation byte. The text between two markers is copied whole, and the scan stops
        // at the last marker.
        text.withUTF8 { bytes in
            var k = 0, scalar = 0, copied = 0, i = 0
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while i < bytes.count, k < marks.count {
                // Eight ASCII bytes short of the next marker: eight scalars at once.
                if i + 8 <= bytes.count, marks[k].offset >= scalar + 8,
                   base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    scalar += 8
                    continue
                }
                if bytes[i] & 0xC0 != 0x80 {
                    while k < marks.count && marks[k].offset == scalar {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                        copied = i
                        out.append(contentsOf: marks[k].number.utf8)
                        k += 1
                    }
                    scalar += 1
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            while k < marks.count {
                out.append(contentsOf: marks[k].number.utf8)
                k += 1
            }
        }
    }

    // MARK: - Coverage

    /// The values of the report the page has no place for (every value must have one, except
    /// those the page never prints: the identity comes from elsewhere; the page record is the
    /// layout).
    func missing(derived: Set<String>) -> [String] {
        // What the page need not print: the identity (a file name gives it), what the note's
        // wording tells, and the page record itself.
        let spec = layout.types.spec
        let exempt = Set([spec.name, layout.schema.roles.edition.path.description, spec.page] + (spec.title.map { [$0.field] } ?? []) + (spec.note?.marks.map(\.field) ?? [])
                         + (layout.schema.marker.map { [$0.field] } ?? []))
        var missing: [String] = []
        func walk(_ value: Value, _ path: String) {
            if covered.contains(path) { return }
            switch value {
            case .scalar:
                missing.append(path)
            case .list(let items, _):
                for (i, item) in items.enumerated() { walk(item, "\(path).\(i)") }
            case .record(let r):
                let t = layout.types
                if r.type === t.prose || r.type === t.item || r.type === t.statement || r.type === t.result {
                    // A block printed whole, or field by field (a copy's own lines).
                    let prefix = path + "."
                    if !covered.contains(where: { $0.hasPrefix(prefix) }) {
                        missing.append(path)
                        return
                    }
                }
                for (field, v) in zip(r.type.fields, r.fields) {
                    if let v { walk(v, "\(path).\(field.name)") }
                }
            }
        }
        for (field, value) in zip(report.type.fields, report.fields) {
            guard let value, !exempt.contains(field.name), !derived.contains(field.name) else { continue }
            walk(value, field.name)
        }
        return missing
    }
}

/// 10 to the power `n`.
private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 10 } }
