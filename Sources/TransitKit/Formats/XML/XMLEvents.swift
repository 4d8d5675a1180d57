internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The first pass of the XML reader: libxml2's SAX2 parser's callbacks record the elements,
/// their attributes and their text as compact events (no document tree), with their lines and
/// byte offsets, and the parser's errors and warnings.
/// One thing the parser met, in document order.
struct XMLEvent {
    enum Kind: UInt8 { case start, end, text, doctype }
    var kind: Kind
    /// The parser's line when it met it.
    var line: Int32
    /// Start tags: the byte offset of the `<` in the file, or -1 when the parser's bytes are
    /// not the file's (a document in another encoding, decoded by libxml2). Text: see `first`.
    var offset: Int
    /// Start tags: the local name and namespace, interned in the parser's dictionary.
    var name: UnsafePointer<xmlChar>? = nil
    var uri: UnsafePointer<xmlChar>? = nil
    /// Text: its bytes in the file from `offset` when the parser handed them where they stand
    /// in it, else in `XMLEvents.text` from `first`; start tags: its attributes in
    /// `XMLEvents.attributes` from `first`.
    var first: Int32 = 0
    var count: Int32 = 0
}

struct XMLAttribute {
    var prefix: UnsafePointer<xmlChar>?
    var name: UnsafePointer<xmlChar>?
    /// Its value: in the file from `value` when the parser handed it where it stands there (a
    /// value it had to normalise is a copy), else in `XMLEvents.text` from `first`.
    var first: Int32
    var count: Int32
    /// The byte offset of its name in the file, or -1 when not known from the parser.
    var offset: Int
    var value: Int
}

/// What the SAX2 callbacks record: events, the bytes of text and attribute values, and the
/// parser's own errors with the number of events met before each.
/// One document's parse writes them, on one thread, then its reading reads them: no access
/// overlaps another, so they go unchecked (the checks were a tenth of reading XML).
final class XMLEvents {
    let context: xmlParserCtxtPtr
    /// The document's bytes, as read (they outlive the parse).
    let file: UnsafeBufferPointer<UInt8>
    @exclusivity(unchecked) var events: [XMLEvent] = []
    @exclusivity(unchecked) var attributes: [XMLAttribute] = []
    @exclusivity(unchecked) var text: [UInt8] = []
    @exclusivity(unchecked) var errors: [(line: Int, column: Int, message: String, before: Int)] = []
    /// libxml2's warnings: reported as warnings, the document still read.
    @exclusivity(unchecked) var warnings: [(line: Int, column: Int, message: String)] = []

    init(context: xmlParserCtxtPtr, file: UnsafeBufferPointer<UInt8>) {
        self.context = context
        self.file = file
        // A start tag is a dozen bytes or more. The byte store holds only text and values the
        // parser had to rewrite (most stand in the file): it grows as it needs.
        events.reserveCapacity(file.count / 16 + 16)
    }

    /// Runs `body` on the recorder a callback's user pointer names, neither retained nor
    /// released: the reader holds it for the whole parse (a retain and a release on each of a
    /// document's hundreds of callbacks were a sixth of their time).
    @inline(__always)
    static func with<R>(_ p: UnsafeMutableRawPointer?, _ body: (XMLEvents) -> R) -> R {
        // Without counting a reference on each of the parser's callbacks (1.6% of validating
        // 290 generated reports as XML: 542.4 M against 533.5 M instructions, callgrind).
        Unmanaged<XMLEvents>.fromOpaque(p!)._withUnsafeGuaranteedRef(body)
    }

    /// The parser's line, and its byte offset in the file (-1 if its bytes are not the file's).
    var position: (line: Int32, offset: Int) {
        guard let input = context.pointee.input else { return (0, -1) }
        let line = input.pointee.line
        if context.pointee.inputNr != 1 || input.pointee.buf?.pointee.encoder != nil { return (line, -1) }
        return (line, Int(input.pointee.consumed) + (input.pointee.cur - input.pointee.base))
    }

    /// The byte offset of an attribute's name, found back from its value (`name = "value"`)
    /// when the parser hands the value where it stands in the input, or -1 (a value it had to
    /// normalise is a copy). `end` is the parser's offset in the file.
    func nameOffset(value: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, name: UnsafePointer<xmlChar>, end: Int) -> Int {
        guard let input = context.pointee.input, let base = input.pointee.base, let cur = input.pointee.cur,
              value > base, value <= cur else { return -1 }
        var p = value - 1  // the quote
        guard p.pointee == UInt8(ascii: "\"") || p.pointee == UInt8(ascii: "'") else { return -1 }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        p -= 1
        while p > base && blank(p.pointee) { p -= 1 }
        guard p.pointee == UInt8(ascii: "=") else { return -1 }
        p -= 1
        while p > base && blank(p.pointee) { p -= 1 }
        let length = strlen(name) + (prefix.map { strlen($0) + 1 } ?? 0)
        let start = p + 1 - length
        guard start > base else { return -1 }
        return end - (cur - start)
    }

