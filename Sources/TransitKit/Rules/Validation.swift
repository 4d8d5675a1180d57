/// The outcome of validating one file: its findings (the reader's warnings, then the rules'),
/// and whether it could be read at all.
public struct FileValidation: Sendable {
    public var file: String
    /// The file's bytes, for showing the lines findings point at (nil when unreadable).
    public var bytes: [UInt8]?
    public var findings: [Diagnostic]
    /// The file could not be read (missing, malformed, wrong types): its findings say why.
    public var unreadable: Bool

    public init(file: String, bytes: [UInt8]?, findings: [Diagnostic], unreadable: Bool) {
        self.file = file
        self.bytes = bytes
        self.findings = findings
        self.unreadable = unreadable
    }

    public var errorCount: Int { findings.count { $0.severity == .error } }
    public var warningCount: Int { findings.count { $0.severity == .warning } }

    /// Whether the file fails: an error, or with `strict` a warning too.
    public func fails(strict: Bool) -> Bool {
        unreadable || findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// Validates report files, each against the schema's rules and, where the archive holds the
/// previous edition of the same country, against that report too.
public final class ValidationRun {
    public let transit: Transit
    private let validator: Validator
    /// Report files by (country, edition), for finding previous editions.
    private var index: [Key: String] = [:]
    /// Reports already read, by file (a small cache: each previous edition is read once).
    private var cache: [String: Record] = [:]
    private var cacheOrder: [String] = []
    /// Archive files that could not be indexed (reported, not silently dropped).
    public private(set) var archiveProblems: [Diagnostic] = []

    private struct Key: Hashable {
        var country: String
        var edition: Int
    }

    public init(transit: Transit) {
        self.transit = transit
        self.validator = Validator(schema: transit.schema)
    }

    /// Adds files to look previous editions up in. Country and edition come from the file name
    /// where it tells them (`kazakhstan-2021.yaml`), else from reading the file.
    public func addToArchive(_ files: [String]) {
        for file in files {
            guard let format = Format(path: file) else { continue }
            let identity = ReportIdentity(fileName: file, countries: transit.schema.countries)
            if let country = identity.country, let edition = identity.edition {
                index[Key(country: country, edition: edition)] = index[Key(country: country, edition: edition)] ?? file
                continue
            }
            do throws(ReadError) {
                let report = try transit.read(try FileIO.read(file), format: format, file: file).report
                guard let key = key(of: report) else {
                    archiveProblems.append(Diagnostic(.warning, file: file, mark: Mark(line: 1, column: 1),
                                                      "left out of the archive: the report names no country or edition, nor does its file name"))
                    continue
                }
                index[key] = index[key] ?? file
            } catch {
                var d = Diagnostic(.warning, file: file, mark: Mark(line: 1, column: 1),
                                   "left out of the archive, as it cannot be read: \(error.diagnostics.first?.message ?? "unreadable")")
                d.rule = "read"
                archiveProblems.append(d)
            }
        }
    }

    private func key(of report: Record) -> Key? {
        guard let country = report.text("country"), let edition = report.text("edition").flatMap({ Int($0) }) else { return nil }
        return Key(country: country, edition: edition)
    }

    /// The previous edition's report of `report`'s country, if the archive holds it; a file
    /// that holds it but cannot be read is an error thrown.
    public func previous(of report: Record) throws(ReadError) -> Record? {
        guard let key = key(of: report), let before = transit.schema.previousEdition(key.edition),
              let file = index[Key(country: key.country, edition: before)] else { return nil }
        if let cached = cache[file] { return cached }
        guard let format = Format(path: file) else { return nil }
        let report = try transit.read(try FileIO.read(file), format: format, file: file).report
        cache[file] = report
        cacheOrder.append(file)
        if cacheOrder.count > 64 { cache[cacheOrder.removeFirst()] = nil }
        return report
    }

    /// Reads and validates one file (`format` nil: from its extension).
    public func validate(file: String, format: Format? = nil) -> FileValidation {
        var result = FileValidation(file: file, bytes: nil, findings: [], unreadable: false)
        do throws(ReadError) {
            guard let format = format ?? Format(path: file) else {
                throw ReadError(file: file, mark: Mark(line: 1, column: 1), "unsupported file type: expected .txt, .yaml, .yml, .xml or .json")
            }
            let bytes = try FileIO.read(file)
            result.bytes = bytes
            let read = try transit.read(bytes, format: format, file: file, options: ReadOptions(footnoteWarnings: false))
            result.findings = read.diagnostics.map { d in
                var d = d
                d.rule = d.rule ?? "read"
                return d
            }
            var previous: Record?
            do throws(ReadError) { previous = try self.previous(of: read.report) } catch {
                var d = Diagnostic(.warning, file: file, mark: read.report.mark,
                                   "the previous edition cannot be read, so last year's figures and the score changes are not checked against it: \(error.diagnostics.first.map(\.description) ?? "")")
                d.rule = "read"
                result.findings.append(d)
            }
            result.findings += validator.validate(read.report, previous: previous, file: file)
        } catch {
            result.unreadable = true
            result.findings = error.diagnostics.map { d in
                var d = d
                d.rule = "read"
                return d
            }
        }
        return result
    }
}
