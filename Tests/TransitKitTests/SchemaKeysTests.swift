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

/// Messages that name the real cause when a report cannot be written as page text.
struct PageMessageTests {
    static let fiw = Families.standard.schemas[1]

    /// A report written by hand, without the page record the reader makes: a total the page
    /// prints only in its footer follows from PR + CL, so it is written as derived.
    @Test func aFigureTheLayoutDerivesNeedsNoPageRecord() throws {
        let transit = Transit(schema: Self.fiw)
        let sample = try FileIO.read(Support.root + "/Samples-FIW/syria-2024.txt")
        var report = try transit.read(sample, format: .text, file: "syria-2024.txt").report
        #expect(report["page"]?.record?["derived"]?.items?.compactMap(\.text) == ["total"])
        report["page"] = nil
        #expect(try transit.write(report, format: .text) == sample)
        // A total that PR + CL do not give has no place: said so, not "remove page.layout".
        report.set("total", "27")
        let errors = Support.errors { _ = try transit.write(report, format: .text, file: "out.txt", source: "hand.yaml") }.map(\.message)
        #expect(errors == ["the family's page has no place for total: its layout prints no line for it, and its 'derive' transform does not give it back the same"], "\(errors)")
    }

    @Test func aRatingNeedsADecimalPlace() {
        let coastal = SchemaKeysTests.coastal.replacingOccurrences(of: "rating: {field: value, rounded: rounded, places: 1, max: \"5.05\"}",
                                                                  with: "rating: {field: value, rounded: rounded, places: 0, max: \"5.05\"}")
        let errors = SchemaKeysTests.errors(coastal)
        #expect(errors == ["\(SchemaKeysTests.at("0, max: \"5.05\"", in: coastal)): error: layout: 'places' is 1 or more: the rating is printed with its decimals and glued to its whole number (`3.003`), which without a decimal point could not be told apart (`33`); a rating printed otherwise is the items' 'line' (`{question} {score} / {max}`)"]
, "\(errors)")
    }
}

/// An item's own attributes in the page's templates: each item's block prints its own maximum
/// (`Litter (0.0 to 3.0)`, `2.02 3.03`), read and written by the same template.
struct ItemTemplateTests {
    static func schema(header: String = "{code} (0.0 to {max}.0)", max: String = "{max}.0{max}", litter: String = "{max: \"3\"}") -> String {
        SchemaKeysTests.coastal
            .replacingOccurrences(of: "\nitems:\n", with: "\nitem-attributes:\n  - {name: max, type: integer, bounds: maximum}\nitems:\n")
            .replacingOccurrences(of: "  - {name: Clarity, description: How far down the water is clear.}", with: "  - {name: Clarity, description: How far down the water is clear., attributes: {max: \"5\"}}")
            .replacingOccurrences(of: "  - {name: Oxygen, description: Dissolved oxygen.}", with: "  - {name: Oxygen, description: Dissolved oxygen., attributes: {max: \"5\"}}")
            .replacingOccurrences(of: SchemaKeysTests.litter, with: String(SchemaKeysTests.litter.dropLast()) + ", attributes: \(litter)}")
            .replacingOccurrences(of: "    header: \"{code} (0.0 to 5.0)\"", with: "    header: \"\(header)\"")
            .replacingOccurrences(of: "rating: {field: value, rounded: rounded, places: 1, max: \"5.05\"}", with: "rating: {field: value, rounded: rounded, places: 1, max: \"\(max)\"}")
    }

    @Test func eachItemsBlockPrintsItsOwnMaximum() throws {
        let schema = try Schema.load(bytes: Array(Self.schema().utf8), file: "t.yaml")
        let transit = Transit(schema: schema)
        var report = try transit.read(try FileIO.read(Support.root + "/Tests/Families/coastal/reports/north-pier-2022.yaml"), format: .yaml, file: "r.yaml").report
        report["page"] = nil
        let page = String(decoding: try transit.write(report, format: .text), as: UTF8.self)
        #expect(page.contains("\nClarity (0.0 to 5.0)\nHow far down the water is clear. 3.03 5.05\n"), "\(page)")
        #expect(page.contains("\nLitter (0.0 to 3.0)\nLitter on the shore. 3.03 3.03"), "\(page)")
        let back = try transit.read(Array(page.utf8), format: .text, file: "north-pier-2022.txt").report
        #expect(back == report)
        #expect(try transit.write(back, format: .text) == Array(page.utf8))
        // A Litter block printed with another item's maximum is not Litter's: kept as it stands.
        let wrong = page.replacingOccurrences(of: "Litter (0.0 to 3.0)", with: "Litter (0.0 to 5.0)")
        let read = try transit.read(Array(wrong.utf8), format: .text, file: "north-pier-2022.txt")
        #expect(read.report["measures"]?.items?.count == 2)
        #expect(read.diagnostics.contains { $0.severity == .warning })
    }

