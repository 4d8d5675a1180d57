/// The formats transit reads and writes.
public enum Format: String, CaseIterable, Sendable {
    /// The page text copied from the publisher's country page.
    case text
    /// YAML 1.2, the schema's keys.
    case yaml
    /// XML, the schema's elements and attributes in its namespace.
    case xml
    /// JSON, the schema's keys (numbers as printed).
    case json

    /// The format a file name's extension implies, or nil.
    public init?(path: String) {
        // The extension after the last dot of the last component, ASCII case folded, read as
        // bytes (every archive file is asked before any is read); no known one is over 4 bytes.
        var path = path
        let ext: String? = path.withUTF8 { bytes in
            guard let dot = bytes.lastIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "/") }),
                  bytes[dot] == UInt8(ascii: "."), bytes.count - dot - 1 <= 4 else { return nil }
            let lowered = bytes[(dot + 1)...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
            return String(decoding: lowered, as: UTF8.self)
        }
        switch ext {
        case "txt", "text": self = .text
        case "yaml", "yml": self = .yaml
        case "xml": self = .xml
        case "json": self = .json
        default: return nil
        }
    }

    /// The extension transit gives files of this format.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .yaml: "yaml"
        case .xml: "xml"
        case .json: "json"
        }
    }
}

/// A report read from a file, with the warnings its reader had.
public struct ReadResult: Sendable {
    /// The report read.
    public var report: Record
    /// The reader's warnings and notes (errors are thrown as a ``ReadError`` instead).
    public var diagnostics: [Diagnostic]
}

/// How much a reader takes before it stops with an error: hostile input (a file of gigabytes,
/// nesting a hundred thousand deep) ends in bounded time and memory.
public struct ReadLimits: Sendable {
    /// Nesting of records and lists in YAML, XML and JSON (a report needs 6).
    public var maxDepth: Int
    /// A file's size in bytes.
    public var maxBytes: Int

    /// 64 levels, 256 MiB: far beyond any report, far below what would exhaust a machine.
    public static let standard = ReadLimits(maxDepth: 64, maxBytes: 256 << 20)

    /// Limits of `maxDepth` levels of nesting and `maxBytes` bytes a file.
    public init(maxDepth: Int, maxBytes: Int) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }
}

/// The engine: reads any format into the model and writes the model in any format, all under
/// one schema.
public struct Transit: Sendable {
    /// The schema every report is read and written under.
    public let schema: Schema
    /// How much a reader takes before it stops.
    public let limits: ReadLimits
    /// The types the page-text format fills, looked up once (or why the schema cannot have them).
    private let pageTypes: Result<PageTypes, ReadError>

    /// An engine for `schema`'s family, reading within `limits`.
    public init(schema: Schema, limits: ReadLimits = .standard) {
        self.schema = schema
        self.limits = limits
        do throws(ReadError) { pageTypes = .success(try PageTypes(schema)) } catch { pageTypes = .failure(error) }
    }

    /// Reads a report. Malformed input throws every error found, located in `file`.
    public func read(_ bytes: [UInt8], format: Format, file: String, options: ReadOptions = ReadOptions()) throws(ReadError) -> ReadResult {
        if bytes.count > limits.maxBytes {
            throw ReadError(file: file, mark: Mark(line: 1, column: 1),
                            "the file is \(bytes.count) bytes, over the limit of \(limits.maxBytes)", remedy: .sizeLimit)
        }
        // YAML and XML readers decode UTF-16 themselves; page text and JSON are read as UTF-8.
        if format == .text || format == .json, bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ReadError(file: file, mark: Mark(line: 1, column: 1),
                            "the file is UTF-16 (it starts with the byte-order mark 0x\(String(bytes[0], radix: 16, uppercase: true))\(String(bytes[1], radix: 16, uppercase: true))); transit reads \(format == .text ? "page text" : "JSON") as UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)")
        }
        switch format {
        case .text:
            let result = try PageReader(bytes: bytes, file: file, schema: schema, types: try pageTypes.get()).read(options: options)
            return ReadResult(report: result.report, diagnostics: result.diagnostics)
        case .yaml, .xml, .json:
            var result = switch format {
            case .yaml: try YAMLReader(schema: schema, file: file, maxDepth: limits.maxDepth).read(bytes)
            case .xml: try XMLReader(schema: schema, file: file, maxDepth: limits.maxDepth).read(bytes)
            default: try JSONReader(schema: schema, file: file, maxDepth: limits.maxDepth).read(bytes)
            }
            MisDecoded.check(bytes, result.report, into: &result.diagnostics, file: file)
            return result
        }
    }

    /// Reads the report in the file at `path`, in `format` (nil: the one its extension names:
    /// `.txt`, `.yaml`, `.xml`, `.json`). Page text takes the country and edition it does not
    /// print from the file's name unless `options` give them. A sheet (`.csv`, `.xlsx`) holds
    /// many reports: read it with ``readSheet(_:file:)``.
    public func read(file path: String, format: Format? = nil, options: ReadOptions = ReadOptions()) throws(ReadError) -> ReadResult {
        let chosen: Format
        if let format { chosen = format } else { chosen = try Format.of(path, else: nil) }
        return try read(FileIO.read(path, maxBytes: limits.maxBytes), format: chosen, file: FileIO.displayName(path), options: options)
    }

    /// Writes a report. `file` names the output, `source` the input the report was read from:
    /// a value the format cannot carry is refused, located at its mark in `source`. Page text is
    /// read back before it is returned, and refused unless it gives back the same model.
    public func write(_ report: Record, format: Format, file: String = "-", source: String? = nil) throws(ReadError) -> [UInt8] {
        let source = source ?? file
        switch format {
        case .text:
            let types = try pageTypes.get()
            let (page, carried) = try PageWriter(schema: schema, types: types, file: source).written(report)
            try PageCheck(schema: schema, types: types).verify(page, carries: carried, source: source, output: file)
            return page
        case .yaml: return YAMLWriter(schema: schema).write(report)
        case .xml: return try XMLWriter(schema: schema, file: file, source: source).write(report)
        case .json: return JSONWriter(schema: schema).write(report)
        }
    }
}

extension Format {
    /// The format of `path`: its extension's, else `fallback`; else an error that says what to do.
    public static func of(_ path: String, else fallback: Format?) throws(ReadError) -> Format {
        if let format = Format(path: path) ?? fallback { return format }
        throw ReadError(file: FileIO.displayName(path), mark: Mark(line: 1, column: 1),
                        path == "-" ? "the format of standard input is not known" : Transit.unreadableType(path), remedy: .format)
    }
}

extension Transit {
    /// The file types transit reads as reports, for messages.
    public static let readableTypes = ".txt, .yaml, .yml, .xml, .json"

    /// Why `path` is not read: its type, told by its first bytes where they say (a zip archive,
    /// a PDF, a binary file), else by its extension; never its bytes themselves.
    public static func unreadableType(_ path: String) -> String {
        let head = (try? FileIO.readPrefix(path, count: 4096)) ?? []
        let expected = "transit reads reports (\(readableTypes)) and sheets (.csv, .xlsx)"
        if head.starts(with: Array("%PDF".utf8)) { return "unsupported file type: a PDF document; \(expected)" }
        // (A sequence cut at the end of the prefix read is no sign.)
        if head.contains(0) || UTF8Check.firstInvalid(head).map({ $0 < head.count - 4 || head.count < 4096 }) == true {
            return "unsupported file type: a binary file; \(expected)"
        }
        return "unsupported file type: \(expected)"
    }
}
