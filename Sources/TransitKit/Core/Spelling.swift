/// "Did you mean …": the closest of a few names to a misspelt one.
public enum Spelling {
    /// The candidate closest to `text` by Levenshtein distance over lower-cased Unicode scalars,
    /// if within max(2, length / 4) edits; ties go to the first candidate.
    public static func closest(to text: String, among candidates: [String]) -> String? {
        let a = Array(text.lowercased().unicodeScalars)
        guard !a.isEmpty, a.count < 200 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let b = Array(candidate.lowercased().unicodeScalars)
            let limit = max(2, max(a.count, b.count) / 4)
            if abs(a.count - b.count) > limit { continue }
            let d = distance(a, b)
            if d > 0, d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.name
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            for j in 1..<(b.count + 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
