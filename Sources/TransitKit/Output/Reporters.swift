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
}

/// Writes validation results in one of the `FindingFormat`s.
public struct FindingReporter: Sendable {
    public var format: FindingFormat
    /// ANSI colour (human form only; for a terminal).
    public var color = false
    /// Warnings fail a file too (JUnit).
    public var strict = false
    /// The rules that may appear (SARIF lists them).
    public var rules: [Rule] = []
    public var toolVersion = "0.1.0"

    public init(format: FindingFormat, color: Bool = false, strict: Bool = false, rules: [Rule] = [], toolVersion: String = "0.1.0") {
        self.format = format
        self.color = color
        self.strict = strict
        self.rules = rules
        self.toolVersion = toolVersion
    }

    public func render(_ results: [FileValidation]) -> String {
        switch format {
        case .human: human(results)
        case .json: json(results)
        case .github: github(results)
        case .sarif: sarif(results)
        case .junit: junit(results)
        }
    }

    // MARK: - human

    private func human(_ results: [FileValidation]) -> String {
        var out = ""
        for result in results {
            for d in result.findings {
                let (bold, colour, reset) = color ? ("\u{1B}[1m", Self.colour(d.severity), "\u{1B}[0m") : ("", "", "")
                // Text from the input is escaped: a control character cannot forge a line.
                let position = d.mark.line > 0 ? ":\(d.mark.line):\(d.mark.column)" : ""
                out += "\(bold)\(StringEscape.printable(d.file))\(position):\(reset) \(colour)\(d.severity.rawValue):\(reset) \(StringEscape.printable(d.message))"
                if let rule = d.rule { out += " [\(rule)]" }
                out += "\n"
                guard let line = result.sourceLines[d.mark.line], !line.isEmpty else { continue }
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
        var out: [UInt8] = Array("[".utf8)
        var first = true
        for d in results.flatMap(\.findings) {
            out += Array((first ? "\n  {" : ",\n  {").utf8)
            first = false
            field("file", d.file, &out)
            out += Array(", \"line\": \(d.mark.line), \"column\": \(d.mark.column), ".utf8)
            field("severity", d.severity.rawValue, &out)
            out += Array(", ".utf8)
            field("rule", d.rule ?? "", &out)
            out += Array(", ".utf8)
            field("path", d.pointer ?? "", &out)
            out += Array(", ".utf8)
            field("message", d.message, &out)
            out.append(UInt8(ascii: "}"))
        }
        out += Array((first ? "]\n" : "\n]\n").utf8)
        return String(decoding: out, as: UTF8.self)
    }

    private func field(_ key: String, _ value: String, _ out: inout [UInt8]) {
        JSONWriter.string(key, into: &out)
        out += Array(": ".utf8)
        JSONWriter.string(value, into: &out)
    }

    private static func jsonString(_ s: String) -> String { JSONWriter.quoted(s) }

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
            if d.mark.line >= 1 { properties.append("line=\(d.mark.line)") }
            if d.mark.column >= 1 { properties.append("col=\(d.mark.column)") }
            if let rule = d.rule { properties.append("title=\(Self.escapeProperty(rule))") }
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(d.message))\n"
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

    private func sarif(_ results: [FileValidation]) -> String {
        // Rules: the schema's, and `read` for what the readers report.
        var ruleIDs = rules.map(\.id)
        var ruleEntries = rules.map { rule in
            """
                      {
                        "id": \(Self.jsonString(rule.id)),
                        "shortDescription": {"text": \(Self.jsonString(rule.doc))},
                        "defaultConfiguration": {"level": "\(Self.level(rule.severity))"}
                      }
            """
        }
        if !ruleIDs.contains("read") {
            ruleIDs.append("read")
            ruleEntries.append("""
                      {
                        "id": "read",
                        "shortDescription": {"text": "The file reads as a report of its format (syntax, fields, types), and what its reader noticed."},
                        "defaultConfiguration": {"level": "error"}
                      }
            """)
        }
        if !ruleIDs.contains("archive"), results.contains(where: { $0.findings.contains { $0.rule == "archive" } }) {
            ruleIDs.append("archive")
            ruleEntries.append("""
                      {
                        "id": "archive",
                        "shortDescription": {"text": "Where the archive holds a report in several files, the copies agree on its figures, so that the previous edition is one report."},
                        "defaultConfiguration": {"level": "error"}
                      }
            """)
        }
        var resultEntries: [String] = []
        for d in results.flatMap(\.findings) {
            let rule = d.rule ?? "read"
            var region = ""
            if d.mark.line >= 1 {
                region = ", \"region\": {\"startLine\": \(d.mark.line)" + (d.mark.column >= 1 ? ", \"startColumn\": \(d.mark.column)" : "") + "}"
            }
            var logical = ""
            if let pointer = d.pointer { logical = ", \"logicalLocations\": [{\"fullyQualifiedName\": \(Self.jsonString(pointer.isEmpty ? "/" : pointer))}]" }
            resultEntries.append("""
                    {
                      "ruleId": \(Self.jsonString(rule)),
                      "ruleIndex": \(ruleIDs.firstIndex(of: rule) ?? 0),
                      "level": "\(Self.level(d.severity))",
                      "message": {"text": \(Self.jsonString(d.message))},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": \(Self.jsonString(Self.uri(d.file)))}\(region)}\(logical)}]
                    }
            """)
        }
        return """
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "transit",
                      "version": \(Self.jsonString(toolVersion)),
                      "rules": [
            \(ruleEntries.joined(separator: ",\n"))
                      ]
                    }
                  },
                  "results": [
            \(resultEntries.joined(separator: ",\n"))
                  ]
                }
              ]
            }

            """
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
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="transit validate" tests="\(results.count)" failures="\(failures)" errors="\(errors)">
              <testsuite name="transit validate" tests="\(results.count)" failures="\(failures)" errors="\(errors)" skipped="0">

            """
        for result in results {
            out += "    <testcase classname=\"transit.validate\" name=\"\(Self.xml(result.file))\">\n"
            let text = result.findings.map { d in "\(d.description)\(d.rule.map { " [\($0)]" } ?? "")" }.joined(separator: "\n")
            if result.unreadable {
                out += "      <error message=\"\(Self.xml(result.findings.first?.message ?? "unreadable"))\" type=\"read\">\(Self.xml(text))</error>\n"
            } else if result.fails(strict: strict) {
                let counted = strict ? result.errorCount + result.warningCount : result.errorCount
                let message = "\(counted) finding\(counted == 1 ? "" : "s")"
                out += "      <failure message=\"\(message)\" type=\"validation\">\(Self.xml(text))</failure>\n"
            } else if !result.findings.isEmpty {
                out += "      <system-out>\(Self.xml(text))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private static func xml(_ s: String) -> String { XMLText.escape(s) }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
