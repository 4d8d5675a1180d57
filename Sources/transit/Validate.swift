import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// `transit validate`: files, folders and sheets checked against their family's rules, findings
/// in the form a person or a CI system reads.

extension FindingFormat: ExpressibleByArgument {}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check reports against the schema's rules, reporting every finding with its location.",
        discussion: """
            Checks every input (files, or directories searched recursively for .txt, .yaml, .yml, \
            .xml and .json reports and .csv sheets of a family) against the rules of the schema (--schema, else the compiled-in \
            family): figures, rated items, bands, the changes section, footnote markers, as the \
            schema's rules say. Where the archive (--archive, and the inputs themselves) holds the \
            previous edition of a report's subject, the rules that look at the previous edition \
            run too.

            Every finding is reported, never only the first: FILE:LINE:COLUMN, severity, message \
            and rule id, in the form --format names (human, json, github, sarif, junit).

            Exit status: 0 no errors; 1 errors found (with --strict, warnings too); 2 an input \
            could not be read, or bad usage (the other inputs are still checked).
            """)

    @Argument(help: ArgumentHelp("Report files or directories.", valueName: "input"))
    var inputs: [String]

    @Option(name: .long, help: "Output form (human: FILE:LINE:COLUMN lines with the source and a caret).")
    var format: FindingFormat = .human

    @Option(name: .long, help: ArgumentHelp("A directory (or file) of other editions, for the rules that look at the previous edition; repeatable.", valueName: "dir"))
    var archive: [String] = []

    @Flag(name: .long, help: "Warnings fail too (exit status 1).")
    var strict = false

    @OptionGroup var batch: BatchOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the findings to this file instead of standard output.", valueName: "path"))
    var output: String?

    @Option(name: .long, help: "Input format, for inputs whose extension does not tell (standard input, '-'); csv: a sheet.")
    var from: InputFormat?

    @OptionGroup var color: ColorOption

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    /// A family that must agree with another (`agrees-with:`) is checked against its reports
    /// where the inputs and the archive hold them.
    static func pair(_ runs: [ValidationRun]) {
        for r in runs {
            guard let other = r.transit.schema.agreement?.family else { continue }
            r.counterpart = runs.first { $0.transit.schema.roles.family == other }?.archive
        }
    }

    /// Archive files that cannot be used, as warnings (the inputs are reported in full).
    static func archiveWarnings(_ runs: [ValidationRun], inputs: [String]) -> [FileValidation] {
        let archiveProblems = runs.flatMap(\.archiveProblems)
        let inputSet = archiveProblems.isEmpty ? [] : Set(inputs)
        return archiveProblems.filter { !inputSet.contains($0.file) }.map {
            FileValidation(file: $0.file, findings: [$0], unreadable: false)
        }
    }

    func run() throws {
        let engines = try limits.engines(schemaOption)
        let families = engines.families
        // A run per family: each file is checked, and finds its previous edition, in its own.
        // (Made when a file of the family is first seen: a run on one family's files loads no other.)
        let runStore = Locked<[Int: ValidationRun]>([:])
        @Sendable func run(_ k: Int) -> ValidationRun {
            runStore.withLock { r in
                if let existing = r[k] { return existing }
                let made = ValidationRun(transit: engines.engine(families.schema(k)), jobs: batch.threads)
                r[k] = made
                return made
            }
        }
        let from = self.from?.format, fromInput = self.from
        @Sendable func family(_ path: String) -> Int {
            families.index(of: families.family(ofFile: path, format: InputFormat.isSheet(path, from: fromInput) ? nil : (Format(path: path) ?? from))) ?? 0
        }

        let files = try BatchOptions.expand(inputs, sheets: families, from: fromInput, keepUnknown: true)
        if files.filter({ $0 == "-" }).count > 1 {
            Terminal.printError("transit: error: standard input ('-') can be read once only")
            throw ExitCode(2)
        }
        var missing: [FileValidation] = []
        // A sheet of no family is reported as such, not read as the first family's.
        var unfamiliar: [String: String] = [:]
        for f in files where f != "-" && InputFormat.isSheet(f, from: fromInput) { unfamiliar[f] = families.noSheetHeader(f) }
        for dir in archive {
            guard FileIO.exists(dir) else {
                missing.append(FileValidation(file: dir, unreadable: true, message: "the archive does not exist"))
                continue
            }
            add(Walk.paths(dir))
        }
        // Standard input is read first, so that its family is told from its bytes too.
        let stdin = files.contains("-") ? try Self.standardInput(maxBytes: engines.first.limits.maxBytes) : nil
        // Each input's family, from its first bytes, on all processors.
        let inputFamilies = families.count == 1 ? files.map { _ in 0 } : Parallel.map(count: files.count, jobs: batch.threads) { k in
            guard files[k] == "-" else { return family(files[k]) }
            return families.index(of: families.family(of: (stdin ?? [])[...], path: "-", format: fromInput == .csv ? nil : from)) ?? 0
        }
        add(files, known: inputFamilies)
        func add(_ paths: [String], known: [Int]? = nil) {
            if families.count == 1 { run(0).addToArchive(paths); return }
            let of = known ?? Parallel.map(count: paths.count, jobs: batch.threads) { family(paths[$0]) }
            for k in Set(of).sorted() { run(k).addToArchive(zip(paths, of).filter { $0.1 == k }.map(\.0)) }
        }
        // Archive files that cannot be used are said, as warnings (inputs are reported in full).
        let runs = runStore.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
        Self.pair(runs)
        let archiveWarnings = Self.archiveWarnings(runs, inputs: files)

        // Files are checked on all processors; the findings come out in input order (the
        // progress line finished before they are written).
        let inputs = files, progress = batch.progress(total: files.count)
        // Each thread takes its turn from a block of its own (the inputs cut into as many
        // blocks as threads), so a report's previous edition, just before it in the list, was
        // read by the time it is wanted, and is found in the archive's cache.
        let order = Self.interleaved(count: inputs.count, blocks: batch.threads)
        @Sendable func withOptions(_ result: FileValidation) -> FileValidation {
            var result = result
            if !result.findings.isEmpty { result.findings = result.findings.map(\.withOption) }
            return result
        }
        // One list of results, in input order (none copied: a run of 100,000 files holds 40 bytes each).
        let noFamily = unfamiliar
        let checked = Parallel.map(count: inputs.count, jobs: batch.threads, order: order, progress: progress.update) { i in
            if let why = noFamily[inputs[i]] { return FileValidation(file: inputs[i], unreadable: true, message: why) }
            return withOptions(run(inputFamilies[i]).validate(file: inputs[i], bytes: inputs[i] == "-" ? stdin : nil, format: from,
                                                sheet: InputFormat.isSheet(inputs[i], from: fromInput)))
        }
        progress.finish()
        let results = missing.isEmpty && archiveWarnings.isEmpty ? checked : (missing + archiveWarnings).map(withOptions) + checked
        KeptUntilExit.keep(runStore)
        try report(results, schemas: Set(inputFamilies + [0]).sorted().map { families.schema($0) })
    }

    /// The findings in the form asked for, to the output or standard output; the exit status.
    private func report(_ results: [FileValidation], schemas: [Schema]) throws {
        let reporter = FindingReporter(format: format, color: format == .human && output == nil && color.enabled(fd: 1),
                                       strict: strict, rules: Self.rules(of: schemas), toolVersion: TransitCommand.configuration.version)
        let text = reporter.render(results)
        if let output {
            do { try FileIO.writeAtomically(Array(text.utf8), to: output) } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
        } else {
            Terminal.output(text)
        }
        if results.contains(where: \.unreadable) { throw ExitCode(2) }
        if results.contains(where: { $0.fails(strict: strict) }) { throw ExitCode(1) }
    }
}

