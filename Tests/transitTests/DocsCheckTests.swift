import Foundation
import Testing

/// `make docs` fails on a public declaration without a documentation comment, and on a symbol
/// in none of the catalog's topic groups: the check it runs (docs/undocumented.py), over a symbol
/// graph and a module page made by hand.
struct DocsCheckTests {
    static func symbol(_ path: [String], line: Int?, doc: [String]?, module: String? = nil) -> [String: Any] {
        var s: [String: Any] = ["kind": ["identifier": "swift.property", "displayName": "Instance Property"], "pathComponents": path]
        if let line { s["location"] = ["uri": "file:///p/Sources/TransitKit/A.swift", "position": ["line": line, "character": 4]] }
        if let doc {
            var comment: [String: Any] = ["lines": doc.map { ["text": $0] }]
            if let module { comment["module"] = module }
            s["docComment"] = comment
        }
        return s
    }

    @Test func anUndocumentedPublicDeclarationFailsTheDocs() throws {
        let dir = try CLI.scratch()
        let graph: [String: Any] = ["symbols": [
            Self.symbol(["Survey", "river"], line: 9, doc: ["The river surveyed."]),
            Self.symbol(["Survey", "year"], line: 11, doc: nil),
            // Made by the compiler (an enumeration's `hashValue`): in no source file.
            Self.symbol(["Grade", "hashValue"], line: nil, doc: nil),
            // A protocol's requirement, documented by the protocol (`description`).
            Self.symbol(["Survey", "description"], line: 20, doc: ["A textual representation of this instance."], module: "Swift"),
        ]]
        let file = dir + "/TransitKit.symbols.json"
        try JSONSerialization.data(withJSONObject: graph).write(to: URL(fileURLWithPath: file))
        let r = try Python.run(["docs/undocumented.py", file])
        #expect(r.status == 1)
        #expect(r.stdout == "Sources/TransitKit/A.swift:12: error: public instance property Survey.year has no documentation comment\n", "\(r.stdout)")
        #expect(r.stderr == "1 public declaration has no documentation comment\n")

        // A symbol DocC filed under a group of its own making: in none of the catalog's groups.
        let page: [String: Any] = ["topicSections": [
            ["title": "Essentials", "identifiers": ["doc://TransitKit/documentation/TransitKit/Survey"]],
            ["title": "Enumerations", "generated": true, "identifiers": ["doc://TransitKit/documentation/TransitKit/Grade"]],
        ]]
        let pageFile = dir + "/transitkit.json"
        try JSONSerialization.data(withJSONObject: page).write(to: URL(fileURLWithPath: pageFile))
        let documented: [String: Any] = ["symbols": [Self.symbol(["Survey", "river"], line: 9, doc: ["The river surveyed."])]]
        try JSONSerialization.data(withJSONObject: documented).write(to: URL(fileURLWithPath: file))
        let clean = try Python.run(["docs/undocumented.py", file])
        #expect(clean.status == 0 && clean.stdout == "every public declaration (1) has its documentation comment\n", "\(clean.stdout)\(clean.stderr)")
        let uncurated = try Python.run(["docs/undocumented.py", file, pageFile])
        #expect(uncurated.status == 1)
        #expect(uncurated.stdout.hasPrefix("error: Grade is in none of the catalog's topic groups (DocC filed it under 'Enumerations'): add it to TransitKit.md\n"), "\(uncurated.stdout)")
        #expect(uncurated.stderr == "1 public symbol is in no topic group\n")
    }
}
