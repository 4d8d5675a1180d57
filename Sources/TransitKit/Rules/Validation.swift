
/// The outcome of validating one file: its findings (the reader's warnings, then the rules'),
/// and whether it could be read at all.
public struct FileValidation: Sendable {
    /// The file validated, as named to the run.
    public var file: String
    /// The lines the findings point at, by number (to show them; the rest of the file is not
    /// kept, so validating an archive holds one report at a time per thread).
    public var sourceLines: [Int: String]
    /// The findings: the reader's, then the rules' (each with its rule id and position).
    public var findings: [Diagnostic]
    /// The file could not be read (missing, malformed, wrong types): its findings say why.
    public var unreadable: Bool

    /// An outcome with the given findings.
    public init(file: String, sourceLines: [Int: String] = [:], findings: [Diagnostic], unreadable: Bool) {
        self.file = file
        self.sourceLines = sourceLines
        self.findings = findings
        self.unreadable = unreadable
    }

    /// How many findings are errors.
    public var errorCount: Int { findings.count { $0.severity == .error } }
    /// How many findings are warnings.
    public var warningCount: Int { findings.count { $0.severity == .warning } }

    /// Whether the file fails: an error, or with `strict` a warning too.
    public func fails(strict: Bool) -> Bool {
        unreadable || findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// Report files by country and edition (from the file name where it tells them, as in
/// `kazakhstan-2021.yaml`, else from reading the file), read on demand with a small cache.
public final class ReportArchive: @unchecked Sendable {
    // `add` runs before the lookups; the cache is guarded for threads validating in parallel.
    /// The engine the archive's files are read with.
    public let transit: Transit
    private var index: [Key: String] = [:]
    /// The rows of all-data sheets in the archive: short reports, held whole (a sheet is read once).
    private var sheetRows: [Key: Record] = [:]
    /// The sheet each of `sheetRows` came from.
    private var sheetFiles: [Key: String] = [:]
    private let cache = Locked<(reports: [String: Record], order: [String])>(([:], []))
    /// Sheets read whole for the archive, kept until their own validation takes them (an input
    /// that is a sheet is in the archive too, and is read once).
    private let sheetReads = Locked<[String: SheetRead]>([:])
    /// The other files of a report that more than one file holds (`index` has the first).
    private var copies: [Key: [String]] = [:]
    /// Whether a report's copies agree: nil where they do, else what tells them apart.
    private let verdicts = Locked<[Key: String?]>([:])
    /// Files that could not be indexed (said, not silently dropped).
    public private(set) var problems: [Diagnostic] = []
    /// How many of the reports read last the cache holds.
    public let cacheCapacity: Int

    /// A report's place in the archive: its subject and edition (the schema's roles).
    public struct Key: Hashable, Sendable {
        /// The report's subject.
        public var subject: String
        /// The report's edition.
        public var edition: Int
    }

    /// An archive of the given files (more may be added before the first lookup), read on
    /// `jobs` threads, keeping the `cacheCapacity` reports read last.
    public init(transit: Transit, files: [String] = [], jobs: Int = 1, cacheCapacity: Int = 64) {
        self.transit = transit
        self.cacheCapacity = cacheCapacity
        if !files.isEmpty { add(files, jobs: jobs) }
    }

    /// The reports of one edition (each subject's), or with no edition each subject's latest,
    /// by subject.
    public func latest(edition: Int?) throws(ReadError) -> [Record] {
        var best: [String: Key] = [:]
        for key in keys where edition == nil || key.edition == edition {
            if let b = best[key.subject], b.edition >= key.edition { continue }
            best[key.subject] = key
        }
        var out: [Record] = []
        for key in best.values.sorted(by: { $0.subject < $1.subject }) {
            if let report = try report(key) { out.append(report) }
        }
        return out
    }

    /// Every indexed report, by subject and edition (files and sheets' rows).
    public var keys: [Key] { Array(Set(index.keys).union(sheetRows.keys)) }

    /// Indexes `files` (by name where the name tells subject and edition, else by reading them), on `jobs` threads;
    /// files that are neither a report nor a sheet of the family are left out and said in ``problems``.
    public func add(_ files: [String], jobs: Int = 1) {
        // What each file's name says, on `jobs` threads where there are enough names to pay for
        // them (a name takes a few microseconds to read, and an archive is named before any of
        // its files is checked); the index is then filled in the files' order.
        let subjects = transit.schema.subjects, editions = transit.schema.editions
        // (nil: a sheet, whose rows are indexed instead.)
        let identities = Parallel.map(count: files.count, jobs: files.count < 256 ? 1 : jobs) { k in
            Transit.isSheet(files[k]) || (Format(path: files[k]) == nil && Transit.opensAsWorkbook(files[k])) ? nil
                : ReportIdentity(fileName: files[k], subjects: subjects, editions: editions)
        }
        for (file, identity) in zip(files, identities) {
            guard let identity else {
                addSheet(file)
                continue
            }
            guard let format = Format(path: file) else { continue }
            if let country = identity.subject, let edition = identity.edition {
                index(Key(subject: country, edition: edition), file)
                continue
            }
            // A file whose name names no country nor edition may be anything (a configuration
            // file, notes): it joins the archive if it reads as a report, and is said as a note
            // (never a failure, even with --strict) if it does not.
            let reportNamed = identity.subject != nil || identity.edition != nil
            do throws(ReadError) {
                let report = try transit.read(try FileIO.read(file, maxBytes: transit.limits.maxBytes), format: format, file: file).report
                guard let key = Self.key(of: report, transit.schema) else {
                    problems.append(Diagnostic(reportNamed ? .warning : .note, file: file, mark: Mark(line: 1, column: 1),
                                               "left out of the archive: the report names no country or edition, nor does its file name"))
                    continue
                }
                index(key, file)
            } catch {
                var d = Diagnostic(reportNamed ? .warning : .note, file: file, mark: Mark(line: 1, column: 1),
                                   "left out of the archive, as it cannot be read: \(error.diagnostics.first?.message ?? "unreadable")")
                d.rule = "read"
                problems.append(d)
            }
        }
    }

    /// The first file of a report is the one looked up; later ones are its copies.
    private func index(_ key: Key, _ file: String) {
        if index[key] == nil { index[key] = file } else { copies[key, default: []].append(file) }
    }

    /// Where the archive holds a report in more than one file and the copies differ: which
    /// files, and the first value where they do. Nil where there is one file, or the copies are
    /// the same report (in any formats: transit's conversions keep every value). A copy that
    /// cannot be read is no difference (it is said where it is read).
    private func conflict(_ key: Key, first report: Record) -> String? {
        guard let others = copies[key], let first = index[key] else { return nil }
        if let verdict = verdicts.withLock({ $0[key] }) { return verdict }
        var verdict: String?
        for other in others {
            guard let format = Format(path: other),
                  let copy = try? transit.read(try FileIO.read(other, maxBytes: transit.limits.maxBytes), format: format, file: other).report,
                  let d = Self.difference(report, copy, at: "") else { continue }
            verdict = "\(FileIO.displayName(first)) and \(FileIO.displayName(other)) are both \(key.subject) \(key.edition) but differ at \(d.pointer): \(d.a) and \(d.b)"
            break
        }
        verdicts.withLock { $0[key] = verdict }
        return verdict
    }

    /// The first value where two records differ (JSON Pointer, and each side as it reads), or nil.
    static func difference(_ a: Record, _ b: Record, at pointer: String) -> (pointer: String, a: String, b: String)? {
        for (i, field) in a.type.fields.enumerated() where i < b.fields.count {
            if let d = difference(a.fields[i], b.fields[i], at: pointer + "/" + JSONPointer.escape(field.key)) { return d }
        }
        return nil
    }

    private static func difference(_ a: Value?, _ b: Value?, at pointer: String) -> (pointer: String, a: String, b: String)? {
        switch (a, b) {
        case (nil, nil): return nil
        case (.scalar(let x, _)?, .scalar(let y, _)?): return x == y ? nil : (pointer, x, y)
        case (.record(let x)?, .record(let y)?): return difference(x, y, at: pointer)
        case (.list(let x, _)?, .list(let y, _)?):
            for k in 0..<max(x.count, y.count) {
                if let d = difference(k < x.count ? x[k] : nil, k < y.count ? y[k] : nil, at: pointer + "/\(k)") { return d }
            }
            return nil
        default:
            func show(_ v: Value?) -> String { v.map { $0.text ?? ($0.record != nil ? "a record" : "a list") } ?? "none" }
            return (pointer, show(a), show(b))
        }
    }

    /// The read of a sheet the archive holds, taken once (its validation reads no file).
    func takeSheetRead(_ path: String) -> SheetRead? {
        sheetReads.withLock { $0.removeValue(forKey: path) }
    }

    /// A sheet's rows, each a report of its subject and edition (a report file of the same key
    /// comes first: it is the fuller one).
    private func addSheet(_ file: String) {
        do throws(ReadError) {
            let read = try transit.readSheet(try FileIO.read(file, maxBytes: transit.limits.maxBytes), file: FileIO.displayName(file))
            for r in read.reports {
                if let key = Self.key(of: r, transit.schema), sheetRows[key] == nil {
                    sheetRows[key] = r
                    sheetFiles[key] = FileIO.displayName(file)
                }
            }
            sheetReads.withLock { $0[file] = read }
        } catch {
            var d = Diagnostic(.warning, file: file, mark: Mark(line: 1, column: 1),
                               "left out of the archive, as it cannot be read: \(error.diagnostics.first?.message ?? "unreadable")")
            d.rule = "read"
            problems.append(d)
        }
    }

    /// Every report file under a directory (or the file itself).
    public func add(tree root: String) {
        add(FileIO.isDirectory(root) ? FileIO.files(under: root).map { FileIO.join(root, $0) } : [root])
    }

    /// Where `report` belongs in an archive of `schema`'s family (nil: it names no subject or edition).
    public static func key(of report: Record, _ schema: Schema) -> Key? {
        schema.roles.identity(of: report).map { Key(subject: $0.subject, edition: $0.edition) }
    }

    /// The file of a country's edition, if indexed.
    public func file(_ key: Key) -> String? { index[key] }

    /// The file or sheet a subject's edition was read from.
    public func file(of key: Key) -> String? { index[key] ?? sheetFiles[key] }

    /// The report of a subject's edition, if indexed. A file that cannot be read is an error,
    /// and so are copies of the report in several files that differ (rule `archive`): every
    /// command that looks editions up (validate, diff, trends) refuses to pick one.
    public func report(_ key: Key) throws(ReadError) -> Record? {
        guard let file = index[key] else { return sheetRows[key] }
        let report: Record
        if let cached = cache.withLock({ $0.reports[file] }) {
            report = cached
        } else {
            guard let format = Format(path: file) else { return nil }
            report = try transit.read(try FileIO.read(file, maxBytes: transit.limits.maxBytes), format: format, file: file).report
            keep(report, file: file)
        }
        if let conflict = conflict(key, first: report) {
            var d = Diagnostic(.error, file: FileIO.displayName(file), mark: Mark(line: 1, column: 1), conflict)
            d.rule = "archive"
            throw ReadError([d])
        }
        return report
    }

    /// Keeps a report just read from `path` (by a validation run), when it is the archive's
    /// copy of its subject and edition: the next edition's check finds it here instead of
    /// reading the file again.
    public func remember(_ report: Record, file path: String) {
        guard let key = Self.key(of: report, transit.schema), index[key] == path else { return }
        keep(report, file: path)
    }

    /// The cache holds the `cacheCapacity` reports read last.
    /// A report dropped from the cache is freed after the lock is let go: freeing a report is
    /// a walk of all its values, and the other threads wait on this lock for their previous
    /// editions.
    private func keep(_ report: Record, file: String) {
        let dropped: (Record?, Record?) = cache.withLock { c in
            let replaced = c.reports.updateValue(report, forKey: file)
            if replaced == nil { c.order.append(file) }
            let evicted = c.order.count > cacheCapacity ? c.reports.removeValue(forKey: c.order.removeFirst()) : nil
            return (replaced, evicted)
        }
        _ = dropped
    }

    /// The previous edition's report of `report`'s country, if indexed.
    /// The file holding the previous edition of `report`'s subject, if one is indexed.
    /// Of several copies, the one in `format` where there is one.
    public func previousFile(of report: Record, preferring format: Format? = nil) -> String? {
        guard let key = Self.key(of: report, transit.schema), let before = transit.schema.previousEdition(key.edition) else { return nil }
        let k = Key(subject: key.subject, edition: before)
        guard let first = index[k] else { return nil }
        let all = [first] + (copies[k] ?? [])
        return all.first { format != nil && Format(path: $0) == format } ?? first
    }

    /// The report of the same subject in the edition before `report`'s, if the archive holds it.
    public func previous(of report: Record) throws(ReadError) -> Record? {
        guard let key = Self.key(of: report, transit.schema), let before = transit.schema.previousEdition(key.edition) else { return nil }
        return try self.report(Key(subject: key.subject, edition: before))
    }
}

/// Validates report files, each against the schema's rules and, where the archive holds the
/// previous edition of the same country, against that report too.
public final class ValidationRun: @unchecked Sendable {
    // Immutable once the archive is added; `validate` may run on many threads.
    /// The engine the files are read with.
    public let transit: Transit
    private let validator: Validator
    /// Where previous editions are looked up.
    public let archive: ReportArchive
    /// The threads files are validated on: a sheet's rows, and the archive's cache, which
    /// holds a few reports a thread.
    public let jobs: Int

    /// Each thread checks a block of the inputs in order, so the previous edition a report
    /// wants is mostly the one its thread read just before: four reports a thread (eight at
    /// least) find it. A larger cache held reports nobody asked for again, and the memory
    /// their freeing gave back had gone cold: 64 reports on two threads took a third more
    /// memory and 5% more processor time than 8.
    static func cacheCapacity(jobs: Int) -> Int { max(8, 4 * jobs) }

    /// A run of `transit`'s schema, on `jobs` threads (`nil`: one a processor).
    public init(transit: Transit, jobs: Int? = nil) {
        let jobs = jobs ?? Parallel.processors
        self.transit = transit
        self.jobs = jobs
        self.validator = Validator(schema: transit.schema)
        self.archive = ReportArchive(transit: transit, cacheCapacity: Self.cacheCapacity(jobs: jobs))
    }

    /// Adds files to look previous editions up in.
    public func addToArchive(_ files: [String]) { archive.add(files, jobs: jobs) }

    /// The archive of the family this one must agree with (`agrees-with:`), where the inputs
    /// and the archive hold reports of it; set before any file is validated.
    public var counterpart: ReportArchive?

    /// What a report gives otherwise than its counterpart of the other family.
    private func disagreements(_ report: Record, file: String) -> [Diagnostic] {
        guard let agreement = transit.schema.agreement, let counterpart, let key = ReportArchive.key(of: report, transit.schema),
              let other = try? counterpart.report(ReportArchive.Key(subject: key.subject, edition: key.edition)) else { return [] }
        return agreement.differences(report, other, subject: key.subject, file: file, otherFile: counterpart.file(of: key) ?? agreement.family,
                                     compare: transit.schema.compare)
    }

    /// The text of the lines the findings mark (a workbook's cells are no lines) of a file,
    /// without line endings, by line number.
    static func lines(of findings: [Diagnostic], in bytes: [UInt8]) -> [Int: String] {
        let wanted = Set(findings.filter(\.mark.isTextLine).map(\.mark.line))
        guard let last = wanted.max() else { return [:] }
        // A file that is not text (a NUL byte, or not UTF-8: a workbook, a PDF) has no line to quote.
        if bytes.contains(0) || UTF8Check.firstInvalid(bytes) != nil { return [:] }
        var out: [Int: String] = [:]
        var line = 1, start = 0, k = 0
        while k <= bytes.count && line <= last {
            if k == bytes.count || bytes[k] == 0x0A || bytes[k] == 0x0D {
                if wanted.contains(line) { out[line] = String(decoding: bytes[start..<k], as: UTF8.self) }
                if k < bytes.count && bytes[k] == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A { k += 1 }
                line += 1
                start = k + 1
            }
            k += 1
        }
        return out
    }

    /// Archive files that could not be indexed.
    public var archiveProblems: [Diagnostic] { archive.problems }

    /// Reads and validates one file, in the format its extension says, else `format`.
    public func validate(file path: String, format: Format? = nil) -> FileValidation {
        validate(file: path, bytes: nil, format: format)
    }

    /// Validates `bytes` as the contents of `path` (read already: standard input, whose family
    /// was told from them), or the file itself when nil.
    /// `sheet`: read it as a sheet whatever its name (a `.csv` always is).
    public func validate(file path: String, bytes given: [UInt8]?, format: Format? = nil, sheet: Bool = false) -> FileValidation {
        let file = FileIO.displayName(path)
        var result = FileValidation(file: file, findings: [], unreadable: false)
        var source: [UInt8] = []
        do throws(ReadError) {
            if given == nil, sheet || Transit.isSheet(path), let read = archive.takeSheetRead(path) {
                result.findings = validateSheet(read, file: file)
                // The sheet's text is read again only to quote the lines of its findings.
                if result.findings.contains(where: \.mark.isTextLine) { source = (try? FileIO.read(path, maxBytes: transit.limits.maxBytes)) ?? [] }
                result.sourceLines = Self.lines(of: result.findings, in: source)
                return result
            }
            let bytes: [UInt8]
            if let given { bytes = given } else { bytes = try FileIO.read(path, maxBytes: transit.limits.maxBytes) }
            source = bytes
            if sheet || Transit.isSheet(path) {
                result.findings = validateSheet(try transit.readSheet(bytes, file: file), file: file)
                result.sourceLines = Self.lines(of: result.findings, in: source)
                return result
            }
            let format = try Format.of(path, else: format)
            let read = try transit.read(bytes, format: format, file: file, options: ReadOptions(footnoteWarnings: false))
            // The readers' notes (where the identity came from) are no findings.
            result.findings = read.diagnostics.filter { $0.severity != .note }.map { d in
                var d = d
                d.rule = d.rule ?? "read"
                return d
            }
            archive.remember(read.report, file: path)
            let (previous, why) = previousEdition(of: read.report, file: file)
            if let why { result.findings.append(why) }
            result.findings += validator.validate(read.report, previous: previous, file: file) + disagreements(read.report, file: file)
        } catch {
            result.unreadable = true
            result.findings = error.diagnostics.map { d in
                var d = d
                d.rule = "read"
                return d
            }
        }
        result.sourceLines = Self.lines(of: result.findings, in: source)
        return result
    }

    /// The previous edition of `report` in the archive, or the finding that says why the rules
    /// that compare with it do not run: its copies differ (an error: the archive is not one
    /// report), or it cannot be read (a warning).
    private func previousEdition(of report: Record, file: String) -> (Record?, Diagnostic?) {
        do throws(ReadError) {
            return (try archive.previous(of: report), nil)
        } catch {
            let cause = error.diagnostics.first
            let differ = cause?.rule == "archive"
            var d = Diagnostic(differ ? .error : .warning, file: file, mark: report.mark,
                               (differ ? "the archive holds copies of the previous edition that differ" : "the previous edition cannot be read")
                                   + ", so the rules that compare with it are not run: "
                                   + (differ ? cause?.message ?? "" : cause?.description ?? ""))
            d.rule = differ ? "archive" : "read"
            return (nil, d)
        }
    }

    /// Every row of an all-data sheet against the rules; a row's previous edition is the row of
    /// the same subject and the edition before, in the sheet or else in the archive.
    private func validateSheet(_ read: SheetRead, file: String) -> [Diagnostic] {
        let reports = read.reports
        let findings = read.diagnostics.filter { $0.severity != .note }.map { d in
            var d = d
            d.rule = d.rule ?? "read"
            return d
        }
        var rows: [ReportArchive.Key: Record] = [:]
        for r in reports { if let key = ReportArchive.key(of: r, transit.schema), rows[key] == nil { rows[key] = r } }
        // The rows on all processors; the findings in row order.
        let byRow = Parallel.map(count: reports.count, jobs: jobs) { [rows, transit, validator, self] k -> [Diagnostic] in
            let report = reports[k]
            var previous: Record?
            if let key = ReportArchive.key(of: report, transit.schema), let before = transit.schema.previousEdition(key.edition) {
                previous = rows[ReportArchive.Key(subject: key.subject, edition: before)]
            }
            var said: [Diagnostic] = []
            if previous == nil {
                let (p, why) = self.previousEdition(of: report, file: file)
                previous = p
                if let why { said.append(why) }
            }
            return read.located(said + validator.validate(report, previous: previous, file: file) + disagreements(report, file: file), row: k)
        }
        return findings + byRow.flatMap { $0 }
    }
}