    /// The offset in the file of `n` bytes the parser hands at `p`, when they are the file's
    /// own bytes where they stand in it (its input undecoded, and `p` inside it); else -1 (an
    /// entity's or a character reference's text, a decoded document).
    func fileOffset(of p: UnsafePointer<xmlChar>, _ n: Int32) -> Int {
        guard context.pointee.inputNr == 1, let input = context.pointee.input, input.pointee.buf?.pointee.encoder == nil,
              let base = input.pointee.base, let end = input.pointee.end, p >= base, p + Int(n) <= end else { return -1 }
        let offset = Int(input.pointee.consumed) + (p - base)
        return offset + Int(n) <= file.count ? offset : -1
    }

    /// Text: a run of it is one event. Where the parser hands the file's own bytes, one piece
    /// after another, the event points into the file (nothing copied); a piece from elsewhere,
    /// or after a gap (a carriage return the parser leaves out), has the run copied.
    func append(text p: UnsafePointer<xmlChar>?, _ n: Int32) {
        guard let p, n > 0 else { return }
        let at = fileOffset(of: p, n)
        if let last = events.last, last.kind == .text {
            let k = events.count - 1
            if last.offset >= 0 {
                if at == last.offset + Int(last.count) {
                    events[k].count += n
                    return
                }
                events[k].offset = -1
                events[k].first = Int32(text.count)
                text.append(contentsOf: UnsafeBufferPointer(rebasing: file[last.offset..<(last.offset + Int(last.count))]))
            }
            events[k].count += n
        } else if at >= 0 {
            events.append(XMLEvent(kind: .text, line: context.pointee.input?.pointee.line ?? 0, offset: at, first: 0, count: n))
            return
        } else {
            events.append(XMLEvent(kind: .text, line: context.pointee.input?.pointee.line ?? 0, offset: -1, first: Int32(text.count), count: n))
        }
        text.append(contentsOf: UnsafeBufferPointer(start: p, count: Int(n)))
    }

    /// The parser's errors and warnings. Some come without a parser (an encoding the input
    /// does not follow, from the decoder): they are taken at the parser's place.
    static let error: xmlStructuredErrorFunc = { user, error in
        guard let user, let error else { return }
        XMLEvents.with(user) { e in
            var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            while message.hasSuffix("\n") { message.removeLast() }
            var line = Int(error.pointee.line), column = Int(error.pointee.int2)
            if line <= 0, let input = e.context.pointee.input {
                (line, column) = (Int(input.pointee.line), Int(input.pointee.col))
            }
            if error.pointee.level == XML_ERR_WARNING {
                // A warning (XML 1.1 declared, a PI named xml-…) is no malformation.
                e.warnings.append((line, column, message))
            } else {
                e.errors.append((line, column, message, e.events.count))
            }
        }
    }

    /// The callbacks (plain C functions: this is built per document, a few words).
    static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { user, local, _, uri, _, _, count, _, attributes in XMLEvents.with(user) { e in
            let (line, end) = e.position
            var start = -1
            if end >= 0, let base = e.context.pointee.input?.pointee.base, let cur = e.context.pointee.input?.pointee.cur {
                // The parser stands at the tag's `>` (or `/>`); no `<` can stand inside a tag.
                var p = cur
                while p > base && p.pointee != UInt8(ascii: "<") { p -= 1 }
                if p.pointee == UInt8(ascii: "<") { start = end - (cur - p) }
            }
            let first = Int32(e.attributes.count)
            if let attributes {
                for k in 0..<Int(count) {
                    let a = attributes + 5 * k
                    let from = a[3]!, to = a[4]!
                    let n = Int32(to - from), at = e.fileOffset(of: from, n)
                    e.attributes.append(XMLAttribute(prefix: a[1], name: a[0], first: at >= 0 ? 0 : Int32(e.text.count), count: n,
                                                     offset: end >= 0 ? e.nameOffset(value: from, prefix: a[1], name: a[0]!, end: end) : -1,
                                                     value: at))
                    if at < 0 { e.text.append(contentsOf: UnsafeBufferPointer(start: from, count: Int(n))) }
                }
            }
            e.events.append(XMLEvent(kind: .start, line: line, offset: start, name: local, uri: uri, first: first, count: count))
        } }
        h.endElementNs = { user, _, _, _ in
            XMLEvents.with(user) { $0.events.append(XMLEvent(kind: .end, line: 0, offset: -1)) }
        }
        h.characters = { user, p, n in XMLEvents.with(user) { $0.append(text: p, n) } }
        h.ignorableWhitespace = h.characters
        h.internalSubset = { user, _, _, _ in
            // A DTD is refused where it stands; nothing of it is read.
            XMLEvents.with(user) { e in
                e.events.append(XMLEvent(kind: .doctype, line: e.position.line, offset: -1))
                xmlStopParser(e.context)
            }
        }
        h.serror = XMLEvents.error
        return h
    }
}
