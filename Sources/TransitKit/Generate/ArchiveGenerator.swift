/// Generates archives of plausible, valid reports of any family, for benchmarks and tests, from
/// its schema alone:
/// - per subject a series of editions whose rated items (the `items` role) walk the grid of
///   their value field (its `minimum`, `maximum` and `multiple-of`) one step at a time;
/// - every figure that follows from them computed by the schema's `derive` transform, which
///   sees the previous edition;
/// - the changes section written by the schema's wording and read back by the page engine, as
///   a page would carry it;
/// - the free text made up: strings, lists of names, and prose paragraphs (the layout's prose
///   type) with footnote markers numbered 1, 2, 3… through each section (or through the page,
///   where the layout numbers them so).
///
/// Fields the generator cannot make up (other records, enumerations and numbers outside the
/// derivation) stay absent unless required. Deterministic: the same seed gives the same archive.
public struct ArchiveGenerator: Sendable {
    /// The seed of the pseudo-random choices: the same seed gives the same reports.
    public var seed: UInt64
    /// Paragraphs of a prose list of the report, and of a prose list of an item.
    public var paragraphs = 8
    /// Paragraphs of each prose list of an item.
    public var paragraphsPerItem = 3
    /// Sentences per paragraph.
    public var sentences = 6...9

    /// The family the reports are made for.
    public let schema: Schema
    private let layout: PageTypes?

    /// A generator of `schema`'s reports, made up from `seed`.
    public init(schema: Schema, seed: UInt64 = 1) {
        self.schema = schema
        self.seed = seed
        layout = try? PageTypes(schema)
    }

    /// The grid of the items' values: `count + 1` points from `low` in steps of `step`, printed
    /// with `places` decimals.
    private struct Grid {
        var low: ExactDecimal
        var step: ExactDecimal
        var count: Int
        var places: Int

        init(_ field: Field?) {
            let facets = field?.facets ?? Facets()
            let isInteger: Bool
            if case .integer? = field?.kind { isInteger = true } else { isInteger = false }
            places = isInteger ? 0 : (facets.decimals ?? facets.multipleOf?.scale ?? 0)
            low = facets.minimum ?? ExactDecimal(units: 0, scale: 0)
            let step = facets.multipleOf ?? ExactDecimal(units: 1, scale: places), low = self.low
            self.step = step
            let high = facets.maximum.map { Rational($0) } ?? Rational(low).adding(Rational(10))
            let span = high?.subtracting(Rational(low)).flatMap { $0.divided(by: Rational(step)) }
            count = max(1, Int(span?.rounded(places: 0)?.description ?? "10") ?? 10)
        }

        func value(_ k: Int) -> String {
            let v = Rational(low).adding(Rational(step).multiplied(by: Rational(Int64(k)))!)!
            return v.rounded(places: places)!.description
        }
    }

