internal import CYAML

/// Writes a report as YAML with libyaml's emitter: keys in schema order, one line per
/// paragraph, UTF-8 as is, strings quoted where a reader would take them for another type.
struct YAMLWriter {
    let schema: Schema

    func write(_ report: Record) -> [UInt8] {
        let emitter = Emitter()
        emitter.stream(report, schema: schema)
        return emitter.output.bytes
    }
}

/// Collects the emitter's output.
private final class OutputBuffer {
    var bytes: [UInt8] = []
}

private final class Emitter {
    var emitter = yaml_emitter_t()
    var event = yaml_event_t()
    let output = OutputBuffer()

    init() {
        yaml_emitter_initialize(&emitter)
        output.bytes.reserveCapacity(64 * 1024)
        let context = Unmanaged.passUnretained(output).toOpaque()
        yaml_emitter_set_output(&emitter, { context, buffer, size in
            let out = Unmanaged<OutputBuffer>.fromOpaque(context!).takeUnretainedValue()
            out.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, context)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_width(&emitter, -1)
        yaml_emitter_set_indent(&emitter, 2)
    }

    deinit { yaml_emitter_delete(&emitter) }

    private func emit() {
        // The emitter fails only on events out of order, which this writer never produces.
        let ok = yaml_emitter_emit(&emitter, &event)
        precondition(ok == 1, "libyaml emitter: \(emitter.problem.map { String(cString: $0) } ?? "failed")")
    }

    func stream(_ report: Record, schema: Schema) {
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING); emit()
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1); emit()
        record(report, flow: false)
        yaml_document_end_event_initialize(&event, 1); emit()
        yaml_stream_end_event_initialize(&event); emit()
        yaml_emitter_flush(&emitter)
    }

    private func record(_ r: Record, flow: Bool) {
        let style = flow || r.type.flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE
        yaml_mapping_start_event_initialize(&event, nil, nil, 1, style); emit()
        for (field, value) in zip(r.type.fields, r.fields) {
            guard let value else { continue }
            scalar(field.key, plain: true)
            self.value(value, kind: field.kind, flow: flow || r.type.flow)
        }
        yaml_mapping_end_event_initialize(&event); emit()
    }

    private func value(_ v: Value, kind: Kind, flow: Bool) {
        switch v {
        case .scalar(let text, _):
            switch kind {
            case .decimal, .integer, .boolean: scalar(text, plain: true)
            default: scalar(text, plain: !Self.needsQuotes(text))
            }
        case .record(let r):
            record(r, flow: flow)
        case .list(let items, _):
            var itemKind = Kind.string
            if case .list(let k) = kind { itemKind = k }
            let style = flow || items.isEmpty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, style); emit()
            for item in items { value(item, kind: itemKind, flow: flow) }
            yaml_sequence_end_event_initialize(&event); emit()
        }
    }

    private func scalar(_ text: String, plain: Bool) {
        var text = text
        text.withUTF8 { buffer in
            let style = plain ? YAML_ANY_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE
            _ = yaml_scalar_event_initialize(&event, nil, nil, buffer.baseAddress, Int32(buffer.count),
                                             plain ? 1 : 0, 1, style)
        }
        emit()
    }

    /// Whether a string would read as something else when plain: a number, boolean, null, or
    /// a date to YAML 1.1 and 1.2 readers (so other tools read our files as we do).
    private static let reservedWords: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "+.inf"]

    static func needsQuotes(_ s: String) -> Bool {
        if s.isEmpty { return true }
        if s.utf8.count <= 5 && reservedWords.contains(s.lowercased()) { return true }
        guard let first = s.utf8.first else { return true }
        // Anything that starts like a number (digits, sign, point) or a date.
        if (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
            return s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "e")
                || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "o") }
        }
        return false
    }
}
