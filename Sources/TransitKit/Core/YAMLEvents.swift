internal import CYAML

/// One libyaml parse event, with its start mark (from 1).
struct YAMLEvent {
    enum Kind { case streamStart, streamEnd, documentStart, documentEnd, alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd }
    var kind: Kind
    var mark: Mark
    /// The scalar's text (scalars only).
    var value: String = ""
    /// A plain (unquoted) scalar: `null`, `~` and the empty plain scalar mean "no value".
    var plain: Bool = false
    /// A single- or double-quoted scalar, and the byte offsets it spans when it spans lines (for
    /// a check libyaml 0.2.5 leaves out); both 0 otherwise.
    var quoted: Bool = false
    var startByte: Int = 0
    var endByte: Int = 0
}

/// A streaming pull parser over libyaml's event API. It owns a copy of nothing: the bytes must
/// outlive it (they are the caller's buffer). libyaml keeps no global state (every parser and
/// emitter owns its memory), so unlike libxml2 it needs no one-time initialisation.
final class YAMLEventReader {
    // libyaml's state lives outside the object, so that passing it to C needs no run-time
    // exclusivity check per event.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    private let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    /// The YAML itself was malformed (what was read before it may be an artefact of it).
    private(set) var malformed = false

    /// Whether the document holds a '#' at all: only then can a comment be glued to a value.
    private let hasHash: Bool
    /// Set while reading on past a reader's own error for the first syntax error: anchors and
    /// tags are not refused then (they are YAML), only what is not YAML.
    private var syntaxOnly = false
    /// The start columns (from 0) of the block collections open around the next event, and
    /// where the outermost open flow collection starts (its byte, and the block column it
    /// stands in), for the indentation checks libyaml 0.2.5 leaves out.
    private var blockColumns: [Int] = []
    private var flowDepth = 0
    private var flowStart = (byte: 0, blockColumn: -1)
    /// Whether a document was read and ended without `...`, and the byte after its end.
    private var openEnded = false, documentEnd = 0
    /// The stream's end was read: libyaml has nothing after it (it hands empty events on).
    private var ended = false

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.file = file
        self.bytes = bytes
        hasHash = bytes.count > 0 && memchr(bytes.baseAddress!, Int32(UInt8(ascii: "#")), bytes.count) != nil
        parser.initialize(to: yaml_parser_t())
        event.initialize(to: yaml_event_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// Line and column (from 1, columns in Unicode scalars) of byte `offset`.
    static func mark(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mark {
        var line = 1, column = 1
        for b in bytes.prefix(min(offset, bytes.count)) {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return Mark(line: line, column: column)
    }

    /// libyaml 0.2.5 takes a `#` glued to what precedes it for a comment — after a quoted value
    /// (`"value"# note`), a comma (`[a, b,# note`) or the end of a flow collection
    /// (`[a, b]# note`) — where YAML asks for white space first. Such a `#` is refused, at its
    /// position. A document without any `#` costs nothing here.
    private func refuseGluedComment(after end: yaml_mark_t, byte known: Int? = nil) throws(ReadError) {
        guard hasHash else { return }
        var p = known ?? byteOffset(line: Int(end.line), column: Int(end.column))
        var column = Int(end.column)
        while p < bytes.count, bytes[p] == UInt8(ascii: ",") || bytes[p] == UInt8(ascii: "]") || bytes[p] == UInt8(ascii: "}") {
            p += 1
            column += 1
        }
        guard p < bytes.count, bytes[p] == UInt8(ascii: "#"), p > 0 else { return }
        let before = bytes[p - 1]
        if before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D { return }
        throw syntaxError(Mark(line: Int(end.line) + 1, column: column + 1), "a comment must be separated from what precedes it by white space")
    }

    /// Byte offsets of line starts, made on first use (only for the checks above).
    private var lineStarts: [Int] = []

    /// The byte offset of a libyaml position (line and column from 0, the column in characters).
    private func byteOffset(line: Int, column: Int) -> Int {
        if lineStarts.isEmpty {
            lineStarts.append(0)
            var from = 0
            while from < bytes.count, let hit = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from) {
                from = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!) + 1
                lineStarts.append(from)
            }
        }
        guard line < lineStarts.count else { return bytes.count }
        var k = lineStarts[line], characters = 0
        // ASCII before the column (the common case): characters are bytes.
        if column <= bytes.count - k {
            var ascii = true, j = k
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while j + 8 <= k + column {
                if base.loadUnaligned(fromByteOffset: j, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { ascii = false; break }
                j += 8
            }
            while ascii && j < k + column {
                if bytes[j] >= 0x80 { ascii = false }
                j += 1
            }
            if ascii { return k + column }
        }
        while k < bytes.count && characters < column {
            k += 1
            while k < bytes.count && bytes[k] & 0xC0 == 0x80 { k += 1 }
            characters += 1
        }
        return k
    }

    /// The first line of a multi-line scalar (bytes `start..<end`) that is indented no more
    /// than `indent` spaces — which YAML forbids for the continuation of a value in a block
    /// mapping, and libyaml 0.2.5 accepts — or nil.
    func underIndentedLine(from start: Int, to end: Int, indent: Int) -> Mark? {
        var k = start
        while k < min(end, bytes.count) {
            if bytes[k] == 0x0A {
                var spaces = 0
                var j = k + 1
                while j < bytes.count && bytes[j] == 0x20 { spaces += 1; j += 1 }
                // A line of white space only (tabs too) is a blank line, indented or not.
                var t = j
                while t < bytes.count && (bytes[t] == 0x20 || bytes[t] == 0x09) { t += 1 }
                let blank = t >= bytes.count || bytes[t] == 0x0A || bytes[t] == 0x0D
                if !blank && j < end && spaces <= indent { return Self.mark(ofByte: j, in: bytes) }
                k = j
            } else {
                k += 1
            }
        }
        return nil
    }

    /// Reads on to the end of the stream after an error of the reader's own (an anchor, an
    /// unknown shape): the document's first syntax error there, if any, is the truth to report
    /// before it (what was read may be an artefact of it).
    /// It stops (nil) past `maxDepth` open collections: libyaml's scanner slows with every open
    /// level, and a document nested a hundred thousand deep would take minutes to read through.
    func firstSyntaxError(maxDepth: Int) -> ReadError? {
        if malformed || ended { return nil }
        syntaxOnly = true
        var depth = 0
        while true {
            do throws(ReadError) {
                switch try next().kind {
                case .streamEnd: return nil
                case .mappingStart, .sequenceStart:
                    depth += 1
                    if depth > maxDepth { return nil }
                case .mappingEnd, .sequenceEnd: depth -= 1
                default: break
                }
            } catch {
                return malformed ? error : nil
            }
        }
    }

    /// A syntax error of libyaml's own, or of the checks here, at its position.
    private func syntaxError(_ mark: Mark, _ message: String) -> ReadError {
        malformed = true
        return ReadError(file: file, mark: mark, message)
    }

    /// A block scalar's header (`>`, `|`, with chomping and indentation marks) glued to a
    /// comment (`key: ># note`), and, where its indentation is found from its first line, a
    /// leading blank line with more spaces than that line: YAML refuses both, libyaml 0.2.5 does not.
    private func checkBlockScalar(start: yaml_mark_t, end: yaml_mark_t) throws(ReadError) {
        var p = byteOffset(line: Int(start.line), column: Int(start.column))
        guard p < bytes.count, bytes[p] == UInt8(ascii: ">") || bytes[p] == UInt8(ascii: "|") else { return }
        p += 1
        var explicitIndent = false
        while p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") || (bytes[p] >= 0x31 && bytes[p] <= 0x39) {
            if bytes[p] != UInt8(ascii: "+") && bytes[p] != UInt8(ascii: "-") { explicitIndent = true }
            p += 1
        }
        if p < bytes.count, bytes[p] == UInt8(ascii: "#") {
            throw syntaxError(Self.mark(ofByte: p, in: bytes), "a comment must be separated from what precedes it by white space")
        }
        guard !explicitIndent else { return }
        // The header's line ends; then the leading blank lines, then the first line with text.
        while p < bytes.count, bytes[p] != 0x0A { p += 1 }
        let stop = byteOffset(line: Int(end.line), column: Int(end.column))
        var widest: (spaces: Int, at: Int)?
        while p < min(stop, bytes.count) {
            let lineStart = p + 1
            var q = lineStart, spaces = 0
            while q < bytes.count, bytes[q] == 0x20 { spaces += 1; q += 1 }
            let blank = q >= bytes.count || bytes[q] == 0x0A || bytes[q] == 0x0D
            if !blank {
                if let widest, widest.spaces > spaces {
                    throw syntaxError(Self.mark(ofByte: widest.at, in: bytes),
                                      "a leading blank line of a block scalar has more spaces (\(widest.spaces)) than its first line's indentation (\(spaces))")
                }
                return
            }
            if spaces > (widest?.spaces ?? -1) { widest = (spaces, lineStart) }
            p = q
            while p < bytes.count, bytes[p] != 0x0A { p += 1 }
        }
    }

    /// Directives (`%YAML`, `%TAG`) before a document: the document before them must end with
    /// `...`, and a comment on a directive line must be set apart by white space — YAML says
    /// so, libyaml 0.2.5 does not check.
    private func checkDirectives(before start: Int, at mark: Mark) throws(ReadError) {
        if openEnded { throw syntaxError(mark, "directives must follow the end marker '...' of the document before them") }
        var p = documentEnd
        while p < min(start, bytes.count) {
            let lineStart = p
            while p < bytes.count, bytes[p] != 0x0A { p += 1 }
            if bytes[lineStart] == UInt8(ascii: "%") {
                for q in (lineStart + 1)..<p where bytes[q] == UInt8(ascii: "#") && bytes[q - 1] != 0x20 && bytes[q - 1] != 0x09 {
                    throw syntaxError(Self.mark(ofByte: q, in: bytes), "a comment must be separated from what precedes it by white space")
                }
            }
            p += 1
        }
    }

    /// A collection opens: a block one's column is the indentation its flow values must pass.
    private func open(flow: Bool, at start: yaml_mark_t) {
        guard flow else {
            if flowDepth == 0 { blockColumns.append(Int(start.column)) }
            return
        }
        if flowDepth == 0 { flowStart = (byteOffset(line: Int(start.line), column: Int(start.column)), blockColumns.last ?? -1) }
        flowDepth += 1
    }

    /// A collection closes: an outermost flow collection that spans lines in a block collection
    /// must have every line indented past the block's column (libyaml 0.2.5 takes `key: [a,` then
    /// `b]` at column 0).
    private func close(at end: yaml_mark_t) throws(ReadError) {
        guard flowDepth > 0 else {
            _ = blockColumns.popLast()
            return
        }
        flowDepth -= 1
        guard flowDepth == 0, flowStart.blockColumn >= 0 else { return }
        let stop = byteOffset(line: Int(end.line), column: Int(end.column))
        if let at = underIndentedLine(from: flowStart.byte, to: stop, indent: flowStart.blockColumn) {
            throw syntaxError(at, "a continuation line of a flow collection must be indented more than the block it stands in")
        }
    }

    /// The next event; throws the parser's own message at its position on malformed YAML.
    func next() throws(ReadError) -> YAMLEvent {
        guard yaml_parser_parse(parser, event) == 1 else {
            malformed = true
            throw parseError()
        }
        defer { yaml_event_delete(event) }
        let event = self.event.pointee
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        if !syntaxOnly { try refuseAnchorAndTag(event, at: mark) }
        switch event.type {
        case YAML_STREAM_START_EVENT: return YAMLEvent(kind: .streamStart, mark: mark)
        case YAML_STREAM_END_EVENT:
            ended = true
            return YAMLEvent(kind: .streamEnd, mark: mark)
        case YAML_DOCUMENT_START_EVENT:
            let start = event.data.document_start
            if start.version_directive != nil || start.tag_directives.start != start.tag_directives.end {
                try checkDirectives(before: byteOffset(line: Int(event.end_mark.line), column: Int(event.end_mark.column)), at: mark)
            }
            return YAMLEvent(kind: .documentStart, mark: mark)
        case YAML_DOCUMENT_END_EVENT:
            openEnded = event.data.document_end.implicit != 0
            documentEnd = byteOffset(line: Int(event.end_mark.line), column: Int(event.end_mark.column))
            return YAMLEvent(kind: .documentEnd, mark: mark)
        case YAML_ALIAS_EVENT: return YAMLEvent(kind: .alias, mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            open(flow: event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE, at: event.start_mark)
            return YAMLEvent(kind: .sequenceStart, mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            try refuseGluedComment(after: event.end_mark)
            try close(at: event.end_mark)
            return YAMLEvent(kind: .sequenceEnd, mark: mark)
        case YAML_MAPPING_START_EVENT:
            open(flow: event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE, at: event.start_mark)
            return YAMLEvent(kind: .mappingStart, mark: mark)
        case YAML_MAPPING_END_EVENT:
            try refuseGluedComment(after: event.end_mark)
            try close(at: event.end_mark)
            return YAMLEvent(kind: .mappingEnd, mark: mark)
        default:
            return try scalar(event, at: mark)
        }
    }

    /// The parser's own message at its position, for a document it refused.
    private func parseError() -> ReadError {
        let parser = self.parser.pointee
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        var mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            // The reader says where by byte offset only (bad encoding, control characters).
            mark = Self.mark(ofByte: Int(parser.problem_offset), in: bytes)
            message += parser.problem_value >= 0 ? " (byte 0x\(String(UInt8(truncatingIfNeeded: parser.problem_value), radix: 16, uppercase: true).leftPadded(2)))" : ""
        }
        return ReadError(file: file, mark: mark, message)
    }

    /// A scalar event: its text and style, checked for what libyaml lets through.
    @inline(__always)
    private func scalar(_ event: yaml_event_t, at mark: Mark) throws(ReadError) -> YAMLEvent {
        let scalar = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        guard quoted else {
            // `[-]`, `[-, -]`: a plain scalar cannot start with `-` and a space or the end.
            if flowDepth > 0, scalar.style == YAML_PLAIN_SCALAR_STYLE, text == "-" || text.hasPrefix("- ") {
                throw syntaxError(mark, "a plain '-' in a flow collection is not a value (quote it)")
            }
            if scalar.style == YAML_LITERAL_SCALAR_STYLE || scalar.style == YAML_FOLDED_SCALAR_STYLE {
                try checkBlockScalar(start: event.start_mark, end: event.end_mark)
            }
            try refuseGluedComment(after: event.end_mark)
            return YAMLEvent(kind: .scalar, mark: mark, value: text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE)
        }
        // One line and no '#' in the document: nothing to check (the common case).
        let multiline = event.end_mark.line > event.start_mark.line
        guard multiline || hasHash else { return YAMLEvent(kind: .scalar, mark: mark, value: text, quoted: true) }
        // libyaml's marks count characters: find the bytes by line and column.
        let end = byteOffset(line: Int(event.end_mark.line), column: Int(event.end_mark.column))
        try refuseGluedComment(after: event.end_mark, byte: end)
        guard multiline else { return YAMLEvent(kind: .scalar, mark: mark, value: text, quoted: true) }
        let start = byteOffset(line: Int(event.start_mark.line), column: Int(event.start_mark.column))
        return YAMLEvent(kind: .scalar, mark: mark, value: text, quoted: true, startByte: start, endByte: end)
    }

    /// Anchors and tags, which reports never hold, refused at the node that has one.
    @inline(__always)
    private func refuseAnchorAndTag(_ event: yaml_event_t, at mark: Mark) throws(ReadError) {
        // A node's anchor and tag, read once.
        let (anchor, tag): (UnsafeMutablePointer<yaml_char_t>?, UnsafeMutablePointer<yaml_char_t>?) = switch event.type {
        case YAML_SCALAR_EVENT: (event.data.scalar.anchor, event.data.scalar.tag)
        case YAML_SEQUENCE_START_EVENT: (event.data.sequence_start.anchor, event.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: (event.data.mapping_start.anchor, event.data.mapping_start.tag)
        default: (nil, nil)
        }
        if let anchor {
            // Anchors exist to be aliased, and aliases are refused: refuse both alike.
            throw ReadError(file: file, mark: mark, "YAML anchors are not supported in reports (&\(String(cString: anchor)))")
        }
        if let tag {
            // A tag changes what a scalar is (`!!str null` is the text "null", `!` with nothing
            // the empty text): read without it, a value would be changed or dropped. Nothing
            // transit writes has one.
            var name = String(cString: tag)
            if name.hasPrefix("tag:yaml.org,2002:") { name = "!!" + name.dropFirst("tag:yaml.org,2002:".count) }
            throw ReadError(file: file, mark: mark, "YAML tags are not supported in reports (\(name))")
        }
    }
}

/// A small YAML document tree, for the schema file only (reports are read as a stream).
indirect enum YAMLNode {
    case scalar(String, plain: Bool, Mark)
    case sequence([YAMLNode], Mark)
    case mapping([(key: String, keyMark: Mark, value: YAMLNode)], Mark)

    var mark: Mark {
        switch self {
        case .scalar(_, _, let m), .sequence(_, let m), .mapping(_, let m): m
        }
    }

    /// Where the value of `key` stands, or this node where it has none: a message about a
    /// key a hostile schema left out still has a place.
    func mark(of key: String) -> Mark { self[key]?.mark ?? mark }

    var string: String? {
        if case .scalar(let s, _, _) = self { return s }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    var mapping: [(key: String, keyMark: Mark, value: YAMLNode)]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key == key }?.value
    }

    /// Where the character `offset` characters into a one-line scalar stands (after the opening
    /// quote of a quoted one).
    func mark(at offset: Int) -> Mark {
        guard case .scalar(_, let plain, let m) = self else { return mark }
        return Mark(line: m.line, column: m.column + offset + (plain ? 0 : 1))
    }

    /// Parses one YAML document into a tree. Aliases are refused; duplicate keys are errors.
    static func parse(_ bytes: [UInt8], file: String) throws(ReadError) -> YAMLNode {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) -> YAMLNode in
            let reader = YAMLEventReader(bytes: buffer, file: file)
            var event = try reader.next()
            while event.kind == .streamStart || event.kind == .documentStart { event = try reader.next() }
            if event.kind == .streamEnd { throw ReadError(file: file, mark: event.mark, "empty document") }
            return try node(from: event, reader)
        }
    }

