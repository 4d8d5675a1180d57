/// UTF-8 that was read as another encoding and saved again (`â€™` from Windows-1252, `‚Äô` from
/// Mac Roman, for `’`): a mistake of the copy, reported as a warning in every format, and kept.
enum MisDecoded {
    static let patterns: [[UInt8]] = [Array("â€".utf8), Array("‚Ä".utf8)]

    static let message = "UTF-8 that was read as another encoding; kept as it is"

    /// The warning for a hit at byte `at` of `bytes`: the pattern and a few bytes after it.
    static func warning(_ bytes: some Collection<UInt8>, at: Int, length: Int) -> String {
        let shown = String(decoding: bytes.dropFirst(at).prefix(length + 3), as: UTF8.self)
        return "mis-decoded text ('\(shown)'): \(message)"
    }

    /// Warnings for the values of a report read from YAML, XML or JSON, at each value's mark.
    /// The input is searched first, so a clean file costs one scan.
    static func check(_ input: [UInt8], _ report: Record, into diagnostics: inout [Diagnostic], file: String) {
        guard patterns.contains(where: { firstRange(of: $0, in: input) != nil }) else { return }
        func visit(_ value: Value) {
            switch value {
            case .scalar(let text, let mark):
                let bytes = Array(text.utf8)
                let hits = patterns.compactMap { p in firstRange(of: p, in: bytes).map { ($0, p.count) } }
                if let first = hits.min(by: { $0.0 < $1.0 }) {
                    diagnostics.append(Diagnostic(.warning, file: file, mark: mark, warning(bytes, at: first.0, length: first.1)))
                }
            case .record(let r): r.fields.forEach { $0.map(visit) }
            case .list(let items, _): items.forEach(visit)
            }
        }
        visit(.record(report))
    }
}
