import Testing
@testable import TransitKit

/// "Did you mean": the bounded edit distance against the whole table, and the suggestions users see.
struct SpellingTests {
    /// The textbook Levenshtein table, every cell filled: the truth the bounded count is held to.
    private func fullTable(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
        }
        return d[a.count][b.count]
    }

    @Test func theBoundedDistanceAgreesWithTheWholeTable() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("abcé ".unicodeScalars)
        var rows = Spelling.Rows()
        for _ in 0..<3000 {
            let a = (0..<Int(rng.next() % 9)).map { _ in alphabet[Int(rng.next() % 5)] }
            let b = (0..<Int(rng.next() % 9)).map { _ in alphabet[Int(rng.next() % 5)] }
            let truth = fullTable(a, b)
            let bound = Int(rng.next() % 6)
            #expect(rows.distance(a, b, atMost: bound) == (truth <= bound ? truth : nil), "\(a) \(b) bound \(bound)")
            #expect(Spelling.distance(a, b) == truth)
        }
    }

    @Test func suggestions() {
        #expect(Spelling.closest(to: "Kazakstan", among: ["Kyrgyzstan", "Kazakhstan"]) == "Kazakhstan")
        #expect(Spelling.closest(to: "kazakhstan", among: ["Kazakhstan"]) == nil)  // the same name, not a misspelling
        #expect(Spelling.closest(to: "Chad", among: ["Chile", "China"]) == nil)  // three edits from each; two allowed
        #expect(Spelling.closest(to: "Ukrane", among: ["Uganda", "Ukraine", "Ukraine"]) == "Ukraine")
        #expect(Spelling.closest(to: "Frea", among: ["Free", "Flee"]) == "Free")  // ties go to the first
        #expect(Spelling.closest(to: "", among: ["Free"]) == nil)
        #expect(Spelling.closest(to: "Zimbabwe", among: ["Albania"]) == nil)
    }
}