extension Validate {
    /// Standard input whole, or exit 2 saying why not.
    static func standardInput(maxBytes: Int) throws -> [UInt8] {
        do { return try FileIO.read("-", maxBytes: maxBytes) } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }

    /// `0..<count` cut into `blocks` contiguous blocks, taken a turn from each in order:
    /// 0, b, 2b, …, 1, b + 1, … (b the block size).
    static func interleaved(count: Int, blocks: Int) -> [Int] {
        let b = max(1, (count + max(1, blocks) - 1) / max(1, blocks))
        var out: [Int] = []
        out.reserveCapacity(count)
        for offset in 0..<b {
            var i = offset
            while i < count { out.append(i); i += b }
        }
        return out
    }

    /// The rules of the families checked, each id once (the first family's where two share one).
    static func rules(of schemas: [Schema]) -> [Rule] {
        var seen: Set<String> = [], out: [Rule] = []
        for schema in schemas { for rule in schema.rules where seen.insert(rule.id).inserted { out.append(rule) } }
        return out
    }
}

extension FileValidation {
    init(file: String, unreadable: Bool, message: String) {
        var d = Diagnostic(.error, file: file, mark: Mark(line: 1, column: 1), message)
        d.rule = "read"
        self.init(file: file, findings: [d], unreadable: unreadable)
    }
}
