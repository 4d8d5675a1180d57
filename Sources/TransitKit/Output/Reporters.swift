/// The forms validation findings are written in, for people and for CI systems.
public enum FindingFormat: String, CaseIterable, Sendable {
    /// `FILE:LINE:COLUMN: error: message [rule]`, the source line and a caret under the column.
    case human
    /// An array of objects: file, line, column, severity, rule, path, message.
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
    case github
    /// SARIF 2.1.0, with the schema's rules in `tool.driver.rules`.
    case sarif
    /// JUnit XML, one test case per file.
    case junit
    /// Markdown for a person reading a CI job's summary: the counts, the findings by rule, then
    /// every finding.
    case markdown
}

/// Writes validation results in one of the `FindingFormat`s.
public struct FindingReporter: Sendable {
    /// The form written.
    public var format: FindingFormat
    /// ANSI colour (human form only; for a terminal).
    public var color = false
    /// Warnings fail a file too (JUnit).
    public var strict = false
    /// The rules that may appear (SARIF lists them).
    public var rules: [Rule] = []
    /// The version SARIF names the tool by.
    public var toolVersion = "0.1.0"

    /// A reporter of findings in `format`.
    public init(format: FindingFormat, color: Bool = false, strict: Bool = false, rules: [Rule] = [], toolVersion: String = "0.1.0") {
        self.format = format
        self.color = color
        self.strict = strict
        self.rules = rules
        self.toolVersion = toolVersion
    }

    /// The results of a run in the reporter's form.
    public func render(_ results: [FileValidation]) -> String {
        switch format {
        case .human: human(results)
        case .json: json(results)
        case .github: github(results)
        case .sarif: sarif(results)
        case .junit: junit(results)
        case .markdown: markdown(results)
        }
    }

    // MARK: - markdown

    /// At most this many findings are listed one by one (the counts by rule cover them all).
    static let markdownFindings = 500

    private func markdown(_ results: [FileValidation]) -> String {
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        let findings = results.flatMap(\.findings)
        var out = "### transit validate: \(results.count) file\(results.count == 1 ? "" : "s") checked, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n\n"
        guard !findings.isEmpty else { return out + "No findings.\n" }
        // By rule, in the order each rule first finds something.
        var order: [String] = [], counts: [String: (severity: Severity, count: Int, first: String)] = [:]
        for d in findings {
            let rule = d.rule ?? "read"
            if let c = counts[rule] {
                counts[rule] = (max(c.severity, d.severity), c.count + 1, c.first)
            } else {
                order.append(rule)
                counts[rule] = (d.severity, 1, d.location)
            }
        }
        out += MarkdownText.table(["Rule", "Severity", "Findings", "First at"], order.map { rule in
            let c = counts[rule]!
            return [MarkdownText.inline(rule), c.severity.rawValue, String(c.count), MarkdownText.inline(c.first)]
        })
        out += "\n<details><summary>Every finding</summary>\n\n"
        for d in findings.prefix(Self.markdownFindings) {
            out += "- \(MarkdownText.inline(d.location)): **\(d.severity.rawValue)**: \(MarkdownText.inline(d.message))\(d.rule.map { " \\[\(MarkdownText.inline($0))\\]" } ?? "")\n"
        }
        if findings.count > Self.markdownFindings { out += "- … and \(findings.count - Self.markdownFindings) more\n" }
        return out + "\n</details>\n"
    }

    // MARK: - human

    private func human(_ results: [FileValidation]) -> String {
        var out = ""
        for result in results {
            for d in result.findings {
                let (bold, colour, reset) = color ? ("\u{1B}[1m", Self.colour(d.severity), "\u{1B}[0m") : ("", "", "")
                // Text from the input is escaped: a control character cannot forge a line.
                out += "\(bold)\(d.location):\(reset) \(colour)\(d.severity.rawValue):\(reset) \(StringEscape.printable(d.message))"
                if let rule = d.rule { out += " [\(rule)]" }
                out += "\n"
                guard d.mark.isTextLine, let line = result.sourceLines[d.mark.line], !line.isEmpty else { continue }
                var shown = "", pad = ""
                for (k, scalar) in line.unicodeScalars.enumerated() {
                    // Tabs stay tabs so the caret lines up however the terminal sets them.
                    let text = scalar == "\t" ? "\t" : StringEscape.printable(String(scalar))
                    shown += text
                    if k < d.mark.column - 1 { pad += scalar == "\t" ? "\t" : String(repeating: " ", count: text.count) }
                }
                out += shown + "\n"
                if d.mark.column >= 1 { out += pad + "\(colour)^\(reset)\n" }
            }
        }
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        let failing = results.count { $0.fails(strict: strict) }
        out += "\(results.count) file\(results.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        out += failing > 0 ? ", \(failing) failing\n" : "\n"
        return out
    }

    private static func colour(_ s: Severity) -> String {
        switch s {
        case .error: "\u{1B}[31m"
        case .warning: "\u{1B}[33m"
        case .note: "\u{1B}[36m"
        }
    }

    // MARK: - json

    private func json(_ results: [FileValidation]) -> String {
        JSONValue.array(results.flatMap(\.findings).map { d in
            // A workbook's cell is given by its sheet and reference; the line and column are 0.
            .inline(.object([
                "file": .string(d.file), "line": .int(d.mark.isTextLine ? d.mark.line : 0), "column": .int(d.mark.isTextLine ? d.mark.column : 0),
                "sheet": d.sheet.map { .string($0) }, "cell": d.mark.cellReference.map { .string($0) },
                "severity": .string(d.severity.rawValue), "rule": .string(d.rule ?? ""), "path": .string(d.pointer ?? ""),
                "message": .string(d.message),
            ]))
        }).serialized()
    }

