/// What changed between two reports, compared on the model rather than on text lines, as the
/// schema's `compare:` section says: items paired by a key, paragraphs paired by content (a
/// moved paragraph is reported as moved, a changed one with a word-level diff), numbers by value
/// (`1.5` = `1.50`). Footnote renumbering alone is no change, and what the section leaves out
/// (the page layout) is no content.
public struct ReportDiff: Sendable {
    /// One difference between the two reports.
    public struct Change: Sendable, Equatable {
        /// What happened to the value at ``path``.
        public enum Kind: String, Sendable {
            /// Only the new report has it.
            case added
            /// Only the old report has it.
            case removed
            /// Both have it, with different values.
            case changed
            /// A paragraph with the same text, at another place.
            case moved
        }
        /// A JSON Pointer into NEW's JSON form (into OLD's for what was removed).
        public var path: String
        /// What happened.
        public var kind: Kind
        /// What the change is about, for people: "Clarity", "remark 2".
        public var label: String
        /// The old value, as printed (nil when added).
        public var old: String?
        /// The new value, as printed (nil when removed).
        public var new: String?
        /// For numbers and bands: improved or declined (on the current scale).
        public var direction: String?
        /// For changed text: the words removed `[-…-]` and added `{+…+}`.
        public var words: String?
        /// An item added or removed, shown by its figure (a row of the figures table).
        public var isItem = false
    }

    /// Every difference, in the order of the schema's `compare:` section.
    public private(set) var changes: [Change] = []
    /// The report compared from.
    public let old: Record
    /// The report compared to.
    public let new: Record

    /// Compares `old` with `new` as `schema`'s `compare:` section says (no section: no changes).
    public init(old: Record, new: Record, schema: Schema) {
        self.old = old
        self.new = new
        let inverted = schema.roles.isInverted(new)
        let bandValues = schema.bands.map(\.value)
        for entry in schema.compare?.entries ?? [] {
            compare(entry, old, new, pointer: "", item: nil, inverted: inverted, bands: bandValues)
        }
    }

    /// The pointer of `path` from a record at `base`.
    private static func pointer(_ base: String, _ path: ModelPath, in type: RecordType) -> String { base + path.pointer(in: type) }

    private mutating func compare(_ entry: CompareSpec.Entry, _ old: Record, _ new: Record, pointer base: String, item: Record?,
                                  inverted: Bool, bands: [String]) {
        switch entry {
        case .scalar(let path, let label, let better):
            let a = old.text(at: path), b = new.text(at: path)
            guard a != b, let field = path.field(in: new.type) else { return }
            let numeric: Bool = switch field.kind { case .decimal, .integer: true; default: false }
            if numeric, let x = a.flatMap({ ExactDecimal($0) }), let y = b.flatMap({ ExactDecimal($0) }), x == y { return }
            let kind: Change.Kind = a == nil ? .added : b == nil ? .removed : .changed
            var direction: String?
            if let better {
                var up: Bool?
                if numeric, let x = a.flatMap({ ExactDecimal($0) }), let y = b.flatMap({ ExactDecimal($0) }) {
                    up = y > x
                } else if case .enumeration = field.kind, let i = a.flatMap({ bands.firstIndex(of: $0) }), let j = b.flatMap({ bands.firstIndex(of: $0) }) {
                    up = j > i
                }
                if let up { direction = (up == (better == .higher)) != inverted ? "improved" : "declined" }
            }
            let words = kind == .changed && !numeric && better == nil && (a!.contains(" ") || b!.contains(" ")) ? WordDiff.render(a!, b!) : nil
            changes.append(Change(path: Self.pointer(base, path, in: new.type), kind: kind, label: label.render(item), old: a, new: b,
                                  direction: direction, words: words))
        case .set(let path, let label):
            let a = old.value(at: path)?.items?.compactMap(\.text) ?? [], b = new.value(at: path)?.items?.compactMap(\.text) ?? []
            let p = Self.pointer(base, path, in: new.type)
            for (i, x) in b.enumerated() where !a.contains(x) {
                changes.append(Change(path: "\(p)/\(i)", kind: .added, label: label.render(item), old: nil, new: x))
            }
            for (i, x) in a.enumerated() where !b.contains(x) {
                changes.append(Change(path: "\(p)/\(i)", kind: .removed, label: label.render(item), old: x, new: nil))
            }
        case .line(let path, let label, let text):
            let a = old.value(at: path)?.record.map(text.render), b = new.value(at: path)?.record.map(text.render)
            guard a != b else { return }
            let kind: Change.Kind = a == nil ? .added : b == nil ? .removed : .changed
            // A line is one sentence of figures: the old and the new said whole (a word diff of
            // `declined from 3 to 2` and `declined from 2 to 1` reads `from [-3 to-] 2 {+to 1+}`).
            changes.append(Change(path: Self.pointer(base, path, in: new.type), kind: kind, label: label.render(item), old: a, new: b))
        case .prose(let path, let label, let content):
            paragraphs(Self.records(old.value(at: path)), Self.records(new.value(at: path)), content: content,
                       path: Self.pointer(base, path, in: new.type), label: label.render(item))
        case .items(let spec):
            let p = Self.pointer(base, spec.path, in: new.type)
            let olds = Self.records(old.value(at: spec.path)), news = Self.records(new.value(at: spec.path))
            func show(_ r: Record) -> String? { spec.text.map { $0.render(r) } ?? spec.show.flatMap { r.text($0) } }
            for (j, n) in news.enumerated() {
                let key = n.text(spec.key)
                guard let o = olds.first(where: { $0.text(spec.key) == key }) else {
                    changes.append(Change(path: "\(p)/\(j)", kind: .added, label: spec.label.render(n), old: nil, new: show(n), isItem: spec.text == nil))
                    continue
                }
                if let text = spec.text {
                    let a = text.render(o), b = text.render(n)
                    if a != b {
                        changes.append(Change(path: "\(p)/\(j)", kind: .changed, label: (spec.changedLabel ?? spec.label).render(n), old: a, new: b,
                                              words: WordDiff.render(a, b)))
                    }
                }
                for inner in spec.fields { compare(inner, o, n, pointer: "\(p)/\(j)", item: n, inverted: inverted, bands: bands) }
            }
            for (i, o) in olds.enumerated() where !news.contains(where: { $0.text(spec.key) == o.text(spec.key) }) {
                changes.append(Change(path: "\(p)/\(i)", kind: .removed, label: spec.label.render(o), old: show(o), new: nil, isItem: spec.text == nil))
            }
        }
    }

