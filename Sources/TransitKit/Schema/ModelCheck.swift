/// What the structured readers refuse, checked on a model another reader built: a scalar its
/// field's kind does not allow (`13.00` for a whole number), a required field missing. The
/// page reader takes values from where a layout puts them; a value the schema does not allow
/// there would be written to YAML, XML or JSON and refused on reading back. Checked once the
/// page is read, it is the structured formats' verdict, located where the value stands.
enum ModelCheck {
    /// Every such problem of `record` and the records inside it, in field order.
    static func problems(in record: Record, into sink: inout DiagnosticSink) {
        let type = record.type
        for (i, field) in type.fields.enumerated() {
            guard let value = record.fields[i] else {
                if field.required { sink.error(record.mark, "\(type.name) lacks the required field '\(field.key)'") }
                continue
            }
            check(value, field.kind, field.key, into: &sink)
        }
    }

    private static func check(_ value: Value, _ kind: Kind, _ key: String, into sink: inout DiagnosticSink) {
        switch (value, kind) {
        case (.scalar(let text, let mark), _):
            if let problem = ScalarCheck.problem(text, kind) { sink.error(mark, "'\(key)': \(problem)") }
        case (.record(let r), .record):
            problems(in: r, into: &sink)
        case (.list(let items, _), .list(let itemKind)):
            for item in items { check(item, itemKind, key, into: &sink) }
        case (_, _):
            sink.error(value.mark, "'\(key)' must be \(ScalarCheck.describe(kind))")
        }
    }
}
