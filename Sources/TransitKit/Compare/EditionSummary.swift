/// `transit summary`: one edition of an archive against each subject's own previous edition, in
/// sentences the schema's `summary:` section writes and a table. The engine computes the figures
/// (exactly, from the model) into a record of the summary model below, which knows no family:
/// the schema's templates read that record in the rule language.
///
///     summary:
///       title: "{edition}: the year over year"
///       largest: 5                    # how many moves `largest` holds
///       sections:
///         - heading: Moves
///           lines:
///             - line: "{count(improved)} of {count(compared)} improved."
///           otherwise: "Nothing to compare."
///       table: Every subject against its previous edition
public struct EditionSummary: Sendable {
    /// The summary model: what the templates read.
    static let model = """
        summary:
          fields:
            - {name: family, type: string, doc: "The family's name."}
            - {name: edition, type: integer}
            - {name: subjects, type: integer, doc: "The subjects of the edition."}
            - {name: compared, type: "move[]", doc: "The subjects of the edition with an earlier edition in the archive, largest move first."}
            - {name: improved, type: "move[]", doc: "Those whose headline figure moved in the better direction, largest first."}
            - {name: declined, type: "move[]", doc: "Those whose headline figure moved the other way, largest first."}
            - {name: held, type: "move[]", doc: "Those whose headline figure did not move."}
            - {name: largest, type: "move[]", doc: "The largest moves either way (the section's `largest`)."}
            - {name: band_changes, type: "move[]", doc: "Those whose band is not the previous edition's."}
            - {name: new, type: "string[]", doc: "Subjects of the edition with no earlier edition in the archive."}
            - {name: missing, type: "absence[]", doc: "Subjects of the archive without this edition."}
            - {name: items, type: "item_summary[]", doc: "The items that moved, most often moved first."}
        move:
          fields:
            - {name: subject, type: string}
            - {name: previous_edition, type: integer}
            - {name: from, type: decimal, doc: "The headline figure of the previous edition (current scale)."}
            - {name: to, type: decimal}
            - {name: change, type: decimal, doc: "to - from, exact."}
            - {name: better, type: boolean, doc: "The change is in the better direction."}
            - {name: band_from, type: string}
            - {name: band_to, type: string}
            - {name: band_better, type: boolean, doc: "The band is a better one than the previous edition's (both known and different)."}
            - {name: converted, type: boolean, doc: "The previous edition was restated from the other scale."}
            - {name: moved, type: "item_move[]"}
        item_move:
          fields:
            - {name: item, type: string}
            - {name: from, type: decimal}
            - {name: to, type: decimal}
            - {name: change, type: decimal}
            - {name: better, type: boolean}
        item_summary:
          fields:
            - {name: item, type: string}
            - {name: up, type: integer, doc: "How many subjects it improved in."}
            - {name: down, type: integer, doc: "How many it declined in."}
            - {name: moved, type: integer}
            - {name: net, type: decimal, doc: "The sum of its changes."}
            - {name: improved_in, type: "string[]"}
            - {name: declined_in, type: "string[]"}
        absence:
          fields:
            - {name: subject, type: string}
            - {name: last_edition, type: integer, doc: "Its latest edition before this one."}
            - {name: next_edition, type: integer, doc: "Its first edition after this one."}
        """

    /// The schema's `summary:` section.
    public struct Spec: OptionalSection {
        struct Section: Sendable {
            var heading: TextTemplate
            var lines: [Wording.Template]
            var otherwise: TextTemplate?
        }

        var root: RecordType
        var types: [String: RecordType]
        var title: TextTemplate
        var largest: Int
        var sections: [Section]
        var table: TextTemplate?
    }

    /// A section of the summary as written: its heading and its sentences.
    public struct Written: Sendable {
        /// The section's heading, in the schema's wording.
        public var heading: String
        /// The section's sentences, one a line, in the publisher's wording.
        public var lines: [String]
    }

    /// The edition summarised.
    public let edition: Int
    /// The summary's title, from the schema's `summary:` template.
    public let title: String
    /// The sections the schema's `summary:` declares, written out.
    public let sections: [Written]
    /// The table's heading, and its rows: each subject of the edition, largest move first, then
    /// those without a previous edition.
    public let tableHeading: String
    /// The subjects of the table, each with its entry of `edition`.
    public let rows: [(subject: String, entry: ArchiveSeries.Entry)]
    /// The summary record the templates read (also the JSON form's data).
    public let record: Record
    let schema: Schema

    /// Why an edition summary could not be written.
    public enum Failure: Error, Sendable {
        /// The schema declares no `summary:` section (the message says so, naming the schema).
        case noSummary(String)
        /// The archive holds no report of the edition asked for.
        case noEdition(String)
        /// A template of the schema's `summary:` could not be filled (the message says where).
        case template(String)
    }

