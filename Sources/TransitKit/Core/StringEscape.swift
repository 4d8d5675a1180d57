/// Input text made safe to print in a message: a value read from a file can hold a line feed,
/// an escape sequence or a bidirectional override, and printed raw it could forge a whole extra
/// diagnostic line or repaint the terminal. Control and other invisible format characters are
/// written as escapes (`\n`, `\t`, `\u{202E}`); every other character, any script, as it is.
package enum StringEscape {
    /// `text` with its control and format characters escaped; a backslash stays a backslash.
    package static func printable(_ text: String) -> String {
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `text` in double quotes, escaped, and cut to `limit` characters with an ellipsis.
    package static func quoted(_ text: String, limit: Int = 80) -> String {
        var body = text
        if body.count > limit { body = String(body.prefix(limit)) + "…" }
        var out = "\""
        for scalar in body.unicodeScalars {
            if scalar == "\"" { out += "\\\"" } else if needsEscape(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    private static func escape(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        case "\0": "\\0"
        default: "\\u{\(String(s.value, radix: 16, uppercase: true))}"
        }
    }
}
