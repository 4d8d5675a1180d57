import Foundation
import Testing

/// The public yaml-test-suite (its `data` branch: a folder per case, `in.yaml`, and `error` where
/// the document is not YAML), run through transit's YAML reader. It is not in this repository:
/// set TRANSIT_YAML_TEST_SUITE to a checkout of the data branch to run it; skipped otherwise.
struct YAMLTestSuiteTests {
    static let root = ProcessInfo.processInfo.environment["TRANSIT_YAML_TEST_SUITE"]

    /// The reader's own messages about a document's shape (YAML, but not a report's).
    static let shapeMessages = ["unknown field", "anchors are not supported", "tags are not supported", "aliases are not supported",
                                "expected a mapping", "must be a plain string", "more than one YAML document", "lacks the required field",
                                "' must be ", "the file is empty", "is null"]
    /// transit's own syntax checks (what libyaml 0.2.5 lets through).
    static let ownSyntaxMessages = ["a comment must be separated", "a leading blank line of a block scalar", "a continuation line of a flow collection",
                                    "a plain '-' in a flow collection", "directives must follow", "a continuation line of a quoted value"]

    static func cases() -> [(name: String, yaml: Data, error: Bool)] {
        guard let root else { return [] }
        var out: [(String, Data, Bool)] = []
        let walker = FileManager.default.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String {
            guard rel.hasSuffix("in.yaml"), let data = FileManager.default.contents(atPath: root + "/" + rel) else { continue }
            let dir = (rel as NSString).deletingLastPathComponent
            out.append((dir, data, FileManager.default.fileExists(atPath: root + "/" + dir + "/error")))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    @Test(.enabled(if: root != nil, "TRANSIT_YAML_TEST_SUITE is not set (a checkout of yaml-test-suite's data branch)"))
    func errorCasesAreSyntaxErrorsFirstAndValidOnesPass() throws {
        let all = Self.cases()
        try #require(all.count > 300, "\(all.count) cases under \(Self.root ?? "")")
        var errors = 0
        for c in all {
            let r = try CLI.run(["validate", "-", "--from", "yaml", "--family", "nit", "--format", "json"], stdin: c.yaml)
            let findings = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
            let first = findings.first?["message"] as? String ?? r.stderr
            if c.error {
                errors += 1
                #expect(r.status == 2, "\(c.name): not YAML, but read (\(first))")
                #expect(!Self.shapeMessages.contains { first.contains($0) }, "\(c.name): the first message is not the syntax error: \(first)")
            } else {
                #expect(!Self.ownSyntaxMessages.contains { first.contains($0) }, "\(c.name): valid YAML refused: \(first)")
            }
        }
        #expect(errors > 90)
    }
}
