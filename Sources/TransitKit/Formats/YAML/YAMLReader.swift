/// Reads a report from YAML with libyaml's event parser, straight into the model as the schema
/// shapes it (no document tree). Aliases are refused; duplicate and unknown keys are errors.
struct YAMLReader {
    let schema: Schema
    let file: String
    var maxDepth = 64

    func read(_ bytes: [UInt8]) throws(ReadError) -> ReadResult {
        if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ReadError(file: file, mark: Mark(line: 1, column: 1), "the file is empty")
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) -> ReadResult in
            var state = YAMLState(events: YAMLEventReader(bytes: buffer, file: file), sink: DiagnosticSink(file: file), maxDepth: maxDepth)
            do throws(ReadError) {
                return try state.read(schema)
            } catch {
                // A document that is not YAML further on says so first: what the reader
                // refused before it (an anchor, a shape) may be an artefact of it.
                if let syntax = state.events.firstSyntaxError(maxDepth: maxDepth) { throw syntax }
                throw error
            }
        }
    }
}

extension YAMLState {
    /// The report of the stream's one document.
    mutating func read(_ schema: Schema) throws(ReadError) -> ReadResult {
        let file = events.file
        var e = try events.next()
        while e.kind == .streamStart || e.kind == .documentStart { e = try events.next() }
        guard e.kind == .mappingStart else {
            throw ReadError(file: file, mark: e.mark, "expected a mapping for the report")
        }
        let report: Record
        do throws(ReadError) {
            report = try record(schema.root, start: e, depth: 0)
        } catch {
            // What was found before the reader had to stop (an alias, too deep) is reported
            // too; before malformed YAML it may be an artefact of it, so that stands alone.
            if events.malformed { throw error }
            throw ReadError(sink.diagnostics.filter { $0.severity == .error } + error.diagnostics)
        }
        e = try events.next()
        while e.kind == .documentEnd { e = try events.next() }
        if e.kind == .documentStart {
            throw ReadError(file: file, mark: e.mark, "more than one YAML document: a file holds one report")
        }
        try sink.throwIfErrors()
        return ReadResult(report: report, diagnostics: sink.diagnostics)
    }
}

private struct YAMLState {
    let events: YAMLEventReader
    var sink: DiagnosticSink
    let maxDepth: Int

    mutating func record(_ type: RecordType, start: YAMLEvent, depth: Int) throws(ReadError) -> Record {
        if depth > maxDepth { throw ReadError(file: events.file, mark: start.mark, "nesting deeper than \(maxDepth) levels") }
        var r = Record(type, mark: start.mark)
        // Keys given (a null value too: it is no licence to give the key again), and those
        // given a value that had its error (not missing too).
        var given: UInt64 = 0, bad: UInt64 = 0
        while true {
            let k = try events.next()
            if k.kind == .mappingEnd { break }
            guard k.kind == .scalar else {
                throw ReadError(file: events.file, mark: k.mark, "a key in \(type.name) must be a plain string")
            }
            let v = try events.next()
            if v.quoted, v.endByte > v.startByte,
               let at = events.underIndentedLine(from: v.startByte, to: v.endByte, indent: k.mark.column - 1) {
                throw ReadError(file: events.file, mark: at, "a continuation line of a quoted value must be indented more than its key '\(k.value)'")
            }
            guard let i = type.keyIndex[k.value] else {
                sink.error(k.mark, "unknown field '\(k.value)' in \(type.name) (expected one of: \(type.fields.map(\.key).joined(separator: ", ")))")
                try skip(v)
                continue
            }
            if r.fields[i] != nil || (i < 64 && given & (1 << i) != 0) {
                sink.error(k.mark, "duplicate key '\(k.value)'")
                try skip(v)
                continue
            }
            if i < 64 { given |= 1 << i }
            if type.fields[i].required && Self.isNull(v) {
                // Null is no value: written out, the field would be missing.
                sink.error(k.mark, "\(type.name) lacks the required field '\(k.value)' (it is null)")
                if i < 64 { bad |= 1 << i }
                continue
            }
            r.fields[i] = try value(type.fields[i].kind, name: "'\(k.value)'", event: v, depth: depth + 1)
            if r.fields[i] == nil && !Self.isNull(v) && i < 64 { bad |= 1 << i }
        }
        for i in type.requiredFields where r.fields[i] == nil && (i >= 64 || bad & (1 << i) == 0) {
            sink.error(start.mark, "\(type.name) lacks the required field '\(type.fields[i].key)'")
        }
        return r
    }

    /// A plain empty, `~` or `null` scalar: no value.
    static func isNull(_ e: YAMLEvent) -> Bool {
        e.kind == .scalar && e.plain && (e.value.isEmpty || e.value == "~" || e.value == "null")
    }

    /// The value that starts with `e`; `name` says what it is in messages (built only for one).
    mutating func value(_ kind: Kind, name: @autoclosure () -> String, event e: YAMLEvent, depth: Int) throws(ReadError) -> Value? {
        if e.kind == .alias { throw ReadError(file: events.file, mark: e.mark, "YAML aliases are not supported in reports") }
        if Self.isNull(e) { return nil }
        switch kind {
        case .record(let type):
            if e.kind == .mappingStart { return .record(try record(type, start: e, depth: depth)) }
        case .list(let itemKind):
            if e.kind == .sequenceStart {
                if depth > maxDepth { throw ReadError(file: events.file, mark: e.mark, "nesting deeper than \(maxDepth) levels") }
                var items: [Value] = []
                while true {
                    let item = try events.next()
                    if item.kind == .sequenceEnd { break }
                    if Self.isNull(item) {
                        // A list has no holes: a null item would vanish on writing.
                        sink.error(item.mark, "an item of \(name()) is null; a list holds values only (remove the item or give it a value)")
                        continue
                    }
                    if let v = try value(itemKind, name: "an item of \(name())", event: item, depth: depth + 1) { items.append(v) }
                }
                return .list(items, e.mark)
            }
        default:
            if e.kind == .scalar {
                if let problem = ScalarCheck.problem(e.value, kind) {
                    sink.error(e.mark, "\(name()): \(problem)")
                    return nil
                }
                return .scalar(e.value, e.mark)
            }
        }
        sink.error(e.mark, "\(name()) must be \(ScalarCheck.describe(kind))")
        try skip(e)
        return nil
    }

    /// Skips the node that starts with `e`, without recursion.
    mutating func skip(_ e: YAMLEvent) throws(ReadError) {
        if e.kind == .alias { throw ReadError(file: events.file, mark: e.mark, "YAML aliases are not supported in reports") }
        guard e.kind == .mappingStart || e.kind == .sequenceStart else { return }
        var depth = 1
        while depth > 0 {
            let n = try events.next()
            switch n.kind {
            case .mappingStart, .sequenceStart:
                depth += 1
                // libyaml's scanner slows down with every open level: stop early.
                if depth > maxDepth { throw ReadError(file: events.file, mark: n.mark, "nesting deeper than \(maxDepth) levels") }
            case .mappingEnd, .sequenceEnd: depth -= 1
            case .alias: throw ReadError(file: events.file, mark: n.mark, "YAML aliases are not supported in reports")
            default: break
            }
        }
    }
}
