/// The archive comparison's forms: lines of text, a markdown table, CSV and JSON.
extension ArchiveDiff {
    /// A figure with its scale marked when it is the inverted one.
    private func figure(_ value: String?, _ scale: String?) -> String {
        guard let value, let inverted = roles.scale?.inverted, scale == inverted else { return value ?? "–" }
        return value + " (\(inverted) scale)"
    }

    /// `old → new` when the band changed, else empty.
    public func bandChange(_ r: Row) -> String {
        r.oldBand == r.newBand ? "" : "\(r.oldBand ?? "none") → \(r.newBand ?? "none")"
    }

    /// The headings of the markdown and HTML tables.
    public var headings: [String] {
        [roles.subject.label, roles.headline.short, "Change", roles.band.label, (roles.items?.label ?? "Items") + " that moved"]
    }

    /// The data keys of the CSV and JSON forms.
    private var keys: (subject: String, scale: String?, value: String, band: String) {
        (Roles.key(roles.subject.short), roles.scale.map { Roles.key($0.path.names.last!) }, Roles.key(roles.headline.short), Roles.key(roles.band.short))
    }

    /// One line a row: `Ayr: 4.25 → 4.00 (-0.25); band …; Clarity -1`.
    public var text: String {
        var out = ""
        for r in rows {
            out += "\(r.subject): \(figure(r.oldValue, r.oldScale)) → \(figure(r.newValue, r.newScale)) (\(r.difference ?? "–"))"
            let s = bandChange(r)
            if !s.isEmpty { out += "; \(roles.band.label.lowercased()) \(s)" }
            if !r.moved.isEmpty { out += "; " + r.moved.joined(separator: ", ") }
            out += "\n"
        }
        return out
    }

    /// A Markdown table of the rows, headed by the roles' labels.
    public var markdown: String {
        MarkdownText.table(headings, rows.map { r in
            [r.subject, "\(figure(r.oldValue, r.oldScale)) → \(figure(r.newValue, r.newScale))", r.difference ?? "–", bandChange(r), r.moved.joined(separator: "; ")]
        })
    }

    /// The columns of the CSV and JSON forms: subject, editions, scales (a family with one
    /// scale has none), figures, difference, bands, items that moved.
    private var columns: [String] {
        let k = keys
        return [k.subject, "old_edition", "new_edition"] + (k.scale.map { ["old_\($0)", "new_\($0)"] } ?? [])
            + ["old_\(k.value)", "new_\(k.value)", "difference", "old_\(k.band)", "new_\(k.band)", "moved"]
    }

    /// The rows as CSV, one column a datum (data keys from the roles' short names).
    public var csv: String {
        var out = CSVWriter()
        out.row(columns)
        for r in rows {
            let scales = keys.scale == nil ? [] : [r.oldScale, r.newScale]
            out.row([r.subject, r.oldEdition.map(String.init), r.newEdition.map(String.init)] + scales
                    + [r.oldValue, r.newValue, r.difference, r.oldBand, r.newBand, r.moved.joined(separator: "; ")])
        }
        return out.text
    }

    /// The JSON form, serialised.
    public var json: String { jsonValue.serialized() }

    /// An array of objects keyed by `columns`; editions, figures and the difference as numbers.
    public var jsonValue: JSONValue {
        .array(rows.map { r in
            let scales: [JSONValue] = keys.scale == nil ? [] : [.string(r.oldScale), .string(r.newScale)]
            let number: (String?) -> JSONValue = { $0.map { .number($0.hasPrefix("+") ? String($0.dropFirst()) : $0) } ?? .null }
            let values: [JSONValue] = [.string(r.subject), r.oldEdition.map { .int($0) } ?? .null, r.newEdition.map { .int($0) } ?? .null] + scales
                + [number(r.oldValue), number(r.newValue), number(r.difference), .string(r.oldBand), .string(r.newBand), .array(r.moved.map { .string($0) })]
            return .inline(.object(zip(columns, values).map { JSONMember($0, $1) }))
        })
    }
}
