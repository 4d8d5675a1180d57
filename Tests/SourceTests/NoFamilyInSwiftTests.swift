import Foundation
import Testing

/// The engine knows no report family: no Swift file under Sources/ names a field, type, rated
/// item, band or wording of the Nations in Transit schema. The words are taken from the schema
/// itself, so a field added there is checked too.
struct NoFamilyInSwiftTests {
    /// Files allowed the words: none.
    static let exempt: [String] = []

    /// Names of the page record: the page engine's own contract, not a family's.
    static let engine: Set<String> = ["line_ending", "final_newline"]
    /// The command's option `--to-current-scale` (it runs whatever transform the scale role
    /// names), which the Nations in Transit transform shares a name with.
    static let options: Set<String> = ["to-current-scale"]

    static func vocabulary() throws -> [String] {
        let schema = try ["nit", "fiw"].map { try String(contentsOfFile: Source.root + "/Schemas/\($0).schema.yaml", encoding: .utf8) }.joined(separator: "\n")
        var words: Set<String> = ["Nations in Transit", "Democracy", "democracy", "categories", "Categories", "As a result", "methodology",
                                  "Methodology", "score-change", "Score changes",
                                  "Freedom in the World", "Political Rights", "Civil Liberties", "Partly Free", "Not Free", "Add Q", "indicators",
                                  "Indicators", "subtotals", "Key Developments", "Status Change"]
        func all(_ pattern: String) -> [String] {
            let re = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
            return re.matches(in: schema, range: NSRange(schema.startIndex..., in: schema)).compactMap { m in
                Range(m.range(at: 1), in: schema).map { String(schema[$0]) }
            }
        }
        // Field and type names with an underscore (single words such as `name` are anybody's).
        for name in all(#"\{name: ([a-z]+_[a-z_]+),"#) + all(#"^  ([a-z]+_[a-z_]+):$"#) where !engine.contains(name) { words.insert(name) }
        // The fields the roles name (whom a report is about, its headline and band), as string
        // literals: `report.text("country")` is a family's field read by name. (`edition` is
        // also the edition summary's own field, so it is not among them.)
        for role in ["subject", "headline", "band"] {
            for name in all("^  \(role): \\{field: ([a-z_]+)") { words.insert("\"\(name)\"") }
        }
        // Any field of the schema, single words too, where a comment or a literal gives it as a
        // schema would (`{field: percentage, …}`): an example in the engine's documentation
        // quoting a family's own section.
        for name in all(#"\{name: ([a-z_]+),"#) where !engine.contains(name) { words.insert("{field: \(name)") }
        // Rule ids, and the names of tables and transforms (hyphenated: `pr-rating`,
        // `footnotes-category`): a family's, read by the engine only from the schema.
        for name in all(#"^  - id: ([a-z]+-[a-z0-9-]+)\s*$"#) + all(#"^  ([a-z]+-[a-z0-9-]+):\s*$"#) where !options.contains(name) { words.insert(name) }
        // Rated items and band values (multi-word names).
        for name in all(#"^  - name: (.+)$"#) + all(#"^  - \{value: ([^,]+),"#) { words.insert(name) }
        return words.sorted()
    }

    @Test func noSwiftFileUnderSourcesNamesTheFamily() throws {
        let words = try Self.vocabulary()
        #expect(words.contains("democracy_score") && words.contains("Civil Society") && words.contains("Consolidated Democracy"), "\(words)")
        #expect(words.contains("pr_score") && words.contains("key_developments") && words.contains("status_change"), "\(words)")
        #expect(words.contains("pr-rating") && words.contains("footnotes-category"), "\(words)")
        #expect(words.contains("{field: percentage"), "\(words)")
        let sources = Source.root + "/Sources"
        let files = (FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 50)
        var hits: [String] = [], exemptUsed: Set<String> = []
        for file in files {
            let path = "Sources/" + file
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            let found = words.filter { text.contains($0) }
            guard !found.isEmpty else { continue }
            if Self.exempt.contains(path) { exemptUsed.insert(path); continue }
            hits.append("\(path): \(found.joined(separator: ", "))")
        }
        #expect(hits.isEmpty, "\(hits.joined(separator: "\n"))")
        // The exemptions are real (each file still needs one), so the list cannot grow stale.
        #expect(exemptUsed == Set(Self.exempt), "\(exemptUsed)")
    }
}
