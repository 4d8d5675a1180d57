/// Markdown written by transit (diffs, archive tables, edition summaries): tables built here,
/// so that a cell holding a `|` or a line break cannot split or end its row.
enum MarkdownText {
    /// A table cell: `|` escaped, line breaks as spaces.
    static func cell(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return s.replacingOccurrences("|", "\\|").replacingOccurrences("\r\n", " ").replacingOccurrences("\n", " ").replacingOccurrences("\r", " ")
    }

    /// A table: the headings, the rule, one line a row.
    static func table(_ headings: [String], _ rows: [[String]]) -> String {
        var out = "|" + headings.map { $0.isEmpty ? " |" : " \(cell($0)) |" }.joined() + "\n|" + String(repeating: "---|", count: headings.count) + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Text from an input in running Markdown: every character Markdown or HTML could take for
    /// markup escaped with a backslash, line breaks as spaces.
    static func inline(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "\n" || c == "\r" || c == "\r\n" { out += " "; continue }
            if "\\`*_[]<>|~&".contains(c) { out += "\\" }
            out.append(c)
        }
        return out
    }
}
