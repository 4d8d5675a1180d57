internal import CLibXML2

/// A workbook part's XML, pulled node by node with libxml2's reader while its zip entry is
/// inflated under it: no tree is built and no part is held whole, so a sheet of any length is
/// read in the same memory. Entities are not substituted and nothing is fetched from the
/// network.
final class WorkbookXML {
    enum Node: Equatable {
        case start(String)
        /// An element written `<x/>`: a start with no end.
        case empty(String)
        case end(String)
        case text
        case done
    }

    private let reader: xmlTextReaderPtr
    private let entry: ZipArchive.Entry
    /// The first error libxml2 reported, with its line.
    private var problem: (line: Int, message: String)?

    init(_ entry: ZipArchive.Entry) throws(ReadError) {
        self.entry = entry
        // The reader's context is the entry, which this object keeps as long as the reader.
        let read: xmlInputReadCallback = { context, buffer, count in
            guard let context, let buffer else { return -1 }
            let entry = Unmanaged<ZipArchive.Entry>.fromOpaque(context).takeUnretainedValue()
            return Int32(entry.read(into: buffer, count: Int(count)))
        }
        guard let reader = LibXML2.pullReader(read, context: Unmanaged.passUnretained(entry).toOpaque(), url: entry.name) else {
            throw ReadError(file: entry.archive.file, mark: .unknown, "the workbook's '\(entry.name)' cannot be parsed")
        }
        self.reader = reader
        let handler: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            let me = Unmanaged<WorkbookXML>.fromOpaque(context).takeUnretainedValue()
            if me.problem == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
                var text = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                while text.last == "\n" || text.last == " " { text.removeLast() }
                me.problem = (Int(error.pointee.line), text)
            }
        }
        xmlTextReaderSetStructuredErrorHandler(reader, handler, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { xmlFreeTextReader(reader) }

    /// The next node of interest: elements' starts and ends, and text (`text` reads it).
    func next() throws(ReadError) -> Node {
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return .done }
            if status < 0 { throw failure() }
            switch xmlTextReaderNodeType(reader) {
            case 1:
                let name = localName
                return xmlTextReaderIsEmptyElement(reader) == 1 ? .empty(name) : .start(name)
            case 15: return .end(localName)
            case 3, 4, 13, 14: return .text
            default: continue
            }
        }
    }

    /// The current element's local name (its prefix left out).
    var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// The current text node's text.
    var text: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// An attribute of the current element, by its qualified name (`r`, `r:id`).
    func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { transit_xml_free(value) }
        return String(cString: value)
    }

    /// The line the reader is at in the part.
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The error of a failed read: the zip entry's, else libxml2's at its line.
    func failure() -> ReadError {
        if let failed = entry.lastFailure { return failed }
        let (line, message) = problem ?? (self.line, "malformed XML")
        return ReadError(file: entry.archive.file, mark: .unknown, "the workbook's '\(entry.name)' is not well-formed XML: line \(line): \(message)")
    }

    /// Every text inside the current element up to its end, joined (a shared string's runs);
    /// text under an element named in `skipping` (phonetic runs, `rPh`) is left out.
    func textUntilEnd(of element: String, skipping: Set<String> = []) throws(ReadError) -> String {
        var out = "", depth = 0, skipped = 0
        while true {
            switch try next() {
            case .start(let name):
                depth += 1
                if skipped > 0 || skipping.contains(name) { skipped += 1 }
            case .end(let name):
                if depth == 0, name == element { return out }
                depth -= 1
                if skipped > 0 { skipped -= 1 }
            case .text: if skipped == 0 { out += text }
            case .empty: continue
            case .done: return out
            }
        }
    }
}
