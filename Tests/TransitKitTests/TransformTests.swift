import Testing
@testable import TransitKit

/// Transforms of the schema: steps that set fields in the rule language, `previous` in reach,
/// and `create: true` building the records on the way.
struct TransformTests {
    static let schemaText = """
        schema: t
        version: 1
        xml-namespace: urn:t
        root: report
        types:
          report:
            fields:
              - {name: name, type: string, attribute: true}
              - {name: year, type: integer, attribute: true}
              - {name: level, type: level}
              - {name: total, type: decimal, decimals: 1}
              - {name: marks, type: "mark[]"}
              - {name: last, type: last}
          mark:
            fields:
              - {name: key, type: string, required: true}
              - {name: value, type: decimal, decimals: 1}
          last:
            fields:
              - {name: total, type: decimal, decimals: 1}
              - {name: level, type: level}
              - {name: more, type: more}
          more:
            fields:
              - {name: note, type: string}
              - {name: year, type: integer}
        enums:
          level: {values: [Low, High]}
        roles:
          subject: {field: name}
          edition: {field: year}
          headline: {field: total}
          band: {field: level}
          derive: derive
        bands:
          - {value: Low, min: "0.0", max: "4.9"}
          - {value: High, min: "5.0", max: "10.0"}
        transforms:
          derive:
            steps:
              - {set: total, to: "sum(marks[*].value)"}
              - {set: level, to: band(total)}
              - {set: last.total, to: previous.total, create: true}
              - {set: last.more.year, to: previous.year, create: true}
              - {set: last.level, to: previous.level, create: true}
        """

    func report(_ schema: Schema, _ year: Int, _ values: [String], last: Record? = nil) -> Record {
        var r = Record(schema.root)
        r.set("name", "A")
        r.set("year", String(year))
        r["marks"] = .list(values.enumerated().map { k, v in
            var m = Record(schema.type("mark")!)
            m.set("key", "k\(k)")
            m.set("value", v)
            return .record(m)
        }, .unknown)
        if let last { r["last"] = .record(last) }
        return r
    }

    @Test func deriveComputesAndCreatesTheRecordsOnTheWay() throws {
        let schema = try Schema.load(bytes: Array(Self.schemaText.utf8), file: "t.yaml")
        let derive = try #require(schema.transform("derive"))
        // Without a previous report nothing is created: the value is null.
        let first = try derive.apply(to: report(schema, 2020, ["1.5", "2.0"]), schema: schema)
        #expect(first.text("total") == "3.5" && first.text("level") == "Low")
        #expect(first["last"] == nil)
        // With one, `last` and `last.more` are built around the values.
        let second = try derive.apply(to: report(schema, 2021, ["3.0", "2.5"]), previous: first, schema: schema)
        #expect(second.text("total") == "5.5" && second.text("level") == "High")
        #expect(second.text(at: ModelPath("last.total")) == "3.5")
        #expect(second.text(at: ModelPath("last.level")) == "Low")
        #expect(second.text(at: ModelPath("last.more.year")) == "2020")
        // A record that is there keeps its other fields.
        var kept = Record(schema.type("last")!)
        var more = Record(schema.type("more")!)
        more.set("note", "kept")
        kept["more"] = .record(more)
        let third = try derive.apply(to: report(schema, 2022, ["1.0"], last: kept), previous: second, schema: schema)
        #expect(third.text(at: ModelPath("last.more.note")) == "kept")
        #expect(third.text(at: ModelPath("last.more.year")) == "2021")
        #expect(third.text(at: ModelPath("last.total")) == "5.5")
    }

    @Test func createNeedsAPathFromTheReport() {
        let text = Self.schemaText.replacingOccurrences(of: "      - {set: last.total, to: previous.total, create: true}",
                                                         with: "      - {each: m in marks, set: m.value, to: 1, create: true}\n      - {set: total, to: 1, create: maybe}")
        let errors = Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "t.yaml") }.map(\.description)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.contains("'create' needs 'set' to be a path of fields from the report") == true, "\(errors)")
        #expect(errors.last?.contains("'create' is true or false") == true, "\(errors)")
    }

    @Test func aDeriveRoleNamesADeclaredTransform() {
        let text = Self.schemaText.replacingOccurrences(of: "  derive: derive", with: "  derive: derivation")
        let errors = Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "t.yaml") }.map(\.description)
        #expect(errors == ["t.yaml:34:11: error: role 'derive': the transform 'derivation' is not declared under transforms"], "\(errors)")
    }

    /// `item:` and `key:`: the record of a list under the loop's item is set, made where the
    /// list has none (after the others, in the loop's order); a null value sets nothing.
    @Test func aKeyedStepSetsOrMakesTheRecordOfItsKey() throws {
        let text = Self.schemaText.replacingOccurrences(of: "\ntransforms:\n", with: """

            transforms:
              keyed:
                steps:
                  - {each: "k in ['k1', 'k9', 'k8']", item: marks, key: key, set: value, to: "if k == 'k8' then null else 7"}

            """)
        let schema = try Schema.load(bytes: Array(text.utf8), file: "t.yaml")
        let keyed = try #require(schema.transform("keyed"))
        let out = try keyed.apply(to: report(schema, 2020, ["1.5", "2.0"]), schema: schema)
        let marks = out["marks"]?.items?.compactMap { $0.record.map { "\($0.text("key")!)=\($0.text("value")!)" } }
        #expect(marks == ["k0=1.5", "k1=7.0", "k9=7.0"])
        // An absent list is made.
        var bare = report(schema, 2020, [])
        bare["marks"] = nil
        #expect(try keyed.apply(to: bare, schema: schema)["marks"]?.items?.count == 2)
    }

    @Test func aKeyedStepIsCheckedWhereItStands() {
        func errors(_ step: String) -> [String] {
            let text = Self.schemaText.replacingOccurrences(of: "\ntransforms:\n", with: "\ntransforms:\n  keyed:\n    steps:\n      - \(step)\n")
            return Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "t.yaml") }.map(\.description)
        }
        // The step stands on line 41: `      - {` puts its first key at column 10.
        let line = 41
        #expect(errors("{item: marks, key: key, set: value, to: 1}") == ["t.yaml:\(line):16: error: transform 'keyed': 'item' needs 'each': the loop's items are the keys of the records set"])
        #expect(errors("{each: \"k in ['a']\", item: total, key: key, set: value, to: 1}") == ["t.yaml:\(line):36: error: transform 'keyed': 'item': 'total' is not a list of records of the report"])
        #expect(errors("{each: \"k in ['a']\", item: marks, key: kee, set: value, to: 1}") == ["t.yaml:\(line):48: error: transform 'keyed': 'item' needs 'key': a scalar field of 'mark' naming a record"])
        #expect(errors("{each: \"k in ['a']\", item: marks, key: key, set: valu, to: 1}") == ["t.yaml:\(line):58: error: transform 'keyed': with 'item', 'set' is a scalar field of 'mark'"])
    }

    @Test func aSheetDeriveNamesADeclaredTransform() {
        let text = Self.schemaText.replacingOccurrences(of: "\ntransforms:\n", with: "\nsheet:\n  derive: filler\n  columns:\n    - {name: Name, field: name}\ntransforms:\n")
        let errors = Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "t.yaml") }.map(\.description)
        #expect(errors == ["t.yaml:39:11: error: the sheet's 'derive': the transform 'filler' is not declared under transforms"], "\(errors)")
    }
}
