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
            let name = "north-pier-2022.txt"
            do {
                let text = try transit.write(r, format: .text, file: name)
                written += 1
                let model = try transit.read(text, format: .text, file: name).report
                if model != r { failures.append("case \(k): written, but read back as another model") }
                var current = model
                for format in [Format.yaml, .xml, .json, .text] {
                    let bytes = try transit.write(current, format: format, file: name)
                    current = try transit.read(bytes, format: format, file: name).report
                    if current != model { failures.append("case \(k): the model changed through \(format)") }
                }
                if try transit.write(current, format: .text, file: name) != text { failures.append("case \(k): the page changed") }
            } catch {
                if !PropertyTests.isRefusal(error) { failures.append("case \(k): \(error)") }
            }
            if failures.count > 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(written * 3 > cases, "only \(written) of \(cases) surveys were written")
    }
}
