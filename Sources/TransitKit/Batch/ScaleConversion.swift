/// Restating a report of an edition before 2020, printed on the inverted scale (1 best), on the
/// current scale (7 best), as the publisher restated its history: each category rating becomes
/// 8 − x, and the Democracy Score, Percentage and status are recomputed from the converted
/// ratings (converting a rounded score directly can be off by 0.01). Score-change statements are
/// converted too; their verbs keep their meaning. The report then records `scale: current`.
public enum ScaleConversion {
    /// The methodology note of a converted report (it names the scale, so page text read back
    /// says current too).
    public static let note = "Ratings converted to the current scale of 1 to 7, with 7 representing the highest level of democratic progress and 1 the lowest, as 8 - x from the inverted scale of this edition; the Democracy Score, Percentage and status are recomputed from the converted ratings."

    /// `report` on the current scale; a report not on the inverted scale comes back unchanged.
    public static func toCurrent(_ report: Record, schema: Schema) -> Record {
        guard report.text("scale") == "inverted" else { return report }
        var r = report
        let eight = ExactDecimal(units: 800, scale: 2)
        func converted(_ text: String?) -> String? {
            text.flatMap { ExactDecimal($0) }.map { eight.minus($0).rounded(places: 2).description }
        }
        var sum = Rational(0), count = 0
        if case .list(let items, let mark)? = r["categories"] {
            r["categories"] = .list(items.map { item in
                guard var c = item.record else { return item }
                if let rating = converted(c.text("rating")) {
                    c.set("rating", rating, at: c["rating"]!.mark)
                    sum = sum.adding(Rational(ExactDecimal(rating)!)) ?? sum
                    count += 1
                }
                c["rounded"] = nil  // the page's whole number follows the new rating
                return .record(c)
            }, mark)
        }
        if count > 0, let mean = sum.divided(by: Rational(Int64(count))) {
            let score = mean.rounded(places: 2)!
            r.set("democracy_score", score.description, at: r["democracy_score"]?.mark ?? .unknown)
            if let p = mean.subtracting(Rational(1))?.divided(by: Rational(6))?.multiplied(by: Rational(100))?.rounded(places: 2) {
                r.set("democracy_percentage", p.description, at: r["democracy_percentage"]?.mark ?? .unknown)
            }
            if let status = schema.status(forScore: score) { r.set("status", status, at: r["status"]?.mark ?? .unknown) }
        } else if let score = converted(r.text("democracy_score")) {
            r.set("democracy_score", score, at: r["democracy_score"]?.mark ?? .unknown)
            if let d = ExactDecimal(score), let status = schema.status(forScore: d) { r.set("status", status, at: r["status"]?.mark ?? .unknown) }
        }
        if var changes = r["score_changes"]?.record {
            if case .list(let items, let mark)? = changes["statements"] {
                changes["statements"] = .list(items.map { item in
                    guard var s = item.record else { return item }
                    s.set("from", converted(s.text("from")), at: s["from"]?.mark ?? .unknown)
                    s.set("to", converted(s.text("to")), at: s["to"]?.mark ?? .unknown)
                    return .record(s)
                }, mark)
            }
            if var result = changes["result"]?.record {
                // "from" is last year's score, converted directly (its ratings are not at hand).
                result.set("from", converted(result.text("from")), at: result["from"]?.mark ?? .unknown)
                result.set("to", r.text("democracy_score"), at: result["to"]?.mark ?? .unknown)
                changes["result"] = .record(result)
            }
            r["score_changes"] = .record(changes)
        }
        r.set("methodology", note, at: r["methodology"]?.mark ?? .unknown)
        r.set("scale", "current")
        // The page's own layout placed the old figures; the converted report takes the standard one.
        if var page = r["page"]?.record {
            page["layout"] = nil
            page["derived"] = nil
            r["page"] = page.fields.allSatisfy({ $0 == nil }) ? nil : .record(page)
        }
        return r
    }
}
