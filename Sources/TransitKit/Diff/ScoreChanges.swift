/// The score-change section an edition should carry, computed from its ratings and the previous
/// edition's, in the publisher's wording:
///
///       • Civil Society rating improved from 1.25 to 1.50.
///       • As a result, Kazakhstan’s Democracy Score improved from 1.29 to 1.32.
///
/// One statement per changed category, in the schema's category order; the "As a result" line
/// only when the score changed; `No score changes` when nothing did. Ratings of an edition on the
/// inverted scale (before 2020) are compared after converting them (8 − x) when the newer edition
/// is on the current scale.
public struct ScoreChanges: Sendable {
    public struct Statement: Sendable, Equatable {
        public var category: String
        public var verb: String
        public var from: String
        public var to: String
    }

    public struct Result: Sendable, Equatable {
        public var subject: String
        public var verb: String
        public var from: String
        public var to: String
    }

    public var statements: [Statement]
    public var result: Result?

    public var isEmpty: Bool { statements.isEmpty && result == nil }

    /// The changes from `old` to `new` (the edition before it, of the same country).
    public init(old: Record, new: Record, schema: Schema) {
        let oldInverted = old.text("scale") == "inverted"
        let newInverted = new.text("scale") == "inverted"
        let convert = oldInverted && !newInverted
        func ratings(_ r: Record, converting: Bool) -> [String: ExactDecimal] {
            var out: [String: ExactDecimal] = [:]
            for c in r["categories"]?.items ?? [] {
                guard let rec = c.record, let name = rec.text("name"), let d = rec.text("rating").flatMap({ ExactDecimal($0) }) else { continue }
                out[name] = converting ? ExactDecimal(units: 800, scale: 2).minus(d) : d
            }
            return out
        }
        let before = ratings(old, converting: convert), after = ratings(new, converting: false)
        /// Up on the scale the newer edition uses.
        func improved(_ from: ExactDecimal, _ to: ExactDecimal) -> Bool { newInverted ? to < from : to > from }

        let edition = new.text("edition").flatMap { Int($0) }
        var statements: [Statement] = []
        for category in schema.categories(forEdition: edition) {
            guard let from = before[category.name], let to = after[category.name], from != to else { continue }
            statements.append(Statement(category: category.name, verb: improved(from, to) ? "improved" : "declined",
                                        from: from.rounded(places: 2).description, to: to.rounded(places: 2).description))
        }
        self.statements = statements

        // The score: the old edition's as printed, or recomputed from converted ratings.
        var oldScore = old.text("democracy_score").flatMap { ExactDecimal($0) }
        if convert {
            // Recomputed from the converted ratings: converting a rounded score can be off by 0.01.
            if before.isEmpty {
                oldScore = oldScore.map { ExactDecimal(units: 800, scale: 2).minus($0) }
            } else {
                var sum = Rational(0)
                for v in before.values { sum = sum.adding(Rational(v)) ?? sum }
                oldScore = sum.divided(by: Rational(Int64(before.count)))?.rounded(places: 2)
            }
        }
        let newScore = new.text("democracy_score").flatMap { ExactDecimal($0) }
        if let a = oldScore, let b = newScore, a != b {
            let country = new.text("country") ?? "The country"
            let subject = new["score_changes"]?.record?["result"]?.record?.text("subject") ?? "\(country)’s"
            result = Result(subject: subject, verb: improved(a, b) ? "improved" : "declined",
                            from: a.rounded(places: 2).description, to: b.rounded(places: 2).description)
        } else {
            result = nil
        }
    }

    /// The section's bullets, as they stand on the page.
    public var lines: [String] {
        if isEmpty { return ["  • No score changes."] }
        var out = statements.map { "  • \($0.category) rating \($0.verb) from \($0.from) to \($0.to)." }
        if let r = result { out.append("  • As a result, \(r.subject) Democracy Score \(r.verb) from \(r.from) to \(r.to).") }
        return out
    }

    /// Where `report`'s own score-change section disagrees with these changes (the reason text
    /// after the figures aside): one finding per statement or line, at its place in `file`.
    public func check(_ report: Record, file: String) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let section = report["score_changes"]?.record
        let sectionMark = section?.mark ?? report.mark
        func finding(_ mark: Mark, _ message: String) {
            var d = Diagnostic(.error, file: file, mark: mark, message)
            d.rule = "changes"
            findings.append(d)
        }
        guard let section else {
            if !isEmpty { finding(report.mark, "the report has no score-change section; the ratings give: \(lines.map { $0.dropFirst(4) }.joined(separator: " "))") }
            return findings
        }
        func same(_ a: String?, _ b: String) -> Bool {
            guard let a, let x = ExactDecimal(a), let y = ExactDecimal(b) else { return false }
            return x == y
        }
        func direction(_ verb: String?) -> String? { verb == "worsened" ? "declined" : verb }

        var printed: [String: (Record, Mark)] = [:]
        for item in section["statements"]?.items ?? [] {
            guard let s = item.record, let category = s.text("category") else { continue }
            if printed[category] != nil {
                finding(s.mark, "\(category) has two statements")
                continue
            }
            printed[category] = (s, item.mark)
            guard let expected = statements.first(where: { $0.category == category }) else {
                finding(item.mark, "the section says \(category) \(s.text("verb") ?? "changed") from \(s.text("from") ?? "?") to \(s.text("to") ?? "?"), but its rating did not change")
                continue
            }
            if direction(s.text("verb")) != expected.verb || !same(s.text("from"), expected.from) || !same(s.text("to"), expected.to) {
                finding(item.mark, "the section says \(category) \(s.text("verb") ?? "?") from \(s.text("from") ?? "?") to \(s.text("to") ?? "?"); the ratings give \(expected.verb) from \(expected.from) to \(expected.to)")
            }
        }
        for expected in statements where printed[expected.category] == nil {
            finding(sectionMark, "no statement says that \(expected.category) \(expected.verb) from \(expected.from) to \(expected.to)")
        }
        let printedResult = section["result"]?.record
        switch (printedResult, result) {
        case (let p?, let r?):
            if direction(p.text("verb")) != r.verb || !same(p.text("from"), r.from) || !same(p.text("to"), r.to) {
                finding(p.mark, "the \"As a result\" line says \(p.text("verb") ?? "?") from \(p.text("from") ?? "?") to \(p.text("to") ?? "?"); the scores give \(r.verb) from \(r.from) to \(r.to)")
            }
        case (let p?, nil):
            finding(p.mark, "the \"As a result\" line reports a change, but the Democracy Score did not change")
        case (nil, let r?):
            finding(sectionMark, "no \"As a result\" line says that the Democracy Score \(r.verb) from \(r.from) to \(r.to)")
        case (nil, nil):
            break
        }
        if section.text("no_changes") == "true" && !isEmpty {
            finding(sectionMark, "the section says there were no score changes, but there were \(statements.count)")
        }
        return findings
    }
}

extension ExactDecimal {
    /// `self − other`, exactly, at the larger scale of the two.
    func minus(_ other: ExactDecimal) -> ExactDecimal {
        let scale = Swift.max(self.scale, other.scale)
        return ExactDecimal(units: rounded(places: scale).units - other.rounded(places: scale).units, scale: scale)
    }
}
