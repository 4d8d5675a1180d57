import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// `transit convert`: files and folders between page text, YAML, XML and JSON, byte for byte.

extension Format: ExpressibleByArgument {}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert reports between page text, YAML, XML and JSON, losslessly.",
        discussion: """
            The input format comes from the file extension (.txt, .yaml/.yml, .xml, .json) unless \
            --from says; '-' is standard input or output. A directory input converts the whole tree \
            into -o DIR, keeping relative paths and changing extensions. Output goes to a temporary \
            file first and is renamed into place, so a failure never leaves a partial file; transit \
            refuses to write over its own input.

            The subject (the country) and edition, where the page text does not state them, come \
            from --country and --edition, else from the file name (kazakhstan-2021.txt), else \
            from the page's footer or the heading of its changes section.

            Exit status: 0 converted; 2 some input could not be read or written (the others are \
            still converted).
            """)

    @Argument(help: ArgumentHelp("Report files or directories ('-' for standard input).", valueName: "input"))
    var inputs: [String]

    @Option(name: .long, help: "Output format; without it, from -o's extension, else yaml.")
    var to: Format?

    @Option(name: .long, help: "Input format, for inputs whose extension does not tell (standard input, '-').")
    var from: InputFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or directory for several inputs ('-' for standard output, the default for one input).", valueName: "path"))
    var output: String?

    @Option(name: .long, help: "The country, where the page text does not name it.")
    var country: String?

    @Option(name: .long, help: "The edition (year), where the page text does not name it.")
    var edition: String?

    @OptionGroup var batch: BatchOptions

    @Flag(name: .long, help: "Restate reports printed on the inverted scale on the current one (the schema's scale transform).")
    var toCurrentScale = false

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let engines = try limits.engines(schemaOption)
        let inputs = self.inputs.map(FileIO.trimmingTrailingSlashes)
        let output = self.output.map(FileIO.trimmingTrailingSlashes)
        // Reports into a sheet: the table of them, in the sheet's shape.
        if let output, Transit.isSheet(output) {
            let table = try Table.parse(inputs + ["-o", output, "--max-bytes", String(limits.maxBytes), "--max-depth", String(limits.maxDepth)]
                                        + (schemaOption.schema.map { ["--schema", $0] } ?? []) + (schemaOption.family.map { ["--family", $0] } ?? []) + (from.map { ["--from", $0.rawValue] } ?? [])
                                        + (batch.jobs.map { ["--jobs", String($0)] } ?? []) + (batch.quiet ? ["--quiet"] : [])
                                        + (toCurrentScale ? ["--to-current-scale"] : []))
            try table.run()
            return
        }
        // A sheet into reports: a file per row.
        if inputs.contains(where: { InputFormat.isSheet($0, from: from) }) {
            try convertSheets(inputs, into: output, engines: engines)
            return
        }
        // A directory: one that exists, or one named with a trailing slash (made), or the
        // destination of several inputs or of a directory.
        let many = inputs.count > 1 || inputs.contains { FileIO.isDirectory($0) }
        let intoDirectory = output.map { $0 != "-" && (FileIO.isDirectory($0) || self.output?.hasSuffix("/") == true) } ?? false
        let target = try targetFormat(output: output, intoDirectory: intoDirectory, many: many)

        // Work out (input, output) pairs.
        var jobs = ConvertJobs(target: target)
        if many {
            guard let dir = output, dir != "-" else {
                Terminal.printError("transit: error: several inputs or a directory need -o DIRECTORY")
                throw ExitCode(2)
            }
            if FileIO.exists(dir) && !FileIO.isDirectory(dir) {
                Terminal.printError("\(dir): error: -o must be a directory for several inputs or a directory input")
                throw ExitCode(2)
            }
            var empty = false
            for input in inputs {
                if FileIO.isDirectory(input) {
                    let from = self.from, all = Walk.files(under: input), before = jobs.count
                    jobs.add(directory: input, into: dir, relative: all.lazy.filter { from != nil || Format(path: $0) != nil })
                    // A directory with nothing to read is said, never a clean result.
                    if jobs.count == before {
                        BatchOptions.nothingToRead(in: input, files: all.count, sheets: false)
                        empty = true
                    }
                } else {
                    jobs.add(file: input, output: "\(dir)/\(Self.replaceExtension(FileIO.baseName(of: input), with: target))")
                }
            }
            if empty { throw ExitCode(2) }
        } else if intoDirectory, let dir = output {
            // One input into a directory (made when the file is written): the file goes inside it.
            let name = inputs[0] == "-" ? "report" : FileIO.baseName(of: inputs[0])
            jobs.add(file: inputs[0], output: "\(dir)/\(Self.replaceExtension(name, with: target))")
        } else {
            jobs.add(file: inputs[0], output: output ?? "-")
        }
        try Self.refuseCollisions(count: jobs.count, input: jobs.input, output: jobs.output)

        try run(jobs, target: target, engines: engines)
    }

    /// The output format: `--to`, else the output file's extension, else YAML (into a directory).
    private func targetFormat(output: String?, intoDirectory: Bool, many: Bool) throws -> Format {
        if let to { return to }
        guard let output, output != "-", !intoDirectory, !many else { return .yaml }
        guard let format = Format(path: output) else {
            Terminal.printError("\(output): error: cannot tell the output format from the file name: use --to text, yaml, xml or json, or an extension .txt, .yaml, .yml, .xml or .json")
            throw ExitCode(2)
        }
        return format
    }

    /// Converts every job, on all processors; what each reports is printed in input order.
    private func run(_ jobs: ConvertJobs, target: Format, engines: Engines) throws {
        // A run that was killed left its temporary files: they go before this run writes.
        var directories: Set<String> = []
        for k in 0..<jobs.count {
            let out = jobs.output(k)
            if out != "-" { directories.insert(FileIO.directoryName(out)) }
        }
        for dir in directories {
            let removed = FileIO.removeUnfinished(in: dir)
            if removed > 0 && !batch.quiet { Terminal.printError("\(dir): note: removed \(removed) unfinished file\(removed == 1 ? "" : "s") of an interrupted run") }
        }
        let work = jobs
        let progress = batch.progress(total: work.count)
        // A chunk at a time: what each file says is reported in input order as its chunk ends,
        // and the memory of a batch does not grow with its number of files.
        var said: [[Diagnostic]] = []
        var failed = false
        let quiet = batch.quiet
        Parallel.forEach(count: work.count, jobs: batch.threads, progress: progress.update, { k -> ([Diagnostic], Bool) in
            do throws(ReadError) {
                return (try convert(work.input(k), to: work.output(k), format: target, engines: engines), false)
            } catch {
                return (error.diagnostics, true)
            }
        }, consume: { _, outcome in
            if (outcome.1 || !quiet) && !outcome.0.isEmpty { said.append(outcome.0) }
            failed = failed || outcome.1
        })
        progress.finish()
        for diagnostics in said { Terminal.report(diagnostics) }
        if failed { throw ExitCode(2) }
    }

    /// Each row of each sheet as a report file `<subject>-<edition>.<ext>` in the output directory.
    private func convertSheets(_ inputs: [String], into output: String?, engines: Engines) throws {
        guard inputs.allSatisfy({ InputFormat.isSheet($0, from: from) }) else {
            Terminal.printError("transit: error: a sheet (.csv) is converted on its own, not with other reports")
            throw ExitCode(2)
        }
        guard let dir = output, dir != "-", !(FileIO.exists(dir) && !FileIO.isDirectory(dir)) else {
            Terminal.printError("transit: error: a sheet's rows become a file each: say the directory with -o DIRECTORY")
            throw ExitCode(2)
        }
        for input in inputs where input != "-" {
            if let why = engines.families.noSheetHeader(input) {
                Terminal.printError("\(input):1:1: error: \(why)")
                throw ExitCode(2)
            }
        }
        let target = to ?? .yaml
        var jobs: [(input: String, output: String)] = [], reports: [Record] = [], sources: [String] = [], writers: [Transit] = []
        for input in inputs {
            let name = FileIO.displayName(input)
            let transit = engines.engine(forFile: input, format: nil)
            do throws(ReadError) {
                let read = try transit.readSheet(try FileIO.read(input, maxBytes: transit.limits.maxBytes), file: name)
                if !batch.quiet { Terminal.report(read.diagnostics) }
                for report in read.reports {
                    let r = toCurrentScale ? try transit.schema.restated(report, file: name) : report
                    guard let id = transit.schema.roles.identity(of: r) else {
                        throw ReadError(file: name, mark: r.mark, "the row names no \(transit.schema.roles.subject.label.lowercased()) or no \(transit.schema.roles.edition.label.lowercased()), so it has no file name")
                    }
                    jobs.append(("\(input):\(r.mark.line)", FileIO.join(dir, "\(Self.slug(id.subject))-\(id.edition).\(target.fileExtension)")))
                    reports.append(r)
                    sources.append(name)
                    writers.append(transit)
                }
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
        }
        try Self.refuseCollisions(count: jobs.count, input: { jobs[$0].input }, output: { jobs[$0].output })
        try? FileIO.makeDirectories(dir)
        let removed = FileIO.removeUnfinished(in: dir)
        if removed > 0 && !batch.quiet { Terminal.printError("\(dir): note: removed \(removed) unfinished file\(removed == 1 ? "" : "s") of an interrupted run") }
        let work = jobs, rows = reports, names = sources, engineOf = writers
        let progress = batch.progress(total: work.count)
        let outcomes = Parallel.map(count: work.count, jobs: batch.threads, progress: progress.update) { k -> [Diagnostic] in
            do throws(ReadError) {
                try FileIO.writeAtomically(try engineOf[k].write(rows[k], format: target, file: work[k].output, source: names[k]), to: work[k].output)
                return []
            } catch {
                return error.diagnostics
            }
        }
        progress.finish()
        let failures = outcomes.filter { !$0.isEmpty }
        for d in failures { Terminal.report(d) }
        if !failures.isEmpty { throw ExitCode(2) }
    }

    /// A name as a file name: lower case, words joined by `-`, apostrophes dropped
    /// (`Cote d'Ivoire` → `cote-divoire`).
    static func slug(_ name: String) -> String {
        var out = "", dash = false
        for c in name.lowercased() {
            if c == "'" || c == "’" { continue }
            if c.isLetter || c.isNumber {
                if dash && !out.isEmpty { out.append("-") }
                out.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    /// Converts one file; returns the reader's warnings.
    private func convert(_ input: String, to output: String, format target: Format, engines: Engines) throws(ReadError) -> [Diagnostic] {
        let source = try Format.of(input, else: from?.format)
        if output != "-" && input != "-" && (output == input || FileIO.sameFile(input, output)) {
            throw ReadError(file: output, mark: Mark(line: 1, column: 1), "refusing to write over the input")
        }
        let bytes = try FileIO.read(input, maxBytes: engines.first.limits.maxBytes)
        let transit = engines.engine(for: bytes, path: input, format: source)
        let name = FileIO.displayName(input)
        let result = try transit.read(bytes, format: source, file: name,
                                      options: ReadOptions(country: country, edition: edition, fileName: input == "-" ? nil : input))
        let report = toCurrentScale ? try transit.schema.restated(result.report, file: name) : result.report
        let out = try transit.write(report, format: target, file: output, source: name)
        if output != "-" { try FileIO.makeDirectories(FileIO.directoryName(output)) }
        try FileIO.writeAtomically(out, to: output)
        return result.diagnostics
    }

    /// Two inputs that would be written to one output, or an output that is another input,
    /// stop the run before anything is written: which one would win is not for transit to pick.
    /// The jobs' paths are spelled one at a time and kept by hash (the index of the job that has
    /// it), compared in full where a hash matches: a batch's paths are never all held at once.
    static func refuseCollisions(count: Int, input: (Int) -> String, output: (Int) -> String) throws {
        /// Paths by hash, each to the first job that has it; a second path of the same hash (which
        /// 64 bits make all but impossible) goes by its text.
        struct PathIndex {
            var byHash: [Int: Int32] = [:]
            var byText: [String: Int32] = [:]
            /// The job already holding `path`, or nil after recording `k` as holding it.
            mutating func first(_ path: String, _ k: Int, _ spell: (Int) -> String) -> Int? {
                let h = path.hashValue
                guard let j = byHash[h] else { byHash[h] = Int32(k); return nil }
                if spell(Int(j)) == path { return Int(j) }
                if let other = byText[path] { return Int(other) }
                byText[path] = Int32(k)
                return nil
            }
            func holder(of path: String, _ spell: (Int) -> String) -> Int? {
                if let j = byHash[path.hashValue], spell(Int(j)) == path { return Int(j) }
                return byText[path].map(Int.init)
            }
        }
        var outputs = PathIndex(), inputs = PathIndex()
        var inputFiles: Set<FileIO.FileIdentity> = []
        for k in 0..<count {
            let path = input(k)
            _ = inputs.first(path, k, input)
            if let id = FileIO.identity(path) { inputFiles.insert(id) }
        }
        var problems: [String] = []
        for k in 0..<count {
            let out = output(k)
            guard out != "-" else { continue }
            let into = input(k)
            if let other = outputs.first(out, k, output) {
                problems.append("\(out): error: both \(input(other)) and \(into) would be written here; convert them separately or into different directories")
            }
            if out != into, inputs.holder(of: out, input) != nil || FileIO.identity(out).map({ inputFiles.contains($0) && !FileIO.sameFile(into, out) }) == true {
                problems.append("\(out): error: converting \(into) would overwrite this input; write into another directory")
            }
        }
        if !problems.isEmpty {
            for p in problems { Terminal.printError(p) }
            Terminal.printError("transit: error: nothing written")
            throw ExitCode(2)
        }
    }

    static func replaceExtension(_ path: String, with format: Format) -> String {
        let base = FileIO.baseName(of: path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "\(path).\(format.fileExtension)" }
        let stem = path.dropLast(base.distance(from: dot, to: base.endIndex))
        return "\(stem).\(format.fileExtension)"
    }
}
