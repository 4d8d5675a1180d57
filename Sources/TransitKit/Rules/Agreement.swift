/// Another family whose reports of the same subject and edition must give the same values of
/// some fields (`agrees-with:`): a publisher's two workbooks, one of a long run of editions and
/// one of the recent editions in full, agree on what both hold.
///
///     agrees-with:
///       family: Coastal Survey
///       fields: [grade, water_index]
///
/// `validate` checks it where its inputs and archive hold reports of both families: a value
/// that differs is an error at its place in this family's report (rule `agrees-with`).
public struct Agreement: Sendable, SchemaSection {
    /// The other family, by its `roles: family` name.
    public var family: String
    /// The fields both families give.
    public var fields: [ModelPath]

    static var absent: Agreement { Agreement(family: "", fields: []) }

    /// What `report` gives otherwise than `other` (its counterpart of the other family), each
    /// at the value's place in `report`.
    public func differences(_ report: Record, _ other: Record, subject: String, file: String, otherFile: String, compare: CompareSpec? = nil) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for path in fields {
            // The field as `diff` names it (the compare section's label), else its path.
            let name = compare?.entries.lazy.compactMap { entry -> String? in
                if case .scalar(let p, let label, _) = entry, p.names == path.names { return label.render(report) }
                return nil
            }.first ?? path.description
            guard let a = report.value(at: path), let b = other.value(at: path), let x = a.text, let y = b.text else { continue }
            if x == y { continue }
            if let p = ExactDecimal(x), let q = ExactDecimal(y), p == q { continue }
            var d = Diagnostic(.error, file: file, mark: a.mark, "\(name) is \(x) here, \(y) in \(family)'s report\(subject.isEmpty ? "" : " of \(subject)") (\(otherFile))")
            d.rule = "agrees-with"
            out.append(d)
        }
        return out
    }
}

extension Schema {
    /// The family this one must agree with, if the schema says so.
    public var agreement: Agreement? {
        let a = sections[Agreement.self]
        return a.family.isEmpty ? nil : a
    }
}

extension SchemaLoader {
    mutating func loadAgreement(_ node: YAMLNode?, root: RecordType) -> Agreement {
        guard let node else { return .absent }
        checkKeys(node, .agreement)
        guard let family = node["family"]?.string, !family.isEmpty else {
            sink.error(node.mark, "'agrees-with' names the other family ('family')")
            return .absent
        }
        var fields: [ModelPath] = []
        for f in node["fields"]?.sequence ?? [] {
            let p = ModelPath(f.string ?? "")
            guard let field = p.field(in: root), field.kind.isScalar else {
                sink.error(f.mark, "'agrees-with': '\(f.string ?? "")' is not a scalar field of '\(root.name)'\(suggestion(p, in: root))")
                continue
            }
            fields.append(p)
        }
        if fields.isEmpty { sink.error(node.mark, "'agrees-with' lists the fields both families give ('fields')") }
        return Agreement(family: family, fields: fields)
    }
}

extension KeyTable {
    static let agreement = KeyTable("agrees-with", "agrees-with", "Another family whose reports of the same subject and edition give the same values.", [
        .required("family", .text, "The other family's name (its `roles: family`)."),
        .required("fields", .texts, "The fields both give, as paths of the model."),
    ])
}