    /// The summary of `edition` in `series`.
    public init(_ series: ArchiveSeries, edition: Int) throws(Failure) {
        let schema = series.schema
        guard let spec = schema.sections[Spec?.self] else {
            throw .noSummary("\(schema.file): the schema has no 'summary:' section, so there is no summary to write")
        }
        guard series.editions.contains(edition) else {
            throw .noEdition("the archive holds no report of edition \(edition) (its editions: \(Self.ranges(series.editions)))")
        }
        self.schema = schema
        self.edition = edition
        let T = spec.types
        func decimal(_ d: ExactDecimal) -> Value { .scalar(d.description, .unknown) }
        func list(_ values: [Value]) -> Value { .list(values, .unknown) }

        var moves: [(subject: String, entry: ArchiveSeries.Entry, record: Record)] = []
        var new: [(subject: String, entry: ArchiveSeries.Entry)] = []
        var missing: [Value] = []
        var inEdition = 0
        for s in series.subjects {
            guard let e = s.entries.first(where: { $0.edition == edition }) else {
                var a = Record(T["absence"]!)
                a.set("subject", s.name)
                a.set("last_edition", s.entries.last(where: { $0.edition < edition }).map { String($0.edition) })
                a.set("next_edition", s.entries.first(where: { $0.edition > edition }).map { String($0.edition) })
                missing.append(.record(a))
                continue
            }
            inEdition += 1
            guard let previous = e.previous, let from = e.previousHeadline, let to = e.headline, let change = e.change else {
                new.append((s.name, e))
                continue
            }
            let m = Self.move(s, e, previous: previous, from: from, to: to, change: change, series: series, types: T)
            moves.append((s.name, e, m))
        }
        let zero = ExactDecimal(units: 0, scale: 0)
        func magnitude(_ d: ExactDecimal) -> ExactDecimal { d < zero ? zero.minus(d) : d }
        moves.sort { a, b in
            let (x, y) = (magnitude(a.entry.change!), magnitude(b.entry.change!))
            return x != y ? x > y : a.subject < b.subject
        }
        var summary = Record(spec.root)
        summary.set("family", schema.roles.family)
        summary.set("edition", String(edition))
        summary.set("subjects", String(inEdition))
        summary["compared"] = list(moves.map { .record($0.record) })
        summary["improved"] = list(moves.filter { series.direction($0.entry.change!) > 0 }.map { .record($0.record) })
        summary["declined"] = list(moves.filter { series.direction($0.entry.change!) < 0 }.map { .record($0.record) })
        summary["held"] = list(moves.filter { $0.entry.change! == zero }.sorted { $0.subject < $1.subject }.map { .record($0.record) })
        summary["largest"] = list(moves.filter { $0.entry.change! != zero }.prefix(spec.largest).map { .record($0.record) })
        summary["band_changes"] = list(moves.filter { $0.entry.bandChanged }.sorted { $0.subject < $1.subject }.map { .record($0.record) })
        new.sort { $0.subject < $1.subject }
        summary["new"] = list(new.map { .scalar($0.subject, .unknown) })
        summary["missing"] = list(missing)
        summary["items"] = Self.items(moves.map { ($0.subject, $0.entry) }, schema: schema, types: T)
        record = summary

        func one(_ parts: TextTemplate) throws(Failure) -> String {
            do throws(EvaluationError) {
                return try Wording.render(parts, root: summary, schema: schema)
            } catch {
                throw .template("\(schema.file): summary: \(error.message)")
            }
        }
        title = try one(spec.title)
        var written: [Written] = []
        for section in spec.sections {
            let lines: [String]
            do throws(EvaluationError) {
                lines = try Wording.render(section.lines, otherwise: section.otherwise, root: summary, schema: schema)
            } catch {
                throw .template("\(schema.file): summary: \(error.message)")
            }
            written.append(Written(heading: try one(section.heading), lines: lines))
        }
        sections = written
        tableHeading = try spec.table.map(one) ?? ""
        rows = moves.map { ($0.subject, $0.entry) } + new
    }

    /// A subject's move from its previous edition, as the summary model's `move` record.
    private static func move(_ s: ArchiveSeries.Subject, _ e: ArchiveSeries.Entry, previous: Int, from: ExactDecimal, to: ExactDecimal,
                             change: ExactDecimal, series: ArchiveSeries, types T: [String: RecordType]) -> Record {
        func decimal(_ d: ExactDecimal) -> Value { .scalar(d.description, .unknown) }
        var m = Record(T["move"]!)
        m.set("subject", s.name)
        m.set("previous_edition", String(previous))
        m["from"] = decimal(from)
        m["to"] = decimal(to)
        m["change"] = decimal(change)
        m.set("better", series.direction(change) > 0 ? "true" : "false")
        m.set("band_from", e.previousBand)
        m.set("band_to", e.band)
        if e.bandChanged, let a = series.bandRank(e.previousBand), let b = series.bandRank(e.band) { m.set("band_better", b > a ? "true" : "false") }
        let before = s.entries.first { $0.edition == previous }
        m.set("converted", (before?.converted ?? false) && !e.converted ? "true" : "false")
        m["moved"] = .list(e.moved.map { move in
            var r = Record(T["item_move"]!)
            r.set("item", move.key)
            r["from"] = decimal(move.from)
            r["to"] = decimal(move.to)
            r["change"] = decimal(move.change)
            r.set("better", move.improved ? "true" : "false")
            return .record(r)
        }, .unknown)
        return m
    }

