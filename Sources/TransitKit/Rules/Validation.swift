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

/// Report files by country and edition (from the file name where it tells them, as in
/// `kazakhstan-2021.yaml`, else from reading the file), read on demand with a small cache.
public final class ReportArchive {
    public let transit: Transit
    private var index: [Key: String] = [:]
    private var cache: [String: Record] = [:]
    private var cacheOrder: [String] = []
    /// Files that could not be indexed (said, not silently dropped).
    public private(set) var problems: [Diagnostic] = []

    public struct Key: Hashable, Sendable {
        public var country: String
        public var edition: Int
    }

    public init(transit: Transit) { self.transit = transit }

    /// Every indexed report, by country and edition.
    public var keys: [Key] { Array(index.keys) }

    public func add(_ files: [String]) {
        for file in files {
            guard let format = Format(path: file) else { continue }
            let identity = ReportIdentity(fileName: file, countries: transit.schema.countries)
            if let country = identity.country, let edition = identity.edition {
                index[Key(country: country, edition: edition)] = index[Key(country: country, edition: edition)] ?? file
                continue
            }
            do throws(ReadError) {
                let report = try transit.read(try FileIO.read(file), format: format, file: file).report
                guard let key = Self.key(of: report) else {
                    problems.append(Diagnostic(.warning, file: file, mark: Mark(line: 1, column: 1),
                                               "left out of the archive: the report names no country or edition, nor does its file name"))
                    continue
                }
                index[key] = index[key] ?? file
            } catch {
                var d = Diagnostic(.warning, file: file, mark: Mark(line: 1, column: 1),
                                   "left out of the archive, as it cannot be read: \(error.diagnostics.first?.message ?? "unreadable")")
                d.rule = "read"
                problems.append(d)
            }
        }
    }

    /// Every report file under a directory (or the file itself).
    public func add(tree root: String) {
        add(FileIO.isDirectory(root) ? FileIO.files(under: root).map { "\(root)/\($0)" } : [root])
    }

    public static func key(of report: Record) -> Key? {
        guard let country = report.text("country"), let edition = report.text("edition").flatMap({ Int($0) }) else { return nil }
        return Key(country: country, edition: edition)
    }

    /// The file of a country's edition, if indexed.
    public func file(_ key: Key) -> String? { index[key] }

    /// The report of a country's edition, if indexed; a file that cannot be read is an error.
    public func report(_ key: Key) throws(ReadError) -> Record? {
        guard let file = index[key] else { return nil }
        if let cached = cache[file] { return cached }
        guard let format = Format(path: file) else { return nil }
        let report = try transit.read(try FileIO.read(file), format: format, file: file).report
        cache[file] = report
        cacheOrder.append(file)
        if cacheOrder.count > 64 { cache[cacheOrder.removeFirst()] = nil }
        return report
    }

    /// The previous edition's report of `report`'s country, if indexed.
    public func previous(of report: Record) throws(ReadError) -> Record? {
        guard let key = Self.key(of: report), let before = transit.schema.previousEdition(key.edition) else { return nil }
        return try self.report(Key(country: key.country, edition: before))
    }
}

/// Validates report files, each against the schema's rules and, where the archive holds the
/// previous edition of the same country, against that report too.
public final class ValidationRun {
    public let transit: Transit
    private let validator: Validator
    /// Where previous editions are looked up.
    public let archive: ReportArchive

    public init(transit: Transit) {
        self.transit = transit
        self.validator = Validator(schema: transit.schema)
        self.archive = ReportArchive(transit: transit)
    }

    /// Adds files to look previous editions up in.
    public func addToArchive(_ files: [String]) { archive.add(files) }

    /// Archive files that could not be indexed.
    public var archiveProblems: [Diagnostic] { archive.problems }

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
            do throws(ReadError) { previous = try archive.previous(of: read.report) } catch {
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