    // MARK: - github

    private func github(_ results: [FileValidation]) -> String {
        var out = ""
        for d in results.flatMap(\.findings) {
            let command = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            var properties = ["file=\(Self.escapeProperty(d.file))"]
            if d.mark.isTextLine { properties.append("line=\(d.mark.line)") }
            if d.mark.isTextLine, d.mark.column >= 1 { properties.append("col=\(d.mark.column)") }
            if let rule = d.rule { properties.append("title=\(Self.escapeProperty(rule))") }
            // A workbook has no lines: the message names the sheet and cell.
            let cell = d.mark.cell != nil ? (d.position ?? "") + ": " : ""
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(cell + d.message))\n"
        }
        return out
    }

    private static func escapeData(_ s: String) -> String {
        s.replacingOccurrences("%", "%25").replacingOccurrences("\r", "%0D").replacingOccurrences("\n", "%0A")
    }

    private static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(":", "%3A").replacingOccurrences(",", "%2C")
    }

    // MARK: - sarif

    /// Rules a finding can name beyond the schema's: what the readers report, and the archive's own check.
    private static let readRule = (id: "read", text: "The file reads as a report of its format (syntax, fields, types), and what its reader noticed.")
    private static let archiveRule = (id: "archive", text: "Where the archive holds a report in several files, the copies agree on its figures, so that the previous edition is one report.")

    private func sarif(_ results: [FileValidation]) -> String {
        var described: [(id: String, text: String, level: String)] = rules.map { ($0.id, $0.doc, Self.level($0.severity)) }
        if !described.contains(where: { $0.id == "read" }) { described.append((Self.readRule.id, Self.readRule.text, "error")) }
        if !described.contains(where: { $0.id == "archive" }), results.contains(where: { $0.findings.contains { $0.rule == "archive" } }) {
            described.append((Self.archiveRule.id, Self.archiveRule.text, "error"))
        }
        let ruleIDs = described.map(\.id)
        let findings: [JSONValue] = results.flatMap(\.findings).map { d in
            let rule = d.rule ?? "read"
            var physical: [JSONMember] = [JSONMember("artifactLocation", .object(["uri": .string(Self.uri(d.file))]))]
            if d.mark.isTextLine {
                physical.append(JSONMember("region", .inline(.object([
                    "startLine": .int(d.mark.line), "startColumn": d.mark.column >= 1 ? .int(d.mark.column) : nil,
                ]))))
            }
            var location: [JSONMember] = [JSONMember("physicalLocation", .object(physical))]
            // SARIF's regions are of text; a workbook's cell is a logical location of kind "cell".
            var logical: [JSONValue] = []
            if d.mark.cell != nil, let cell = d.position { logical.append(.inline(.object(["fullyQualifiedName": .string(cell), "kind": "cell"]))) }
            if let pointer = d.pointer { logical.append(.inline(.object(["fullyQualifiedName": .string(pointer.isEmpty ? "/" : pointer)]))) }
            if !logical.isEmpty { location.append(JSONMember("logicalLocations", .array(logical))) }
            return .object([
                "ruleId": .string(rule), "ruleIndex": .int(ruleIDs.firstIndex(of: rule) ?? 0), "level": .string(Self.level(d.severity)),
                "message": .inline(.object(["text": .string(d.message)])), "locations": [.inline(.object(location))],
            ])
        }
        let driver: JSONValue = .object([
            "name": "transit", "version": .string(toolVersion),
            "rules": .array(described.map { rule in
                .object([
                    "id": .string(rule.id), "shortDescription": .inline(.object(["text": .string(rule.text)])),
                    "defaultConfiguration": .inline(.object(["level": .string(rule.level)])),
                ])
            }),
        ])
        return JSONValue.object([
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [.object(["tool": .object(["driver": driver]), "results": .array(findings)])],
        ]).serialized()
    }

    private static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative URI reference for a file path (percent-encoding what a URI cannot hold).
    private static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || "-._~/".utf8.contains(b) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    // MARK: - junit

    private func junit(_ results: [FileValidation]) -> String {
        let failures = results.count { !$0.unreadable && $0.fails(strict: strict) }
        let errors = results.count(where: \.unreadable)
        let w = XMLDocumentWriter()
        w.start("testsuites")
        for (name, value) in [("name", "transit validate"), ("tests", "\(results.count)"), ("failures", "\(failures)"), ("errors", "\(errors)")] { w.attribute(name, value) }
        w.start("testsuite")
        for (name, value) in [("name", "transit validate"), ("tests", "\(results.count)"), ("failures", "\(failures)"), ("errors", "\(errors)"), ("skipped", "0")] { w.attribute(name, value) }
        for result in results {
            w.start("testcase")
            w.attribute("classname", "transit.validate")
            w.attribute("name", result.file)
            let text = result.findings.map { d in "\(d.description)\(d.rule.map { " [\($0)]" } ?? "")" }.joined(separator: "\n")
            if result.unreadable {
                w.start("error")
                w.attribute("message", result.findings.first?.message ?? "unreadable")
                w.attribute("type", "read")
                w.text(text)
                w.end()
            } else if result.fails(strict: strict) {
                let counted = strict ? result.errorCount + result.warningCount : result.errorCount
                w.start("failure")
                w.attribute("message", "\(counted) finding\(counted == 1 ? "" : "s")")
                w.attribute("type", "validation")
                w.text(text)
                w.end()
            } else if !result.findings.isEmpty {
                w.element("system-out", text)
            }
            w.end()
        }
        return String(decoding: w.finish(), as: UTF8.self)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
