/// What the structured readers refuse, checked on a model another reader built: a scalar its
/// field's kind does not allow (`13.00` for a whole number), a required field missing. The
/// page reader takes values from where a layout puts them; a value the schema does not allow
/// there would be written to YAML, XML or JSON and refused on reading back. Checked once the
/// page is read, it is the structured formats' verdict, located where the value stands.
enum ModelCheck {
    /// Every such problem of `record` and the records inside it, in field order.
    static func problems(in record: Record, into sink: inout DiagnosticSink) {
        withUnsafePointer(to: record) { problems(at: $0, into: &sink) }
    }

    // The report is walked where it stands (`InPlace`): a copy of each value, field and kind
    // walked counted a reference, the most of the time a page's reading spent on this check.

    private static func problems(at r: UnsafePointer<Record>, into sink: inout DiagnosticSink) {
        do {
            let type = r.pointee.type
            InPlace.withFields(r) { values in
            for i in type.fields.indices {
                unowned(unsafe) let field = type.fields[i]
                let p = values.baseAddress! + i
                switch InPlace.kind(p) {
                case 0:
                    if field.required { sink.error(r.pointee.mark, "\(type.name) lacks the required field '\(field.key)'") }
                case 1:
                    if case .scalar(let text, let mark)? = p.pointee { scalar(text, mark, field.kind, field, into: &sink) }
                case 2:
                    if case .record = field.kind {
                        InPlace.withRecord(p) { problems(at: $0, into: &sink) }
                    } else if let value = p.pointee {
                        wrong(value, field.kind, field, into: &sink)
                    }
                default:
                    guard case .list(let itemKind) = field.kind else {
                        if let value = p.pointee { wrong(value, field.kind, field, into: &sink) }
                        continue
                    }
                    InPlace.withItems(p) { items in
                        for k in items.indices { check(items.baseAddress! + k, itemKind, field, into: &sink) }
                    }
                }
            }
            }
        }
    }

    /// An item of a list field.
    private static func check(_ p: UnsafePointer<Value>, _ kind: Kind, _ field: Field, into sink: inout DiagnosticSink) {
        switch InPlace.kind(p) {
        case 1:
            if case .scalar(let text, let mark) = p.pointee { scalar(text, mark, kind, field, into: &sink) }
        case 2:
            if case .record = kind { InPlace.withRecord(p) { problems(at: $0, into: &sink) } } else { wrong(p.pointee, kind, field, into: &sink) }
        default:
            guard case .list(let itemKind) = kind else { return wrong(p.pointee, kind, field, into: &sink) }
            InPlace.withItems(p) { items in
                for k in items.indices { check(items.baseAddress! + k, itemKind, field, into: &sink) }
            }
        }
    }

    @inline(__always)
    private static func scalar(_ text: String, _ mark: Mark, _ kind: Kind, _ field: Field, into sink: inout DiagnosticSink) {
        if let problem = ScalarCheck.problem(text, kind) { sink.error(mark, "'\(field.key)': \(problem)") }
    }

    /// A value of the wrong shape for its kind (a record or a list where a scalar is due, say).
    private static func wrong(_ value: Value, _ kind: Kind, _ field: Field, into sink: inout DiagnosticSink) {
        sink.error(value.mark, "'\(field.key)' must be \(ScalarCheck.describe(kind))")
    }
}
