import Foundation
import Testing

/// Every output form carries hostile text intact: a family of our own (the coastal survey)
/// whose station is named with quotes, `</script>`, `]]>`, a comment opener, a comma, a `|`, a
/// CR LF and a control character, whose doc strings and remarks hold the same, and a file named
/// with quotes and brackets. Each output is read back by an outside parser (Python's json, csv,
/// expat and html5lib; xmllint), which must find the name whole.
struct HostileOutputTests {
    static let hostile = "North \"Pier\" </script> ]]> <!-- a,b | c\r\nd\u{1} &amp; '"
    /// As XML and the pages carry it: what XML 1.0 cannot hold spelled `\u{…}`.
    static let inMarkup = hostile.replacingOccurrences(of: "\u{1}", with: "\\u{1}")
    /// As an HTML parser reads a page: a CR LF is a line feed (HTML normalises line breaks).
    static let inPage = inMarkup.replacingOccurrences(of: "\r\n", with: "\n")
    /// As a markdown cell carries it: the line break a space.
    static let inMarkdown = hostile.replacingOccurrences(of: "\r\n", with: " ")

    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1}", with: "\\x01") + "\""
    }

    static func jsonQuoted(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast().description
    }

    /// The family and its reports in a scratch folder: (schema, reports folder, hostile file).
    static func family() throws -> (schema: String, reports: String, file: String) {
        let dir = try CLI.scratch()
        let source = CLI.root + "/Tests/Families/coastal/"
        var schema = try String(contentsOfFile: source + "coastal.schema.yaml", encoding: .utf8)
        schema = schema.replacingOccurrences(of: "values: [North Pier,", with: "values: [\(yamlQuoted(hostile)),")
            .replacingOccurrences(of: "[North Pier]", with: "[\(yamlQuoted(hostile))]")
            .replacingOccurrences(of: "doc: One station's survey of one season.", with: "doc: \(yamlQuoted(hostile))")
        try schema.write(toFile: dir + "/hostile.schema.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/reports", withIntermediateDirectories: true)
        for name in ["north-pier-2022", "north-pier-2023", "south-beach-2023"] {
            var text = try String(contentsOfFile: source + "reports/\(name).json", encoding: .utf8)
            text = text.replacingOccurrences(of: "\"station\": \"North Pier\"", with: "\"station\": \(jsonQuoted(hostile))")
            if name == "north-pier-2023" {
                text = text.replacingOccurrences(of: "The water stayed clear all summer.", with: "The water stayed clear all summer. " + jsonQuoted(hostile).dropFirst().dropLast())
            }
            try text.write(toFile: dir + "/reports/\(name).json", atomically: true, encoding: .utf8)
        }
        // A copy under a hostile name, with a wrong index: findings name the file.
        let file = dir + "/north \"pier\" <b> ]]> ,|-2023.json"
        let wrong = try String(contentsOfFile: dir + "/reports/north-pier-2023.json", encoding: .utf8)
            .replacingOccurrences(of: "\"water_index\": 10.5", with: "\"water_index\": 11.5")
        try wrong.write(toFile: file, atomically: true, encoding: .utf8)
        return (dir + "/hostile.schema.yaml", dir + "/reports", file)
    }

    /// Runs transit, writes its output to a file, and has the outside parser look for `expected`.
    func check(_ kind: String, _ args: [String], expected: String, status: Int32 = 0, _ name: String) throws {
        let r = try CLI.run(args)
        #expect(r.status == status, "\(args): \(r.stderr)")
        let out = try CLI.scratch(name) + "/out"
        try r.stdoutBytes.write(to: URL(fileURLWithPath: out))
        let read = try Python.run(["Tests/consumers/read_hostile.py", kind, out, Self.jsonQuoted(expected)])
        #expect(read.status == 0, "\(name) (\(kind)) read by an outside parser: \(read.stdout)\(read.stderr)\n\(r.stdout.prefix(3000))")
    }

    @Test(.enabled(if: Python.has("html5lib") || Python.inCI, "the Python module html5lib is missing (make test-deps installs it)"))
    func everyOutputFormCarriesHostileTextIntact() throws {
        let f = try Self.family()
        let s = ["--schema", f.schema]
        let old = f.reports + "/north-pier-2022.json", new = f.reports + "/north-pier-2023.json"
        // The station's name, where the subject is written.
        try check("csv", ["table", f.reports] + s, expected: Self.hostile, "table-csv")
        try check("json", ["table", f.reports, "--format", "json"] + s, expected: Self.hostile, "table-json")
        try check("html", ["trends", f.reports, "-o", "-"] + s, expected: Self.inPage, "trends")
        try check("html", ["summary", f.reports, "--format", "html"] + s, expected: Self.inPage, "summary-html")
        try check("json", ["summary", f.reports, "--format", "json"] + s, expected: Self.hostile, "summary-json")
        try check("markdown", ["summary", f.reports] + s, expected: Self.inMarkdown, "summary-markdown")
        for (form, kind, expected) in [("csv", "csv", Self.hostile), ("json", "json", Self.hostile), ("markdown", "markdown", Self.inMarkdown)] {
            try check(kind, ["diff", "--archive", f.reports, "--from", "2022", "--to", "2023", "--format", form] + s, expected: expected, status: 1, "archive-\(form)")
        }
        // A remark's text, in the diff of two reports.
        try check("json", ["diff", old, new, "--format", "json"] + s, expected: Self.hostile, status: 1, "diff-json")
        try check("json", ["diff", old, new, "--format", "patch"] + s, expected: Self.hostile, status: 1, "diff-patch")
        // The file's name, in every form of findings.
        let name = (f.file as NSString).lastPathComponent
        try check("json", ["validate", f.file, "--format", "json"] + s, expected: name, status: 1, "validate-json")
        try check("json", ["validate", f.file, "--format", "sarif"] + s, expected: "pier%22%20%3Cb%3E%20%5D%5D%3E%20%2C%7C-2023.json", status: 1, "validate-sarif")
        try check("xml", ["validate", f.file, "--format", "junit"] + s, expected: name, status: 1, "validate-junit")
        // The schema's doc strings, in its exports; the report itself as XML.
        try check("json", ["schema", "--schema", f.schema, "--format", "json-schema"], expected: Self.hostile, "json-schema")
        try check("xml", ["schema", "--schema", f.schema, "--format", "xsd"], expected: Self.inMarkup, "xsd")
    }
}