    /// Each item: in how many subjects it moved either way, and its net change; the items that
    /// moved most first (then by the size of the net change, then in the schema's order).
    private static func items(_ moves: [(subject: String, entry: ArchiveSeries.Entry)], schema: Schema, types T: [String: RecordType]) -> Value {
        let zero = ExactDecimal(units: 0, scale: 0)
        func magnitude(_ d: ExactDecimal) -> ExactDecimal { d < zero ? zero.minus(d) : d }
        var byItem: [String: (up: [String], down: [String], net: ExactDecimal)] = [:]
        for m in moves {
            for move in m.entry.moved {
                var t = byItem[move.key] ?? ([], [], zero)
                if move.improved { t.up.append(m.subject) } else { t.down.append(m.subject) }
                t.net = t.net.plus(move.change)
                byItem[move.key] = t
            }
        }
        let ranked = schema.itemOrder(Array(byItem.keys)).enumerated().sorted { a, b in
            let (x, y) = (byItem[a.element]!, byItem[b.element]!)
            if x.up.count + x.down.count != y.up.count + y.down.count { return x.up.count + x.down.count > y.up.count + y.down.count }
            if magnitude(x.net) != magnitude(y.net) { return magnitude(x.net) > magnitude(y.net) }
            return a.offset < b.offset
        }.map(\.element)
        return .list(ranked.map { key in
            let t = byItem[key]!
            var r = Record(T["item_summary"]!)
            r.set("item", key)
            r.set("up", String(t.up.count))
            r.set("down", String(t.down.count))
            r.set("moved", String(t.up.count + t.down.count))
            r["net"] = .scalar(t.net.description, .unknown)
            r["improved_in"] = .list(t.up.sorted().map { .scalar($0, .unknown) }, .unknown)
            r["declined_in"] = .list(t.down.sorted().map { .scalar($0, .unknown) }, .unknown)
            return .record(r)
        }, .unknown)
    }

    /// `2005–2012, 2014, 2016–2018`.
    static func ranges(_ editions: [Int]) -> String {
        var out: [String] = []
        var k = 0
        while k < editions.count {
            var j = k
            while j + 1 < editions.count && editions[j + 1] == editions[j] + 1 { j += 1 }
            out.append(j > k ? "\(editions[k])–\(editions[j])" : "\(editions[k])")
            k = j + 1
        }
        return out.joined(separator: ", ")
    }

    // MARK: - Forms
}

extension SchemaLoader {
    mutating func loadSummary(_ node: YAMLNode?) -> EditionSummary.Spec? {
        guard let node else { return nil }
        let types = declareTypes(EditionSummary.model, file: "(the summary model)")
        guard let root = types["summary"] else { return nil }
        checkKeys(node, .summary)
        guard let titleNode = node["title"], let title = loadTemplate(titleNode, root: root, context: "summary 'title'") else {
            if node["title"] == nil { sink.error(node.mark, "summary needs a 'title' (a template)") }
            return nil
        }
        var largest = 5
        if let l = node["largest"] {
            if let n = l.string.flatMap({ Int($0) }), n > 0 { largest = n } else { sink.error(l.mark, "summary 'largest' is a whole number above 0") }
        }
        var sections: [EditionSummary.Spec.Section] = []
        var ok = true
        for s in node["sections"]?.sequence ?? [] {
            checkKeys(s, .summarySection)
            guard let h = s["heading"], let heading = loadTemplate(h, root: root, context: "a summary section's 'heading'") else {
                if s["heading"] == nil { sink.error(s.mark, "a summary section needs a 'heading'") }
                ok = false
                continue
            }
            let context = "summary section '\(h.string ?? "")'"
            guard let lines = loadTemplates(s["lines"], root: root, context: context) else { ok = false; continue }
            var otherwise: TextTemplate?
            if let o = s["otherwise"] {
                otherwise = loadTemplate(o, root: root, context: "\(context): 'otherwise'")
                if otherwise == nil { ok = false }
            }
            sections.append(.init(heading: heading, lines: lines, otherwise: otherwise))
        }
        var table: TextTemplate?
        if let t = node["table"] {
            table = loadTemplate(t, root: root, context: "summary 'table'")
            if table == nil { ok = false }
        }
        guard ok else { return nil }
        return EditionSummary.Spec(root: root, types: types, title: title, largest: largest, sections: sections, table: table)
    }
}

extension KeyTable {
    static let summary = KeyTable("summary", "summary", "The sentences of `transit summary`, templates over the summary model.", [
        .required("title", .template, "The page's title."),
        .key("largest", .integer, absent: "5", "How many moves `largest` holds."),
        .key("sections", .list(.keys(summarySection)), "The sections, in order."),
        .key("table", .template, "The heading of the table of every subject."),
    ])

    static let summarySection = KeyTable("summary-section", "a summary section", "A section of the summary.", [
        .required("heading", .template, "Its heading."),
        .key("lines", .list(.keys(templateLine)), "Its sentences, as in the wording."),
        .key("otherwise", .template, "The sentence when no line applies."),
    ])
}
