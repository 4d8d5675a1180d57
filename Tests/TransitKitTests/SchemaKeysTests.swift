import Foundation
import Testing
@testable import TransitKit

/// The schema file's keys: item attributes read by rules and exports, headings' placeholders,
/// literal texts, misspelt keys; every message at its line and column.
struct SchemaKeysTests {
    static let coastalPath = Support.root + "/Tests/Families/coastal/coastal.schema.yaml"
    static let coastal = (try? String(contentsOfFile: coastalPath, encoding: .utf8)) ?? ""
    static let litter = "  - {name: Litter, editions: 2021-, description: Litter on the shore (measured from 2021).}"

    /// The coastal schema with Litter's own maximum (3.0, where the field allows 5.0) and a rule
    /// that reads it.
    static func withMaximum(attributes: String = "attributes: {max: \"3.0\"}", rule: String = "attribute(m.code, 'max')") -> String {
        coastal
            .replacingOccurrences(of: "\nitems:\n", with: "\nitem-attributes:\n  - {name: max, type: decimal, bounds: maximum, doc: The measure's own maximum.}\nitems:\n")
            .replacingOccurrences(of: litter, with: String(litter.dropLast()) + ", \(attributes)}")
            .replacingOccurrences(of: "\nrules:\n", with: """

                rules:
                  - id: measure-max
                    severity: error
                    doc: A measure is graded up to its own maximum.
                    each: m in measures
                    when: exists(\(rule))
                    check: m.value <= \(rule)
                    at: m.value
                    message: "{m.code} is graded {m.value}, above its maximum {\(rule)}"

                """)
    }