    /// One series per subject: the reports of `editions` (each with the items its edition
    /// rates, on the current scale), oldest first.
    public func series(subject: String, editions: [Int]) -> [Record] {
        var rng = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: subject.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }))
        let grid = Grid(schema.roles.items.flatMap { role in
            role.list.field(in: schema.root).flatMap { f -> Field? in
                guard case .list(.record(let type)) = f.kind, let i = type.lookup(role.value) else { return nil }
                return type.fields[i]
            }
        })
        // Each item's place on the grid: it starts in the middle two thirds (when it is first
        // rated) and moves a step at a time.
        var steps: [String: Int] = [:], seen: [String] = []
        var previous: Record?
        var out: [Record] = []
        for edition in editions {
            if previous != nil {
                for name in seen where rng.next(in: 0...3) == 0 {
                    steps[name] = min(grid.count, max(0, steps[name]! + (rng.next(in: 0...1) == 0 ? -1 : 1)))
                }
            }
            let names = schema.items(forEdition: edition).map(\.name)
            for name in names where steps[name] == nil {
                steps[name] = rng.next(in: (grid.count / 12)...(grid.count * 5 / 6))
                seen.append(name)
            }
            let report = self.report(subject: subject, edition: edition, items: names.map { ($0, grid.value(steps[$0]!)) }, previous: previous, rng: &rng)
            out.append(report)
            previous = report
        }
        return out
    }

    private func report(subject: String, edition: Int, items: [(name: String, value: String)], previous: Record?, rng: inout SplitMix64) -> Record {
        let roles = schema.roles
        var r = Record(schema.root)
        r.set(at: roles.subject.path, subject)
        r.set(at: roles.edition.path, String(edition))
        if let scale = roles.scale { r.set(at: scale.path, scale.current) }
        if let role = roles.items, case .list(.record(let type))? = role.list.field(in: schema.root)?.kind {
            let list: [Value] = items.map { item in
                var record = Record(type)
                record.set(role.key, item.name)
                record.set(role.value, item.value)
                fill(&record, depth: 1, &rng)
                return .record(record)
            }
            r.set(at: role.list, .list(list, .unknown))
        }
        fill(&r, depth: 0, &rng)
        numberNotesThroughPage(&r)
        if let id = roles.derive, let derive = schema.transform(id), let derived = try? derive.apply(to: r, previous: previous, schema: schema) {
            r = derived
        }
        if let previous, let layout, let changes = layout.spec.changes, schema.wording.changes != nil,
           let lines = try? ChangesSection.lines(old: previous, new: r, schema: schema, oldFile: "", newFile: ""),
           let section = PageReader.changesSection(lines, schema: schema, types: layout) {
            r[changes.field] = section
        }
        return r
    }

    /// Makes up the free text of `record` where it is absent: strings, lists of names, prose
    /// lists; required fields of other kinds get the first value they may take.
    private func fill(_ record: inout Record, depth: Int, _ rng: inout SplitMix64) {
        let notice = layout?.spec.notice?.field, note = layout?.spec.note
        for (i, field) in record.type.fields.enumerated() where record.fields[i] == nil {
            if depth == 0, field.name == notice { continue }  // a placeholder for a report not yet out
            if depth == 0, let note, field.name == note.field {
                // The note as the page engine knows it, with the words that tell what the report says
                // of itself (its scale).
                let tells = note.marks.filter { record.text($0.field) == $0.value }.compactMap(\.keywords.first)
                record.set(field.name, ([note.starts.first, note.keywords.first].compactMap { $0 } + tells).joined(separator: ", ") + ".")
                continue
            }
            switch field.kind {
            case .string:
                record.set(field.name, sentence(&rng))
            case .list(.string):
                record[field.name] = .list([.scalar(name(&rng), .unknown)], .unknown)
            case .list(.record(let type)) where type === layout?.prose:
                record[field.name] = .list(section(paragraphs: depth == 0 ? paragraphs : paragraphsPerItem, &rng), .unknown)
            case .enumeration(let e) where field.required:
                record.set(field.name, e.values.first)
            case .decimal where field.required, .integer where field.required:
                record.set(field.name, (field.facets.minimum ?? ExactDecimal(units: 0, scale: 0)).description)
            case .boolean where field.required:
                record.set(field.name, "false")
            case .record(let type) where field.required:
                var inner = Record(type)
                fill(&inner, depth: depth + 1, &rng)
                record[field.name] = .record(inner)
            default:
                break
            }
        }
    }

    /// Where the page numbers its notes on through the page (`numbering: page`), the made-up
    /// markers numbered again in page order: the sections in the layout's order, then each item's
    /// paragraphs.
    private func numberNotesThroughPage(_ r: inout Record) {
        guard let spec = layout?.spec, spec.notesThroughPage else { return }
        var next = 1
        func renumber(_ value: Value?) -> Value? {
            guard case .list(let paragraphs, let m)? = value else { return value }
            return .list(paragraphs.map { p in
                guard case .record(var paragraph) = p, case .list(let notes, let nm)? = paragraph.fields[spec.proseNotes] else { return p }
                paragraph.fields[spec.proseNotes] = .list(notes.map { n in
                    guard case .record(var note) = n else { return n }
                    note.fields[spec.noteNumber] = .scalar(String(next), .unknown)
                    next += 1
                    return .record(note)
                }, nm)
                return .record(paragraph)
            }, m)
        }
        for section in spec.sections where r[section.field] != nil { r[section.field] = renumber(r[section.field]) }
        if let items = spec.items, case .list(let list, let m)? = r[items.list] {
            r[items.list] = .list(list.map { item in
                guard case .record(var record) = item, record[items.bullets] != nil else { return item }
                record[items.bullets] = renumber(record[items.bullets])
                return .record(record)
            }, m)
        }
    }

    /// Paragraphs whose footnote markers run 1, 2, 3… across the section.
    private func section(paragraphs: Int, _ rng: inout SplitMix64) -> [Value] {
        guard let layout else { return [] }
        let spec = layout.spec
        var marker = 1
        return (0..<paragraphs).map { _ in
            var text = ""
            var notes: [Value] = []
            var scalars = 0
            for s in 0..<rng.next(in: sentences) {
                let sentence = (s == 0 ? "" : " ") + self.sentence(&rng)
                text += sentence
                scalars += sentence.unicodeScalars.count
                if rng.next(in: 0...2) == 0 {
                    var n = Record(spec.noteType)
                    n.fields[spec.noteNumber] = .scalar(String(marker), .unknown)
                    n.fields[spec.noteOffset] = .scalar(String(scalars), .unknown)
                    notes.append(.record(n))
                    marker += 1
                }
            }
            var p = Record(spec.prose)
            p.fields[spec.proseText] = .scalar(text, .unknown)
            if !notes.isEmpty { p.fields[spec.proseNotes] = .list(notes, .unknown) }
            return .record(p)
        }
    }

    private static let vocabulary: [String] = """
        government parliament court ministry council reform election campaign observers media outlet journalist \
        judge prosecutor budget municipality region party coalition opposition majority minority law decree \
        amendment constitution procedure hearing commission agency audit contract tender procurement grant \
        network association union protest assembly petition registration license broadcaster newspaper platform \
        investigation verdict appeal sentence detention release pressure transparency accountability oversight \
        integrity independence pluralism participation turnout ballot mandate term office cabinet president \
        premier speaker deputy mayor governor citizen voter volunteer donor partner neighbour crisis recovery \
        energy health education housing transport pension salary inflation revenue spending deficit debt loan \
        published adopted rejected delayed expanded restricted questioned welcomed criticized announced \
        introduced approved blocked challenged supported reviewed extended cancelled promised completed \
        slowly quietly openly sharply briefly widely partly fully largely rarely often again still \
        new local national regional public private independent financial political judicial electoral civic
        """.split(separator: " ").map(String.init)

    private func words(_ n: Int, _ rng: inout SplitMix64) -> String {
        (0..<n).map { _ in Self.vocabulary[rng.next(in: 0...(Self.vocabulary.count - 1))] }.joined(separator: " ")
    }

    private func sentence(_ rng: inout SplitMix64) -> String {
        var s = words(rng.next(in: 12...26), &rng)
        s = s.prefix(1).uppercased() + s.dropFirst()
        if rng.next(in: 0...3) == 0 { s += ", and the " + words(rng.next(in: 3...6), &rng) }
        return s + "."
    }

    private static let given = ["Alina", "Bogdan", "Chiara", "Dmitri", "Elena", "Farid", "Gulnara", "Hanna", "Ivan", "Jana", "Karlis", "Lejla"]
    private static let family = ["Sample", "Example", "Fixture", "Placeholder", "Synthetic", "Generated"]

    private func name(_ rng: inout SplitMix64) -> String {
        Self.given[rng.next(in: 0...(Self.given.count - 1))] + " " + Self.family[rng.next(in: 0...(Self.family.count - 1))]
    }
}

extension Record {
    /// Sets the value at `path`, creating the records on the way.
    mutating func set(at path: ModelPath, _ value: Value?) {
        guard let name = path.names.first, let i = type.lookup(name) else { return }
        if path.names.count == 1 {
            fields[i] = value
            return
        }
        guard case .record(let inner) = type.fields[i].kind else { return }
        var record = fields[i]?.record ?? Record(inner)
        record.set(at: ModelPath(path.names.dropFirst().joined(separator: ".")), value)
        fields[i] = .record(record)
    }

    /// Sets the scalar text at `path`, creating the records on the way.
    mutating func set(at path: ModelPath, _ text: String) { set(at: path, .scalar(text, .unknown)) }
}

/// A small, fast, seedable generator (SplitMix64), so archives are the same on every machine.
package struct SplitMix64: Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    package mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
