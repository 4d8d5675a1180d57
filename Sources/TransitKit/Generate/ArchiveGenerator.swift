/// Generates archives of realistic, valid reports for benchmarks and tests: for each country a
/// series of editions whose ratings drift a quarter point at a time, with every figure that
/// follows from the ratings computed as the publisher computes it (score, percentage, status,
/// last year's figures, score-change statements), and long prose with footnote markers.
/// Deterministic: the same seed gives the same archive.
public struct ArchiveGenerator: Sendable {
    public var seed: UInt64
    /// Paragraphs of the executive summary, and findings per category.
    public var summaryParagraphs = 8
    public var findingsPerCategory = 3
    /// Sentences per paragraph.
    public var sentences = 6...9

    public let schema: Schema

    public init(schema: Schema = .standard, seed: UInt64 = 1) {
        self.schema = schema
        self.seed = seed
    }

    /// One series per country: the reports of `editions` (all from 2005 on: seven categories,
    /// current scale), oldest first.
    public func series(country: String, editions: [Int]) -> [Record] {
        var rng = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: country.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }))
        let categories = schema.items(forEdition: editions.first ?? 2024).map(\.name)
        var ratings = categories.map { _ in Int64(rng.next(in: 6...24)) }  // quarter points: 1.50 to 6.00
        var previous: (ratings: [Int64], score: String, percentage: String, status: String)?
        var out: [Record] = []
        for edition in editions {
            if previous != nil {
                for k in ratings.indices where rng.next(in: 0...3) == 0 {
                    ratings[k] = min(28, max(4, ratings[k] + (rng.next(in: 0...1) == 0 ? -1 : 1)))
                }
            }
            let report = self.report(country: country, edition: edition, categories: categories, quarters: ratings, previous: previous, rng: &rng)
            previous = (ratings, report.text("democracy_score")!, report.text("democracy_percentage") ?? "", report.text("status")!)
            out.append(report)
        }
        return out
    }

    private static func decimal(_ quarters: Int64) -> String { ExactDecimal(units: quarters * 25, scale: 2).description }

    private func report(country: String, edition: Int, categories: [String], quarters: [Int64],
                        previous: (ratings: [Int64], score: String, percentage: String, status: String)?,
                        rng: inout SplitMix64) -> Record {
        let t = schema
        var r = Record(t.root)
        let mean = Rational(quarters.reduce(0, +), Int64(4 * quarters.count))!
        let score = mean.rounded(places: 2)!
        let percentage = mean.subtracting(Rational(1))!.divided(by: Rational(6))!.multiplied(by: Rational(100))!.rounded(places: 2)!
        r.set("country", country)
        r.set("edition", String(edition))
        r.set("scale", "current")
        r.set("status", t.band(of: score))
        if edition >= 2020 { r.set("democracy_percentage", percentage.description) }
        r.set("democracy_score", score.description)
        if let previous, edition >= 2021, let p = ExactDecimal(previous.percentage) {
            var last = Record(t.type("last_year")!)
            last.set("percentage", p.rounded(places: 0).description)
            last.set("status", previous.status)
            r["last_year"] = .record(last)
        }
        r.set("methodology", "The ratings are based on a scale of 1 to 7, with 7 representing the highest level of democratic progress and 1 the lowest. The Democracy Score is an average of ratings for the categories tracked in a given year. The Democracy Percentage, introduced in 2020, is a translation of the Democracy Score to the 0-100 scale, where 0 equals least democratic and 100 equals most democratic.")

        if let previous {
            var changes = Record(t.type("score_changes")!)
            var statements: [Value] = []
            for (k, name) in categories.enumerated() where previous.ratings[k] != quarters[k] {
                var s = Record(t.type("statement")!)
                s.set("category", name)
                s.set("term", "rating")
                s.set("verb", quarters[k] > previous.ratings[k] ? "improved" : "declined")
                s.set("from", Self.decimal(previous.ratings[k]))
                s.set("to", Self.decimal(quarters[k]))
                s.set("rest", " due to " + phrase(&rng) + ".")
                statements.append(.record(s))
            }
            if statements.isEmpty {
                changes.set("no_changes", "true")
            } else {
                changes["statements"] = .list(statements, .unknown)
            }
            if previous.score != score.description {
                var result = Record(t.type("result")!)
                result.set("subject", "\(country)’s")
                result.set("verb", ExactDecimal(previous.score)! < score ? "improved" : "declined")
                result.set("from", previous.score)
                result.set("to", score.description)
                result.set("rest", ".")
                changes["result"] = .record(result)
            }
            r["score_changes"] = .record(changes)
        }
        r["authors"] = .list([.scalar(name(&rng), .unknown)], .unknown)
        r["executive_summary"] = .list(section(paragraphs: summaryParagraphs, &rng), .unknown)
        r["categories"] = .list(categories.enumerated().map { k, name in
            var c = Record(t.type("category")!)
            c.set("name", name)
            c.set("description", t.items.first { $0.name == name }?.description)
            c.set("rating", Self.decimal(quarters[k]))
            c["findings"] = .list(section(paragraphs: findingsPerCategory, &rng), .unknown)
            return .record(c)
        }, .unknown)
        r.set("author_bio", "\(r["authors"]!.items![0].text!) is a researcher who writes on \(words(3, &rng)). This report was generated for the transit benchmarks.")
        return r
    }

    /// Paragraphs whose footnote markers run 1, 2, 3… across the section.
    private func section(paragraphs: Int, _ rng: inout SplitMix64) -> [Value] {
        let prose = schema.type("prose")!, note = schema.type("note")!
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
                    var n = Record(note)
                    n.set("number", String(marker))
                    n.set("offset", String(scalars))
                    notes.append(.record(n))
                    marker += 1
                }
            }
            var p = Record(prose)
            p.set("text", text)
            if !notes.isEmpty { p["notes"] = .list(notes, .unknown) }
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

    private func phrase(_ rng: inout SplitMix64) -> String { words(rng.next(in: 4...9), &rng) }

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

/// A small, fast, seedable generator (SplitMix64), so archives are the same on every machine.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