    private static func records(_ v: Value?) -> [Record] { v?.items?.compactMap(\.record) ?? [] }

    /// The positions of a longest strictly increasing subsequence of `values`.
    static func longestIncreasing(_ values: [Int]) -> [Int] {
        var length = Array(repeating: 1, count: values.count), previous = Array(repeating: -1, count: values.count)
        for k in values.indices {
            for l in 0..<k where values[l] < values[k] && length[l] + 1 > length[k] {
                length[k] = length[l] + 1
                previous[k] = l
            }
        }
        guard var k = length.indices.max(by: { length[$0] < length[$1] }) else { return [] }
        var out = [k]
        while previous[k] >= 0 { k = previous[k]; out.append(k) }
        return out.reversed()
    }

    /// Pairs paragraphs by their text (footnote markers aside): equal text is the same paragraph
    /// (moved if its place changed); of the rest, the most similar pairs are changed ones.
    private mutating func paragraphs(_ old: [Record], _ new: [Record], content: String, path: String, label: String) {
        let oldText = old.map { $0.text(content) ?? "" }, newText = new.map { $0.text(content) ?? "" }
        let contentKey = (new.first ?? old.first).flatMap { r in r.type.lookup(content).map { JSONPointer.escape(r.type.fields[$0].key) } } ?? content
        var oldUsed = Array(repeating: false, count: old.count), newUsed = Array(repeating: false, count: new.count)
        var pairs: [(old: Int, new: Int)] = []
        for (j, t) in newText.enumerated() {
            guard let i = oldText.indices.first(where: { !oldUsed[$0] && oldText[$0] == t }) else { continue }
            oldUsed[i] = true
            newUsed[j] = true
            pairs.append((i, j))
        }
        // The fewest moves: the longest run of pairs in the same order stays, the rest moved.
        let stays = Set(Self.longestIncreasing(pairs.map(\.old)).map { pairs[$0].new })
        for (i, j) in pairs where !stays.contains(j) {
            changes.append(Change(path: "\(path)/\(j)", kind: .moved, label: "\(label) \(j + 1)", old: "\(path)/\(i)", new: "\(path)/\(j)"))
        }
        // Bigrams once per paragraph left unpaired.
        var oldGrams: [Int: [UInt64]] = [:]
        for i in old.indices where !oldUsed[i] { oldGrams[i] = WordDiff.bigrams(oldText[i]) }
        for j in new.indices where !newUsed[j] {
            let grams = WordDiff.bigrams(newText[j])
            let best = old.indices.filter { !oldUsed[$0] }.map { ($0, WordDiff.similarity(oldGrams[$0]!, grams, oldText[$0] == newText[j])) }
                .max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }
            if let (i, score) = best, score >= 0.5 {
                oldUsed[i] = true
                changes.append(Change(path: "\(path)/\(j)/\(contentKey)", kind: .changed, label: "\(label) \(j + 1)", old: oldText[i], new: newText[j],
                                      words: WordDiff.render(oldText[i], newText[j])))
            } else {
                changes.append(Change(path: "\(path)/\(j)", kind: .added, label: "\(label) \(j + 1)", old: nil, new: newText[j]))
            }
        }
        for i in old.indices where !oldUsed[i] {
            changes.append(Change(path: "\(path)/\(i)", kind: .removed, label: "\(label) \(i + 1)", old: oldText[i], new: nil))
        }
    }
}

