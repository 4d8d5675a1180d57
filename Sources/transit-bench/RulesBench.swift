/// The rules profile: each rule's cost on a generated archive (`--only rules`).
import Foundation
import CBenchLoops
#if canImport(Glibc)
import Glibc
#endif
import TransitKit

/// Where validation's time goes: each rule alone over one generated archive (290 reports,
/// each against its previous edition), in microseconds per report, most costly first, beside
/// the time to read the same reports from JSON.
func ruleProfile(rounds: Int, only profiledRule: String?) {
    let transit = Transit()
    let validator = Validator(schema: transit.schema)
    var reports: [(report: Record, previous: Record?, json: [UInt8])] = []
    var previous: Record?
    var lastCountry = ""
    generated(1, seed: 1, transit) { (_, country, _, report) throws(ReadError) in
        if country != lastCountry { previous = nil }
        lastCountry = country
        reports.append((report, previous, try transit.write(report, format: .json)))
        previous = report
    }
    func perReport(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best / Double(reports.count) * 1e6
    }
    let read = perReport {
        for r in reports {
            do { consume(try transit.read(r.json, format: .json, file: "r.json")) } catch { fail("\(error)") }
        }
    }
    let all = profiledRule != nil && profiledRule != "all" ? 0 : perReport {
        for r in reports { consume(validator.validate(r.report, previous: r.previous, file: "r.json")) }
    }
    var costs: [(String, Double)] = []
    let marginal = getenv("MARGINAL") != nil
    for rule in transit.schema.rules where profiledRule == nil || profiledRule == rule.id {
        let alone = marginal ? Validator(schema: transit.schema, rules: Set(transit.schema.rules.map(\.id)).subtracting([rule.id])) : Validator(schema: transit.schema, rules: [rule.id])
        costs.append((rule.id, perReport {
            for r in reports { consume(alone.validate(r.report, previous: r.previous, file: "r.json")) }
        }))
    }
    print("rules over \(reports.count) generated reports, microseconds per report (best of \(rounds))")
    print(pad("read JSON (for scale)", 40) + fixed(read, 1))
    print(pad("every rule", 40) + fixed(all, 1))
    // What each line below holds besides its rule: a frame per report, and no rule.
    let none = Validator(schema: transit.schema, rules: [])
    print(pad("no rule (a frame per report)", 40) + fixed(perReport { for r in reports { consume(none.validate(r.report, previous: r.previous, file: "r.json")) } }, 1))
    for (id, cost) in costs.sorted(by: { $0.1 > $1.1 }) { print(pad("  " + id, 40) + fixed(cost, 1)) }
}
