/// CSV written by transit (RFC 4180): every CSV transit writes — a table, an archive
/// comparison — goes through here. A field holding a comma, a quote, a line feed or a carriage
/// return is quoted, its quotes doubled; a missing value is an empty field.
struct CSVWriter {
    /// The line ending (a sheet keeps the publisher's; `\n` otherwise).
    let newline: String
    private(set) var text = ""

    init(newline: String = "\n") {
        self.newline = newline
    }

    /// One row.
    mutating func row(_ fields: [String?]) {
        text += fields.map(Self.field).joined(separator: ",") + newline
    }

    /// A field as CSV writes it.
    static func field(_ s: String?) -> String {
        guard let s else { return "" }
        let special = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        return special ? "\"" + s.replacingOccurrences("\"", "\"\"") + "\"" : s
    }
}