/// Word-level differences between two texts.
enum WordDiff {
    static func words(_ s: String) -> [Substring] { s.split(separator: " ", omittingEmptySubsequences: true) }

    /// How alike two texts are: the share of word pairs (bigrams) they have in common,
    /// 2 × shared / total. Linear in the words: paragraphs are paired by it before the (quadratic)
    /// word diff is drawn for the pairs chosen.
    static func similarity(_ a: String, _ b: String) -> Double { similarity(bigrams(a), bigrams(b), a == b) }

    /// 2 × shared / total for two sorted multisets of bigram hashes.
    static func similarity(_ x: [UInt64], _ y: [UInt64], _ equal: Bool = false) -> Double {
        guard x.count + y.count > 0 else { return equal ? 1 : 0 }
        var i = 0, j = 0, shared = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return 2 * Double(shared) / Double(x.count + y.count)
    }

    /// The text's word bigrams as sorted hashes (FNV-1a over each word's bytes); a one-word
    /// text is its word.
    static func bigrams(_ s: String) -> [UInt64] {
        var words: [UInt64] = []
        var h: UInt64 = 0xcbf2_9ce4_8422_2325, inWord = false
        for b in s.utf8 {
            if b == 0x20 {
                if inWord { words.append(h) }
                h = 0xcbf2_9ce4_8422_2325
                inWord = false
            } else {
                h = (h ^ UInt64(b)) &* 0x100_0000_01b3
                inWord = true
            }
        }
        if inWord { words.append(h) }
        if words.count == 1 { return words }
        var out: [UInt64] = []
        out.reserveCapacity(max(0, words.count - 1))
        for k in words.indices.dropLast() { out.append(words[k] &* 0x9E37_79B9_7F4A_7C15 ^ words[k + 1]) }
        out.sort()
        return out
    }

    /// `b` with removed words as `[-…-]` and added ones as `{+…+}`.
    static func render(_ a: String, _ b: String) -> String {
        let x = words(a), y = words(b)
        let common = lcs(x, y)
        var out: [String] = [], i = 0, j = 0
        func flush(_ removed: [Substring], _ added: [Substring]) {
            if !removed.isEmpty { out.append("[-" + removed.joined(separator: " ") + "-]") }
            if !added.isEmpty { out.append("{+" + added.joined(separator: " ") + "+}") }
        }
        for (ci, cj) in common {
            flush(x[i..<ci].map { $0 }, y[j..<cj].map { $0 })
            out.append(String(y[cj]))
            i = ci + 1
            j = cj + 1
        }
        flush(x[i...].map { $0 }, y[j...].map { $0 })
        return out.joined(separator: " ")
    }

    /// Index pairs of a longest common subsequence of words (quadratic: paragraphs are short).
    static func lcs(_ x: [Substring], _ y: [Substring]) -> [(Int, Int)] {
        let n = x.count, m = y.count
        guard n > 0, m > 0 else { return [] }
        var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [(Int, Int)] = [], i = 0, j = 0
        while i < n && j < m {
            if x[i] == y[j] { out.append((i, j)); i += 1; j += 1 } else if table[i + 1][j] >= table[i][j + 1] { i += 1 } else { j += 1 }
        }
        return out
    }
}
