internal import CLibXML2

/// XML written by transit: every XML document transit writes — a report, a JUnit file, an XSD —
/// goes through libxml2's xmlTextWriter here, which escapes text and attribute values itself.
/// Characters XML 1.0 cannot carry (controls other than tab, LF and CR; U+FFFE, U+FFFF) are
/// written as `\u{…}` in findings and schemas (`carrying: .escaped`); a report's writer refuses
/// them before it starts, since a report's text must read back as it was.
final class XMLDocumentWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var open = 0

    /// A document with the XML declaration, indented by two spaces a level. libxml2 fails to
    /// start a writer only when memory is exhausted, which stops the process (as a Swift
    /// allocation that fails does).
    init(indented: Bool = true) {
        guard let (buffer, writer) = LibXML2.writer() else { fatalError("libxml2 could not start a writer: out of memory") }
        self.buffer = buffer
        self.writer = writer
        if indented {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// Opens an element.
    func start(_ name: String) {
        xmlTextWriterStartElement(writer, name)
        open += 1
    }

    /// An attribute of the element just opened.
    func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, Self.carried(value))
    }

    /// Text inside the open element.
    func text(_ s: String) {
        xmlTextWriterWriteString(writer, Self.carried(s))
    }

    /// An element holding only `text`.
    func element(_ name: String, _ text: String) {
        xmlTextWriterWriteElement(writer, name, Self.carried(text))
    }

    /// A comment (before the root element: the generator's note).
    func comment(_ s: String) {
        xmlTextWriterWriteComment(writer, Self.carried(s))
    }

    /// Closes the innermost open element.
    func end() {
        xmlTextWriterEndElement(writer)
        open -= 1
    }

    /// The document, every element closed, ending with a newline.
    func finish() -> [UInt8] {
        while open > 0 { end() }
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        return Array(UnsafeBufferPointer(start: xmlBufferContent(buffer), count: Int(xmlBufferLength(buffer))))
    }

    /// `s`, with what XML 1.0 cannot carry spelled `\u{…}` (a report's writer has refused it already).
    static func carried(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) || s.utf8.contains(0xEF) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