    static func errors(_ text: String) -> [String] {
        Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "t.yaml") }.map(\.description)
    }

    /// Where `needle` stands in `text`: `t.yaml:LINE:COLUMN`, counted by hand from the text.
    static func at(_ needle: String, in text: String, after: String? = nil) -> String {
        let lines = text.components(separatedBy: "\n")
        let start = after.flatMap { a in lines.firstIndex { $0.contains(a) } } ?? 0
        for (k, line) in lines.enumerated().dropFirst(start) {
            if let r = line.range(of: needle) { return "t.yaml:\(k + 1):\(line.distance(from: line.startIndex, to: r.lowerBound) + 1)" }
        }
        return "t.yaml:?"
    }

    @Test func anItemCarriesItsDeclaredAttributesAndRulesReadThem() throws {
        try #require(!Self.coastal.isEmpty)
        let schema = try Schema.load(bytes: Array(Self.withMaximum().utf8), file: "t.yaml")
        #expect(schema.item(named: "Litter")?.attributes == ["max": "3.0"])
        #expect(schema.item(named: "Clarity")?.attributes == [:])
        let report = try Transit(schema: schema).read(try FileIO.read(Support.root + "/Tests/Families/coastal/reports/north-pier-2023.yaml"), format: .yaml, file: "r.yaml").report
        let validator = Validator(schema: schema)
        #expect(validator.validate(report, file: "r.yaml").filter { $0.rule == "measure-max" }.isEmpty)
        // Litter graded 4.0: within the field's 0-5, above its own 3.0.
        var changed = report
        var measures = try #require(changed["measures"]?.items)
        let k = try #require(measures.firstIndex { $0.record?.text("code") == "Litter" })
        var litter = try #require(measures[k].record)
        litter.set("value", "4.0")
        measures[k] = .record(litter)
        changed["measures"] = .list(measures, report.mark)
        let found = validator.validate(changed, file: "r.yaml").filter { $0.rule == "measure-max" }
        #expect(found.map(\.message) == ["Litter is graded 4.0, above its maximum 3.0"], "\(found)")
    }

    @Test func theJSONSchemaExportBoundsEachItemByItsOwnMaximum() throws {
        let schema = try Schema.load(bytes: Array(Self.withMaximum().utf8), file: "t.yaml")
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(SchemaExport.jsonSchema(schema).utf8)) as? [String: Any])
        let measure = try #require((exported["$defs"] as? [String: Any])?["measure"] as? [String: Any])
        let allOf = try #require(measure["allOf"] as? [[String: Any]])
        // One condition, for the one item with a maximum: code Litter -> value at most 3.0.
        #expect(allOf.count == 1)
        let condition = try #require((allOf.first?["if"] as? [String: Any])?["properties"] as? [String: [String: String]])
        #expect(condition["code"]?["const"] == "Litter")
        let then = try #require((allOf.first?["then"] as? [String: Any])?["properties"] as? [String: [String: Double]])
        #expect(then["value"]?["maximum"] == 3.0)
    }

    @Test func itemAttributesAreCheckedWhereTheyStand() {
        let undeclared = Self.withMaximum(attributes: "attributes: {maxx: \"3.0\"}")
        #expect(Self.errors(undeclared) == [
            "\(Self.at("maxx", in: undeclared)): error: item 'Litter': 'maxx' is not a declared item attribute (declare it under 'item-attributes': max); did you mean 'max'?",
        ])
        let bare = Self.withMaximum(attributes: "max: \"3.0\"")
        #expect(Self.errors(bare) == ["\(Self.at("max: \"3.0\"", in: bare)): error: an item's 'max' goes under its 'attributes' (attributes: {max: …})"])
        let wrongKind = Self.withMaximum(attributes: "attributes: {max: three}")
        #expect(Self.errors(wrongKind).count == 1 && Self.errors(wrongKind)[0].hasPrefix("\(Self.at("three}", in: wrongKind, after: "name: Litter")): error: item 'Litter': 'max': "), "\(Self.errors(wrongKind))")
        let unknownInRule = Self.withMaximum(rule: "attribute(m.code, 'maxx')")
        let e = Self.errors(unknownInRule)
        #expect(!e.isEmpty && e.allSatisfy { $0.contains("attribute() takes an item and the name of a declared item attribute in quotes (attributes: max)") }, "\(e)")
    }

    @Test func aHeadingNamesTheEditionOrAYearAndNothingElse() throws {
        // `{edition}` needs no title-year: the heading names the season itself.
        let edition = Self.coastal.replacingOccurrences(of: "    heading: \"Moves since {year}\"", with: "    heading: \"Moves in {edition}\"")
            .replacingOccurrences(of: "    title-year: {field: season, add: 1}\n", with: "")
        let schema = try Schema.load(bytes: Array(edition.utf8), file: "t.yaml")
        let transit = Transit(schema: schema)
        let report = try transit.read(try FileIO.read(Support.root + "/Tests/Families/coastal/reports/north-pier-2023.yaml"), format: .yaml, file: "r.yaml").report
        var plain = report
        plain["page"] = nil
        let page = String(decoding: try transit.write(plain, format: .text), as: UTF8.self)
        #expect(page.contains("\npart1 Moves in 2023\n"), "\(page)")
        // Read back, the page gives the same report.
        #expect(try transit.read(Array(page.utf8), format: .text, file: "p.txt").report.text("season") == "2023")

        let misspelt = Self.coastal.replacingOccurrences(of: "    heading: \"Moves since {year}\"", with: "    heading: \"Moves since {yaer}\"")
        #expect(Self.errors(misspelt) == ["\(Self.at("{yaer}", in: misspelt)): error: layout: 'heading': unknown placeholder '{yaer}' (a heading names '{edition}', or '{year}' with 'title-year')"])
        let noYear = Self.coastal.replacingOccurrences(of: "    title-year: {field: season, add: 1}\n", with: "")
        #expect(Self.errors(noYear) == ["\(Self.at("{year}", in: noYear)): error: layout: 'heading': '{year}' needs 'title-year' (the field the year comes from), or write '{edition}'"])
    }

    @Test func aTextPrintedAsWrittenHoldsNoPlaceholder() {
        let text = Self.coastal.replacingOccurrences(of: "    untitled: Moves\n", with: "    untitled: \"Moves of {season}\"\n")
        #expect(Self.errors(text) == [
            "\(Self.at("{season}", in: text, after: "untitled")): error: layout: 'untitled' is printed as written: '{season}' would not be filled in (placeholders stand in templates: lines, headings)",
        ])
    }

    @Test func aMisspeltKeyIsNamedWithTheKeyItMeant() {
        let text = Self.coastal.replacingOccurrences(of: "{name: water_index, type: decimal, minimum: \"0\"", with: "{name: water_index, type: decimal, minimun: \"0\"")
        let errors = Self.errors(text)
        #expect(errors.count == 1 && errors[0].hasPrefix("\(Self.at("minimun", in: text)): error: unknown key 'minimun' in a field of 'survey' (expected one of: "), "\(errors)")
        #expect(errors.first?.hasSuffix("; did you mean 'minimum'?") == true, "\(errors)")
    }

    /// Every key table names each key once, and every table the loader uses is reachable from
    /// the schema file's: the reference lists them all.
    @Test func everyKeyTableIsReachableAndNamesEachKeyOnce() {
        let tables = KeyTable.schemaFile.reachable
        for t in tables { #expect(Set(t.keys.map(\.name)).count == t.keys.count, "\(t.id) names a key twice") }
        #expect(Set(tables.map(\.id)).count == tables.count)
        let ids = Set(tables.map(\.id))
        for t in [KeyTable.layoutExtra, .layoutItemNote, .layoutScores, .transformStep, .templateLine, .summarySection, .trendsFigure, .itemAttribute, .lookupRow] {
            #expect(ids.contains(t.id), "\(t.id) is not reachable from the schema file's table")
        }
    }
}
