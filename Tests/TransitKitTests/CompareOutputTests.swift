import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TransitKit

/// The comparison layer and the output layer on their own (beside the end-to-end tests through
/// the binary), on the coastal survey, a family of our own: figures checked against what the
/// reports say, worked out by hand.
struct CompareOutputTests {
    static let dir = Support.root + "/Tests/Families/coastal/"
    static let schema = try! Schema.load(path: dir + "coastal.schema.yaml")
    static let transit = Transit(schema: schema)

    static func report(_ name: String) throws -> Record {
        try transit.read(try Support.read(dir + "reports/" + name + ".yaml"), format: .yaml, file: name + ".yaml").report
    }

    @Test func aReportDiffFindsTheFiguresThatMovedAndWhichWay() throws {
        let diff = ReportDiff(old: try Self.report("north-pier-2022"), new: try Self.report("north-pier-2023"), schema: Self.schema)
        let index = try #require(diff.changes.first { $0.path == "/water_index" })
        #expect(index.kind == .changed && index.old == "9.5" && index.new == "10.5" && index.direction == "improved")
        let grade = try #require(diff.changes.first { $0.path == "/grade" })
        #expect(grade.old == "Fair" && grade.new == "Good")
        // Clarity 3.0 → 4.0; Oxygen and Litter stayed.
        #expect(diff.changes.contains { $0.label == "Clarity" && $0.old == "3.0" && $0.new == "4.0" })
        #expect(!diff.changes.contains { $0.label == "Oxygen" || $0.label == "Litter" })
    }

    /// RFC 6902 applied by hand (add, remove, replace on objects and arrays): the patch turns
    /// OLD's JSON form into NEW's.
    @Test func theJSONPatchTurnsOldIntoNew() throws {
        let old = try Self.report("north-pier-2022"), new = try Self.report("north-pier-2023")
        var doc = try JSONSerialization.jsonObject(with: Data(JSONValue(old).serialized().utf8), options: [.fragmentsAllowed])
        for op in JSONPatch.operations(from: old, to: new) {
            guard case .object(let members) = op.content else { Issue.record("not an object: \(op)"); continue }
            let fields = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
            guard case .string(let name)? = fields["op"], case .string(let path)? = fields["path"] else { continue }
            let value = try fields["value"].map { try JSONSerialization.jsonObject(with: Data($0.serialized().utf8), options: [.fragmentsAllowed]) }
            doc = Self.apply(name, path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }, value, to: doc)
        }
        let expected = try JSONSerialization.jsonObject(with: Data(JSONValue(new).serialized().utf8), options: [.fragmentsAllowed])
        #expect(NSDictionary(dictionary: doc as! [String: Any]).isEqual(to: expected as! [String: Any]))
    }

    static func apply(_ op: String, _ path: [String], _ value: Any?, to doc: Any) -> Any {
        guard let key = path.first else { return value as Any }
        let rest = Array(path.dropFirst())
        if var object = doc as? [String: Any] {
            if rest.isEmpty { object[key] = op == "remove" ? nil : value } else { object[key] = apply(op, rest, value, to: object[key] as Any) }
            return object
        }
        if var array = doc as? [Any], let i = Int(key) {
            if rest.isEmpty {
                switch op {
                case "remove": array.remove(at: i)
                case "add": array.insert(value as Any, at: i)
                default: array[i] = value as Any
                }
            } else {
                array[i] = apply(op, rest, value, to: array[i])
            }
            return array
        }
        return doc
    }

    @Test func theArchiveComparisonSortsByTheSizeOfTheChange() throws {
        let diff = ArchiveDiff(old: [try Self.report("north-pier-2022")], new: [try Self.report("north-pier-2023"), try Self.report("south-beach-2023")],
                               schema: Self.schema)
        #expect(diff.rows.map(\.subject) == ["North Pier", "South Beach"])  // a change first; no figure to compare last
        let north = diff.rows[0]
        #expect(north.difference == "+1.0" && north.oldBand == "Fair" && north.newBand == "Good" && north.moved == ["Clarity +1.0"])
        #expect(diff.rows[1].difference == nil && diff.rows[1].oldValue == nil && diff.rows[1].newValue == "4.5")
        let json = try JSONSerialization.jsonObject(with: Data(diff.json.utf8)) as! [[String: Any]]
        #expect(json[0]["difference"] as? Double == 1.0 && json[0]["moved"] as? [String] == ["Clarity +1.0"])
        let rows = diff.csv.split(separator: "\n")
        #expect(rows.count == 3 && rows[1].hasPrefix("North Pier,2022,2023,9.5,10.5,+1.0,Fair,Good,Clarity +1.0"))
    }

    @Test func theSummaryOfAnEditionSetsEachStationAgainstItsOwnPreviousOne() throws {
        let reports = try ["north-pier-2022", "north-pier-2023", "south-beach-2023"].map(Self.report)
        let series = try ArchiveSeries(reports: reports, schema: Self.schema)
        #expect(series.editions == [2022, 2023])
        let summary = try EditionSummary(series, edition: 2023)
        #expect(summary.rows.map(\.subject) == ["North Pier", "South Beach"])
        #expect(summary.rows[0].entry.previous == 2022 && summary.rows[0].entry.change == ExactDecimal("1.0"))
        #expect(summary.rows[1].entry.previous == nil)
        let json = try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as! [String: Any]
        #expect(json["title"] as? String == summary.title)
    }

    @Test func findingsInEachFormReadBackAsTheyWere() throws {
        var finding = Diagnostic(.warning, file: "a b.yaml", mark: Mark(line: 3, column: 7), "say \"x\" & <y>")
        finding.rule = "r-1"
        finding.pointer = "/a/0"
        let results = [FileValidation(file: "a b.yaml", findings: [finding], unreadable: false)]
        let json = try JSONSerialization.jsonObject(with: Data(FindingReporter(format: .json).render(results).utf8)) as! [[String: Any]]
        #expect(json.count == 1 && json[0]["message"] as? String == "say \"x\" & <y>" && json[0]["line"] as? Int == 3 && json[0]["path"] as? String == "/a/0")
        let sarif = try JSONSerialization.jsonObject(with: Data(FindingReporter(format: .sarif).render(results).utf8)) as! [String: Any]
        let result = ((sarif["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]
        #expect(result["ruleId"] as? String == "r-1" && result["level"] as? String == "warning")
        let uri = ((result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])["artifactLocation"] as! [String: Any]
        #expect(uri["uri"] as? String == "a%20b.yaml")
        let junit = FindingReporter(format: .junit, strict: true).render(results)
        let document = try XMLDocument(xmlString: junit)
        #expect(try document.nodes(forXPath: "//testcase/failure/@message").first?.stringValue == "1 finding")
        #expect(FindingReporter(format: .github).render(results) == "::warning file=a b.yaml,line=3,col=7,title=r-1::say \"x\" & <y>\n")
    }
}