    private static func node(from event: YAMLEvent, _ reader: YAMLEventReader) throws(ReadError) -> YAMLNode {
        switch event.kind {
        case .scalar:
            return .scalar(event.value, plain: event.plain, event.mark)
        case .sequenceStart:
            var items: [YAMLNode] = []
            while true {
                let e = try reader.next()
                if e.kind == .sequenceEnd { break }
                items.append(try node(from: e, reader))
            }
            return .sequence(items, event.mark)
        case .mappingStart:
            var pairs: [(key: String, keyMark: Mark, value: YAMLNode)] = []
            while true {
                let k = try reader.next()
                if k.kind == .mappingEnd { break }
                guard k.kind == .scalar else { throw ReadError(file: reader.file, mark: k.mark, "a mapping key must be a plain string") }
                if pairs.contains(where: { $0.key == k.value }) {
                    throw ReadError(file: reader.file, mark: k.mark, "duplicate key '\(k.value)'")
                }
                let v = try node(from: try reader.next(), reader)
                pairs.append((k.value, k.mark, v))
            }
            return .mapping(pairs, event.mark)
        case .alias:
            throw ReadError(file: reader.file, mark: event.mark, "YAML aliases are not supported")
        default:
            throw ReadError(file: reader.file, mark: event.mark, "unexpected YAML event")
        }
    }
}
