/// The forms `transit diff` writes a `ReportDiff` in.
public enum DiffReport {
    private static func symbol(_ k: ReportDiff.Change.Kind) -> String {
        switch k {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        case .moved: "↕"
        }
    }

    /// One line per change (`~ Clarity: 6 → 8 (improved)  /measures/0/value`),
    /// changed text word by word on the next line.
    public static func text(_ diff: ReportDiff, old: String, new: String, colour: Bool) -> String {
        if diff.changes.isEmpty { return "" }
        let (red, green, bold, reset) = colour ? ("\u{1B}[31m", "\u{1B}[32m", "\u{1B}[1m", "\u{1B}[0m") : ("", "", "", "")
        var out = "\(bold)--- \(old)\n+++ \(new)\(reset)\n"
        for c in diff.changes {
            let what: String
            switch c.kind {
            case .added: what = "added" + (c.new.map { ": \(short($0))" } ?? "")
            case .removed: what = "removed" + (c.old.map { ": \(short($0))" } ?? "")
            case .moved: what = "moved from \(c.old ?? "?")"
            case .changed: what = c.words == nil ? "\(c.old ?? "") → \(c.new ?? "")" : "changed"
            }
            let tint = c.direction == "improved" ? green : c.direction == "declined" ? red : ""
            out += "\(symbol(c.kind)) \(c.label): \(tint)\(what)\(c.direction.map { " (\($0))" } ?? "")\(tint.isEmpty ? "" : reset)  \(c.path)\n"
            if let words = c.words {
                out += "    " + (colour ? words.replacingOccurrences("[-", red + "[-").replacingOccurrences("-]", "-]" + reset)
                    .replacingOccurrences("{+", green + "{+").replacingOccurrences("+}", "+}" + reset) : words) + "\n"
            }
        }
        return out
    }

    private static func short(_ s: String) -> String { s.count > 80 ? String(s.prefix(77)) + "…" : s }

    /// For a pull request: a table of the figures that changed, then the narrative changes.
    public static func markdown(_ diff: ReportDiff, old: String, new: String) -> String {
        if diff.changes.isEmpty { return "No differences between `\(old)` and `\(new)`.\n" }
        let figures = diff.changes.filter { $0.words == nil && $0.kind == .changed || $0.isItem }
        let narrative = diff.changes.filter { c in !figures.contains(c) }
        var out = "### `\(old)` → `\(new)`\n\n"
        if !figures.isEmpty {
            out += MarkdownText.table(["", "Old", "New", "Δ", "Change"], figures.map { c in
                [c.label, c.old ?? "", c.new ?? "", delta(c.old, c.new), c.direction ?? c.kind.rawValue]
            })
            out += "\n"
        }
        if !narrative.isEmpty {
            out += "#### Narrative\n\n"
            for c in narrative {
                switch c.kind {
                case .changed:
                    // A paragraph word by word; a line (a sentence the schema shows as one line) as
                    // it was and as it is, so its figures read plainly.
                    if let words = c.words, (c.old ?? "").count > 160 || (c.new ?? "").count > 160 {
                        out += "- **\(c.label)** changed: \(markdownWords(words))\n"
                    } else {
                        out += "- **\(c.label)** changed from \(quoteLine(c.old)) to \(quoteLine(c.new))\n"
                    }
                case .added: out += "- **\(c.label)** added: \(c.new ?? "")\n"
                case .removed: out += "- **\(c.label)** removed: ~~\(c.old ?? "")~~\n"
                case .moved: out += "- **\(c.label)** moved (was \(c.old ?? "?"))\n"
                }
            }
        }
        return out
    }

    /// new − old with its sign, when both are numbers (`+0.11`, `-0.25`, `0.00`); else empty.
    private static func delta(_ old: String?, _ new: String?) -> String {
        guard let a = old.flatMap({ ExactDecimal($0) }), let b = new.flatMap({ ExactDecimal($0) }) else { return "" }
        return b.minus(a).signed
    }

    /// A line of text as a markdown quotation (`…`), or "nothing".
    private static func quoteLine(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "nothing" }
        return "“" + s.replacingOccurrences("*", "\\*").replacingOccurrences("~", "\\~") + "”"
    }

    private static func markdownWords(_ s: String) -> String {
        s.replacingOccurrences("[-", "~~").replacingOccurrences("-]", "~~").replacingOccurrences("{+", "**").replacingOccurrences("+}", "**")
    }

    /// `{"changes": [{"path", "kind", "label", "old", "new", "direction"?, "words"?}]}`.
    public static func json(_ diff: ReportDiff) -> String {
        JSONValue.object(["changes": .array(diff.changes.map { c in
            .inline(.object([
                "path": .string(c.path), "kind": .string(c.kind.rawValue), "label": .string(c.label), "old": .string(c.old), "new": .string(c.new),
                "direction": c.direction.map { .string($0) }, "words": c.words.map { .string($0) },
            ]))
        })]).serialized()
    }
}
