/// What changed between two reports, compared on the model rather than on text lines: categories
/// paired by name, paragraphs paired by content (a moved paragraph is reported as moved, a
/// changed one with a word-level diff), numbers by value (`1.5` = `1.50`), and footnote
/// renumbering alone is not a change. The page layout (how a page was printed) is not content.
public struct ReportDiff: Sendable {
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, removed, changed, moved }
        /// A JSON Pointer into NEW's JSON form (into OLD's for what was removed).
        public var path: String
        public var kind: Kind
        /// What the change is about, for people: "Civil Society rating", "executive summary paragraph 2".
        public var label: String
        public var old: String?
        public var new: String?
        /// For numbers and statuses: improved or declined (on the current scale).
        public var direction: String?
        /// For changed text: the words removed `[-…-]` and added `{+…+}`.
        public var words: String?
    }

    public private(set) var changes: [Change] = []
    public let old: Record
    public let new: Record

    public init(old: Record, new: Record, schema: Schema) {
        self.old = old
        self.new = new
        let inverted = new.text("scale") == "inverted"
        let statusOrder = schema.bands.map(\.status)

        func direction(_ a: String?, _ b: String?) -> String? {
            guard let x = a.flatMap({ ExactDecimal($0) }), let y = b.flatMap({ ExactDecimal($0) }), x != y else { return nil }
            return (y > x) != inverted ? "improved" : "declined"
        }
        func scalar(_ path: String, _ label: String, _ a: String?, _ b: String?, numeric: Bool = false) {
            if numeric, let x = a.flatMap({ ExactDecimal($0) }), let y = b.flatMap({ ExactDecimal($0) }), x == y { return }
            guard a != b else { return }
            let kind: Change.Kind = a == nil ? .added : b == nil ? .removed : .changed
            changes.append(Change(path: path, kind: kind, label: label, old: a, new: b,
                                  direction: numeric ? direction(a, b) : nil,
                                  words: kind == .changed && !numeric && (a!.contains(" ") || b!.contains(" ")) ? WordDiff.render(a!, b!) : nil))
        }

        // The figures.
        for (key, label) in [("country", "country"), ("edition", "edition"), ("scale", "scale")] {
            scalar("/\(key)", label, old.text(key), new.text(key))
        }
        let (oldStatus, newStatus) = (old.text("status"), new.text("status"))
        if oldStatus != newStatus {
            var c = Change(path: "/status", kind: oldStatus == nil ? .added : newStatus == nil ? .removed : .changed,
                           label: "status (band crossed)", old: oldStatus, new: newStatus)
            if let a = oldStatus.flatMap({ statusOrder.firstIndex(of: $0) }), let b = newStatus.flatMap({ statusOrder.firstIndex(of: $0) }) {
                c.direction = (b > a) != inverted ? "improved" : "declined"
            }
            changes.append(c)
        }
        scalar("/democracy_score", "Democracy Score", old.text("democracy_score"), new.text("democracy_score"), numeric: true)
        scalar("/democracy_percentage", "Democracy Percentage", old.text("democracy_percentage"), new.text("democracy_percentage"), numeric: true)
        let (oldLast, newLast) = (old["last_year"]?.record, new["last_year"]?.record)
        scalar("/last_year/percentage", "last year's percentage", oldLast?.text("percentage"), newLast?.text("percentage"), numeric: true)
        scalar("/last_year/status", "last year's status", oldLast?.text("status"), newLast?.text("status"))

        // Categories, by name.
        let oldCategories = Self.records(old["categories"]), newCategories = Self.records(new["categories"])
        for (i, c) in newCategories.enumerated() {
            let name = c.text("name") ?? "?"
            guard let o = oldCategories.first(where: { $0.text("name") == name }) else {
                changes.append(Change(path: "/categories/\(i)", kind: .added, label: "category \(name)", old: nil, new: c.text("rating")))
                continue
            }
            scalar("/categories/\(i)/rating", "\(name) rating", o.text("rating"), c.text("rating"), numeric: true)
            scalar("/categories/\(i)/description", "\(name) description", o.text("description"), c.text("description"))
            paragraphs(Self.records(o["findings"]), Self.records(c["findings"]), path: "/categories/\(i)/findings", label: "\(name) finding")
        }
        for (i, o) in oldCategories.enumerated() where !newCategories.contains(where: { $0.text("name") == o.text("name") }) {
            changes.append(Change(path: "/categories/\(i)", kind: .removed, label: "category \(o.text("name") ?? "?")", old: o.text("rating"), new: nil))
        }

        // Authors, as a set.
        let oldAuthors = old["authors"]?.items?.compactMap(\.text) ?? [], newAuthors = new["authors"]?.items?.compactMap(\.text) ?? []
        for (i, a) in newAuthors.enumerated() where !oldAuthors.contains(a) {
            changes.append(Change(path: "/authors/\(i)", kind: .added, label: "author", old: nil, new: a))
        }
        for (i, a) in oldAuthors.enumerated() where !newAuthors.contains(a) {
            changes.append(Change(path: "/authors/\(i)", kind: .removed, label: "author", old: a, new: nil))
        }

        // Score-change statements, by category.
        let oldStatements = Self.records(old["score_changes"]?.record?["statements"]), newStatements = Self.records(new["score_changes"]?.record?["statements"])
        func statement(_ r: Record) -> String {
            "\(r.text("category") ?? "?") \(r.text("verb") ?? "?") from \(r.text("from") ?? "?") to \(r.text("to") ?? "?")"
        }
        for (j, s) in newStatements.enumerated() {
            if let o = oldStatements.first(where: { $0.text("category") == s.text("category") }) {
                scalar("/score_changes/statements/\(j)", "score-change statement on \(s.text("category") ?? "?")", statement(o), statement(s))
            } else {
                changes.append(Change(path: "/score_changes/statements/\(j)", kind: .added, label: "score-change statement", old: nil, new: statement(s)))
            }
        }
        for (i, o) in oldStatements.enumerated() where !newStatements.contains(where: { $0.text("category") == o.text("category") }) {
            changes.append(Change(path: "/score_changes/statements/\(i)", kind: .removed, label: "score-change statement", old: statement(o), new: nil))
        }

        func result(_ r: Record?) -> String? {
            r.map { "\($0.text("subject") ?? "?") Democracy Score \($0.text("verb") ?? "?") from \($0.text("from") ?? "?") to \($0.text("to") ?? "?")" }
        }
        scalar("/score_changes/result", "\"As a result\" line", result(old["score_changes"]?.record?["result"]?.record),
               result(new["score_changes"]?.record?["result"]?.record))
        scalar("/score_changes/no_changes", "\"No score changes\"", old["score_changes"]?.record?.text("no_changes"),
               new["score_changes"]?.record?.text("no_changes"))

        // Narrative.
        paragraphs(Self.records(old["executive_summary"]), Self.records(new["executive_summary"]), path: "/executive_summary", label: "executive summary paragraph")
        for (key, label) in [("methodology", "methodology"), ("notice", "notice"), ("author_bio", "author's note")] {
            scalar("/\(key)", label, old.text(key), new.text(key))
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
    private mutating func paragraphs(_ old: [Record], _ new: [Record], path: String, label: String) {
        let oldText = old.map { $0.text("text") ?? "" }, newText = new.map { $0.text("text") ?? "" }
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
                changes.append(Change(path: "\(path)/\(j)/text", kind: .changed, label: "\(label) \(j + 1)", old: oldText[i], new: newText[j],
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
