/// Writes a report as page text, following its layout (or the standard one), and refuses to
/// drop a value the layout has no place for.
struct PageWriter {
    let schema: Schema
    let types: PageTypes
    let file: String

    func write(_ report: Record) throws(ReadError) -> [UInt8] {
        let layoutEngine = PageLayout(types: types)
        let page = report["page"]?.record
        let layout = page?["layout"]?.items?.compactMap(\.text) ?? layoutEngine.standard(for: report)
        var state = RenderState(report: report, layout: layoutEngine, file: file)
        var lines: [String] = []
        lines.reserveCapacity(layout.count * 2)
        for line in layout {
            try state.renderLine(line, into: &lines)
        }
        try state.checkCoverage(derived: Set(page?["derived"]?.items?.compactMap(\.text) ?? []))

        let ending: String
        switch page?.text("line_ending") {
        case "crlf": ending = "\r\n"
        case "cr": ending = "\r"
        default: ending = "\n"
        }
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(contentsOf: ending.utf8) }
            out.append(contentsOf: line.utf8)
        }
        if page?.text("final_newline") == "true" { out.append(contentsOf: ending.utf8) }
        return out
    }
}

private struct RenderState {
    let report: Record
    let layout: PageLayout
    let file: String
    var covered: Set<String> = []

    init(report: Record, layout: PageLayout, file: String) {
        self.report = report
        self.layout = layout
        self.file = file
    }

    mutating func renderLine(_ line: String, into lines: inout [String]) throws(ReadError) {
        // A line that is only `${list}` of records: the list's items in their standard form.
        if line.hasPrefix("${"), line.hasSuffix("}"), !line.dropFirst(2).contains("$") {
            let path = String(line.dropFirst(2).dropLast())
            if !path.contains(":") && !path.contains("/") && !path.contains("|"),
               case .list(let items, _)? = try resolve(path), case .record(let first)? = items.first {
                covered.insert(path)
                for expanded in layout.expand(first.type, path: path, count: items.count) {
                    try renderLine(expanded, into: &lines)
                }
                return
            }
            if !path.contains(":") && !path.contains("/") && !path.contains("|"),
               case .list(let items, _)? = try resolve(path), items.isEmpty {
                return
            }
        }
        var out = ""
        var rest = Substring(line)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest.index(after: dollar)
            if after < rest.endIndex && rest[after] == "$" {
                out += "$"
                rest = rest[rest.index(after: after)...]
            } else if after < rest.endIndex && rest[after] == "{", let close = rest[after...].firstIndex(of: "}") {
                out += try placeholder(String(rest[rest.index(after: after)..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                out += "$"
                rest = rest[after...]
            }
        }
        out += rest
        // A record can render as several lines (a category block): the page joins them with its
        // own line ending.
        if out.utf8.contains(0x0A) {
            lines += out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else {
            lines.append(out)
        }
    }

    /// The text of one placeholder.
    mutating func placeholder(_ spec: String) throws(ReadError) -> String {
        var path = spec, argument: String?, op: Character = " "
        if let i = spec.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "|" }) {
            path = String(spec[..<i])
            op = spec[i]
            argument = String(spec[spec.index(after: i)...])
        }
        covered.insert(path)
        guard let value = try resolve(path) else { return "" }
        switch value {
        case .scalar(let text, _):
            switch op {
            case ":":
                let spelling = argument ?? ""
                if text == "true" { return spelling }
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
        for part in path.split(separator: ".") where Int(part) == nil {
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
        for part in path.split(separator: ".") {
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
        let t = layout.types
        if r.type === t.prose { return Self.prose(r) }
        if r.type === t.category { return category(r) }
        if r.type === t.statement {
            let category = r.text("category_text") ?? r.text("category") ?? ""
            let term = r.text("term").map { " " + $0 } ?? ""
            return "\(category)\(term) \(r.text("verb") ?? "") from \(r.text("from") ?? "") to \(r.text("to") ?? "")\(r.text("rest") ?? "")"
        }
        if r.type === t.result {
            return "As a result, \(r.text("subject") ?? "") Democracy Score \(r.text("verb") ?? "") from \(r.text("from") ?? "") to \(r.text("to") ?? "")\(r.text("rest") ?? "")"
        }
        // Any other record: its scalars, space-separated.
        return r.fields.compactMap { $0?.text }.joined(separator: " ")
    }

    func category(_ r: Record) -> String {
        var out = "\(r.text("name") ?? "") 1.00-7.00 pts0-7 pts\n"
        if let d = r.text("description") { out += d + " " }
        let rating = r.text("rating") ?? ""
        let rounded = r.text("rounded") ?? ExactDecimal(rating).map { $0.rounded(places: 0).description } ?? ""
        out += "\(rating)\(rounded) 7.007"
        for finding in r["findings"]?.items ?? [] {
            if let f = finding.record { out += "\n  • " + Self.prose(f) }
        }
        return out
    }

    /// A paragraph's text with its footnote markers put back.
    static func prose(_ r: Record) -> String {
        let text = r.text("text") ?? ""
        guard let notes = r["notes"]?.items, !notes.isEmpty else { return text }
        var marks: [(offset: Int, number: String)] = notes.compactMap {
            guard let n = $0.record, let o = n.text("offset").flatMap({ Int($0) }), let num = n.text("number") else { return nil }
            return (o, num)
        }
        marks.sort { $0.offset < $1.offset }
        var out = String.UnicodeScalarView()
        var k = 0, index = 0
        for scalar in text.unicodeScalars {
            while k < marks.count && marks[k].offset == index {
                out.append(contentsOf: marks[k].number.unicodeScalars)
                k += 1
            }
            out.append(scalar)
            index += 1
        }
        while k < marks.count {
            out.append(contentsOf: marks[k].number.unicodeScalars)
            k += 1
        }
        return String(out)
    }

    // MARK: - Coverage

    /// Every value of the report must have a place on the page (except those the page never
    /// prints: country, edition and scale come from elsewhere; the page record is the layout).
    func checkCoverage(derived: Set<String>) throws(ReadError) {
        let exempt: Set<String> = ["country", "edition", "scale", "page"]
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
                if r.type === t.prose || r.type === t.category || r.type === t.statement || r.type === t.result {
                    missing.append(path)
                    return
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
        if !missing.isEmpty {
            let list = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            throw ReadError(file: file, mark: report.mark,
                            "the page layout has no place for \(list); remove page.layout to write the standard layout")
        }
    }
}
