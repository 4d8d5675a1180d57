import Foundation
import Testing
@testable import TransitKit

/// The layout laws for a second family: random surveys of the toy family (Tests/Families/coastal),
/// their remarks, descriptions and names full of hostile text, their grades anywhere in range.
/// Page text written from each either reads back as that very report (PutGet) or is refused with
/// the value named; a page read back writes the same bytes through every format (GetPut).
struct ToyFamilyPropertyTests {
    static let schemaPath = Support.root + "/Tests/Families/coastal/coastal.schema.yaml"

    @Test func toySurveysKeepBothLawsThroughEveryFormat() throws {
        let schema = try Schema.load(path: Self.schemaPath)
        let transit = Transit(schema: schema)
        let base = try transit.read(try FileIO.read(Support.root + "/Tests/Families/coastal/reports/north-pier-2022.yaml"), format: .yaml, file: "n.yaml").report
        var rng = SplitMix64(seed: PropertyTests.seed ^ 0xC0A57)
        var failures: [String] = [], written = 0
        let cases = max(50, PropertyTests.cases / 4)
        for k in 0..<cases {
            var r = base
            let tame = rng.next(in: 0...1) == 0
            // Remarks and their footnote markers, the measures' grades and descriptions, names.
            r["remarks"] = .list((0..<rng.next(in: 1...3)).map { _ in
                var p = Record(schema.type("remark")!)
                p.set("text", PropertyTests.text(&rng, words: 1...12, tame: tame))
                return .record(p)
            }, .unknown)
            if case .list(let items, let m)? = r["measures"] {
                r["measures"] = .list(items.map { item in
                    guard var c = item.record else { return item }
                    c.set("value", "\(rng.next(in: 0...5)).\(rng.next(in: 0...1) * 5)")
                    c.set("description", rng.next(in: 0...3) == 0 ? nil : PropertyTests.text(&rng, words: 1...6, tame: tame))
                    return .record(c)
                }, m)
            }
            r["surveyors"] = .list((0..<rng.next(in: 1...2)).map { _ in .scalar(PropertyTests.text(&rng, words: 1...3, tame: true), .unknown) }, .unknown)
            r.set("signature", rng.next(in: 0...2) == 0 ? nil : PropertyTests.text(&rng, words: 1...8, tame: tame))
            if Self.keepsBothLaws(r, transit, file: "north-pier-2022.txt", case: k, failures: &failures) { written += 1 }
            if failures.count > 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(written * 3 > cases, "only \(written) of \(cases) surveys were written")
    }

    /// Whether `r` was written as page text: then it must read back as `r` (PutGet), keep its
    /// model through every format and its page bytes (GetPut); a refusal naming the value is
    /// allowed, any other error is a failure.
    static func keepsBothLaws(_ r: Record, _ transit: Transit, file name: String, case k: Int, failures: inout [String]) -> Bool {
        do {
            let text = try transit.write(r, format: .text, file: name)
            let model = try transit.read(text, format: .text, file: name).report
            if model != r { failures.append("case \(k): written, but read back as another model") }
            var current = model
            for format in [Format.yaml, .xml, .json, .text] {
                let bytes = try transit.write(current, format: format, file: name)
                current = try transit.read(bytes, format: format, file: name).report
                if current != model { failures.append("case \(k): the model changed through \(format)") }
            }
            if try transit.write(current, format: .text, file: name) != text { failures.append("case \(k): the page changed") }
            return true
        } catch {
            if !PropertyTests.isRefusal(error) { failures.append("case \(k): \(error)") }
            return false
        }
    }
}

/// The same laws for the family written from the README alone (Tests/Families/scorecard): random
/// scorecards whose lines hold several figures, a rank present or not, pillars scored plainly
/// after hostile questions (which may themselves end in `5 / 30`).
struct ScorecardPropertyTests {
    @Test func scorecardsKeepBothLawsThroughEveryFormat() throws {
        let dir = Support.root + "/Tests/Families/scorecard"
        let schema = try Schema.load(path: dir + "/scorecard.schema.yaml")
        let transit = Transit(schema: schema)
        let base = try transit.read(try FileIO.read(dir + "/reports/oakmere-2024.yaml"), format: .yaml, file: "o.yaml").report
        var rng = SplitMix64(seed: PropertyTests.seed ^ 0x5C0AE)
        var failures: [String] = [], written = 0
        let cases = max(50, PropertyTests.cases / 4)
        let maxima = ["T1": 30, "T2": 30, "T3": 40]
        for k in 0..<cases {
            var r = base
            let tame = rng.next(in: 0...1) == 0
            var total = 0
            if case .list(let items, let m)? = r["pillars"] {
                r["pillars"] = .list(items.map { item in
                    guard var p = item.record, let code = p.text("code") else { return item }
                    let score = rng.next(in: 0...(maxima[code] ?? 30))
                    total += score
                    p.set("score", "\(score)")
                    var question = PropertyTests.text(&rng, words: 1...6, tame: tame)
                    if rng.next(in: 0...4) == 0 { question += " \(rng.next(in: 0...9)) / \(maxima[code] ?? 30)" }
                    p.set("question", question)
                    return .record(p)
                }, m)
            }
            r.set("total", "\(total)")
            r.set("rating", total < 40 ? "Weak" : total < 70 ? "Adequate" : "Strong")
            let ranked = rng.next(in: 0...2) > 0
            r.set("rank", ranked ? "\(rng.next(in: 1...40))" : nil)
            r.set("ranked", ranked ? "40" : nil)
            // Last year's figures (a record, printed on a line of its own) or none.
            if rng.next(in: 0...2) == 0 { r["last_year"] = nil }
            var p = Record(schema.type("para")!)
            p.set("text", PropertyTests.text(&rng, words: 1...12, tame: tame))
            r["overview"] = .list([.record(p)], .unknown)
            if ToyFamilyPropertyTests.keepsBothLaws(r, transit, file: "oakmere-2024.txt", case: k, failures: &failures) { written += 1 }
            if failures.count > 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(written * 3 > cases * 2, "only \(written) of \(cases) scorecards were written")
    }
}
