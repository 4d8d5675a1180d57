import Testing
@testable import TransitKit

/// Paths and helpers the tests share.
enum Support {
    /// The package root (two levels above this file's folder).
    static let root: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// `../shared` beside the project: present in development sessions and CI, not in a user's clone.
    static let shared = root + "/../shared"
    static let fixturePath = shared + "/fixtures/kazakhstan-2021.txt"
    static var sharedAvailable: Bool { FileIO.exists(fixturePath) }
    static let sharedMissing = "../shared/fixtures/kazakhstan-2021.txt is not beside the project (it is in CI and development sessions only)"

    static let transit = Transit()

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func read(_ path: String) throws -> [UInt8] { try FileIO.read(path) }

    /// Reads page text and returns the report, failing the test on any error.
    static func page(_ text: String, file: String = "test.txt", options: ReadOptions = ReadOptions()) throws -> ReadResult {
        try transit.read(bytes(text), format: .text, file: file, options: options)
    }

    /// Page text read under `transit`, its identity taken from the file name where the page
    /// does not print it.
    static func page(_ transit: Transit, _ text: String, file: String) throws -> ReadResult {
        try transit.read(bytes(text), format: .text, file: file, options: ReadOptions(fileName: file))
    }

    /// The report's values at `paths`, those it has.
    static func figures(_ r: Record, _ paths: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for path in paths {
            if let v = r.text(at: ModelPath(path)) { out[path] = v }
        }
        return out
    }

    /// A page read under `transit` (its identity from the file name), then YAML → XML → JSON →
    /// page: the same model at every step; the page written back.
    static func pageRoundTrip(_ transit: Transit, _ bytes: [UInt8], file: String) throws -> [UInt8] {
        let report = try transit.read(bytes, format: .text, file: file, options: ReadOptions(fileName: file)).report
        var current = report
        for format in [Format.yaml, .xml, .json] {
            current = try transit.read(try transit.write(current, format: format), format: format, file: "rt." + format.fileExtension).report
            #expect(current == report, "\(format) changed the model of \(file)")
        }
        return try transit.write(current, format: .text)
    }

    /// text → YAML → XML → JSON → text; returns every intermediate and the final bytes.
    static func roundTrip(_ input: [UInt8], file: String, options: ReadOptions = ReadOptions()) throws -> (yaml: [UInt8], xml: [UInt8], json: [UInt8], text: [UInt8]) {
        let report = try transit.read(input, format: .text, file: file, options: options).report
        let yaml = try transit.write(report, format: .yaml)
        let fromYAML = try transit.read(yaml, format: .yaml, file: "rt.yaml").report
        let xml = try transit.write(fromYAML, format: .xml)
        let fromXML = try transit.read(xml, format: .xml, file: "rt.xml").report
        let json = try transit.write(fromXML, format: .json)
        let fromJSON = try transit.read(json, format: .json, file: "rt.json").report
        let text = try transit.write(fromJSON, format: .text)
        #expect(fromYAML == report, "YAML changed the model of \(file)")
        #expect(fromXML == report, "XML changed the model of \(file)")
        #expect(fromJSON == report, "JSON changed the model of \(file)")
        return (yaml, xml, json, text)
    }

    /// Every diagnostic of a failed read.
    static func errors(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
        } catch let e as ReadError {
            return e.diagnostics
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return []
    }
}

extension Record {
    /// The value at a dotted path (`categories.2.rating`), as text, for assertions.
    func at(_ path: String) -> String? {
        var value: Value? = .record(self)
        for part in path.split(separator: ".") {
            switch value {
            case .record(let r)?: value = r.type.lookup(String(part)).flatMap { r.fields[$0] }
            case .list(let items, _)?: value = Int(part).flatMap { $0 < items.count ? items[$0] : nil }
            default: return nil
            }
        }
        switch value {
        case .scalar(let s, _)?: return s
        case .list(let items, _)?: return "[\(items.count)]"
        case .record?: return "{}"
        case nil: return nil
        }
    }

    func count(_ path: String) -> Int {
        guard let s = at(path), s.hasPrefix("[") else { return 0 }
        return Int(s.dropFirst().dropLast()) ?? 0
    }
}

extension ReadResult {
    /// The warnings and errors of a read, without its notes (where the identity came from).
    var problems: [Diagnostic] { diagnostics.filter { $0.severity != .note } }
}