    /// Found by the schema fuzzer: an item declared twice, its attributes printed by the page's
    /// templates, stopped the loader; it is the one error, at the second entry.
    @Test func anItemDeclaredTwiceIsAnErrorNotACrash() {
        let clarity = "  - {name: Clarity, description: How far down the water is clear., attributes: {max: \"5\"}}"
        let twice = Self.schema().replacingOccurrences(of: clarity, with: clarity + "\n" + clarity)
        let errors = SchemaKeysTests.errors(twice)
        let second = twice.components(separatedBy: "\n").enumerated().filter { $0.element == clarity }.map { $0.offset + 1 }
        #expect(second.count == 2)
        #expect(errors == ["t.yaml:\(second.last ?? 0):5: error: item 'Clarity' is declared twice"], "\(errors)")
    }

    /// Found by the schema fuzzer: a note's mark without its value stopped the loader.
    @Test func aNoteMarkWithoutItsValueIsAnErrorNotACrash() throws {
        let nit = try String(contentsOfFile: Support.root + "/Schemas/nit.schema.yaml", encoding: .utf8)
        let mark = "        - {field: scale, value: inverted, keywords: [1 representing the highest, 1 = most democratic]}"
        let broken = nit.replacingOccurrences(of: mark, with: "        - {field: scale, keywords: [1 representing the highest, 1 = most democratic]}")
        try #require(broken != nit)
        let errors = SchemaKeysTests.errors(broken)
        let line = broken.components(separatedBy: "\n").firstIndex { $0.hasPrefix("        - {field: scale, keywords: [1 repr") }.map { $0 + 1 } ?? 0
        #expect(!errors.isEmpty && errors.allSatisfy { $0.hasPrefix("t.yaml:\(line):") }, "\(errors)")
    }

    @Test func theTemplatesNameDeclaredAttributesEveryItemCarries() {
        let unknown = Self.schema(header: "{code} (0.0 to {maxx}.0)")
        #expect(SchemaKeysTests.errors(unknown) == ["\(SchemaKeysTests.at("{maxx}", in: unknown)): error: layout: 'header': '{maxx}' is not an item attribute (declared: max)"])
        let glued = Self.schema(header: "{code}{max}")
        #expect(SchemaKeysTests.errors(glued) == ["\(SchemaKeysTests.at("{max}\"", in: glued)): error: layout: 'header': text must stand between '{code}' and '{max}', or the page could not tell where one ends"])
        let missing = Self.schema(litter: "{}")
        let errors = SchemaKeysTests.errors(missing)
        #expect(errors.count == 2 && errors.allSatisfy { $0.contains("prints '{max}', which item 'Litter' does not carry (give it under the item's 'attributes')") }, "\(errors)")
    }
}

extension ItemTemplateTests {
    /// Trends draws each item on its own range: Litter, scored up to 3, on 0-3 beside the
    /// others' 0-5.
    @Test func trendsDrawsEachItemOnItsOwnRange() throws {
        let schema = try Schema.load(bytes: Array(Self.schema().utf8), file: "t.yaml")
        let transit = Transit(schema: schema)
        let reports = try ["north-pier-2022", "north-pier-2023"].map {
            try transit.read(try FileIO.read(Support.root + "/Tests/Families/coastal/reports/\($0).yaml"), format: .yaml, file: "\($0).yaml").report
        }
        #expect(schema.itemRange(of: "Litter").map { "\($0.low)-\($0.high)" } == "0-3")
        #expect(schema.itemRange(of: "Clarity").map { "\($0.low)-\($0.high)" } == "0-5")
        let html = Trends.html(try ArchiveSeries(reports: reports, schema: schema), order: .group)
        #expect(html.contains("(each on its own range)"), "the caption says the items' ranges differ")
        // Each small chart prints its top value at the left of its plot.
        let litter = try #require(html.range(of: ">Litter</text>"))
        let chart = html[litter.upperBound...].prefix(600)
        #expect(chart.contains(">3</text>") && !chart.contains(">5</text>"), "\(chart)")
    }
}
