/// "Did you mean …": the closest of a few names to a misspelt one.
package enum Spelling {
    /// The candidate closest to `text` by Levenshtein distance over lower-cased Unicode scalars,
    /// if within max(2, length / 4) edits; ties go to the first candidate.
    package static func closest(to text: String, among candidates: [String]) -> String? {
        Candidates(candidates).closest(to: text)
    }

    /// Names lower-cased once, for a reader that asks about many misspellings of the same names
    /// (an enumeration's values, asked once per unreadable line).
    package struct Candidates: Sendable {
        let names: [String]
        let scalars: [[Unicode.Scalar]]

        package init(_ names: [String]) {
            self.names = names
            self.scalars = names.map { Array($0.lowercased().unicodeScalars) }
        }

        /// As `Spelling.closest(to:among:)`.
        package func closest(to text: String) -> String? {
            let a = Array(text.lowercased().unicodeScalars)
            guard !a.isEmpty, a.count < 200 else { return nil }
            var best: (index: Int, distance: Int)?
            var rows = Rows()
            for (index, b) in scalars.enumerated() {
                let limit = Swift.min(max(2, max(a.count, b.count) / 4), (best?.distance ?? .max) - 1)
                if abs(a.count - b.count) > limit { continue }
                if let d = rows.distance(a, b, atMost: limit), d > 0 { best = (index, d) }
            }
            return best.map { names[$0.index] }
        }
    }

    /// Two rows of the edit-distance table, kept between candidates.
    struct Rows {
        var previous: [Int] = []
        var current: [Int] = []

        /// The edit distance of `a` and `b` if it is at most `bound`, else nil: a row whose
        /// every entry exceeds the bound ends the count (every path through the table crosses every row).
        mutating func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int) -> Int? {
            guard bound >= 0 else { return nil }
            if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= bound ? max(a.count, b.count) : nil }
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: 0...b.count)
            current = previous
            for i in 1...a.count {
                current[0] = i
                var rowMin = i
                for j in 1...b.count {
                    let d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    current[j] = d
                    rowMin = Swift.min(rowMin, d)
                }
                if rowMin > bound { return nil }
                swap(&previous, &current)
            }
            return previous[b.count] <= bound ? previous[b.count] : nil
        }
    }

    /// The plain edit distance (for tests).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var rows = Rows()
        return rows.distance(a, b, atMost: .max - 1)!
    }
}
