import ArgumentParser
import TransitKit

#if canImport(Glibc)
import Glibc
#endif

/// `transit diff`: two reports, or two editions of an archive, compared.

struct Diff: ParsableCommand {
    enum Form: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, patch, csv }

    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two reports on the model: figures, rated items, bands and narrative.",
        discussion: """
            OLD and NEW may be in any formats. What is compared, and how items are paired, is the \
            schema's compare: section: rated items by their key, paragraphs by \
            content (moved and changed paragraphs are told apart, changes shown word by word), \
            numbers by value (1.5 = 1.50); renumbered footnotes alone are no change, nor is how \
            a page was laid out.

            --format text (default), markdown (a table of figure changes, then the narrative, for \
            a pull request), json (an object with a "changes" array), patch (an RFC 6902 JSON \
            Patch that turns OLD's JSON form into NEW's).

            Archive-wide: `transit diff --archive DIR --from E1 --to E2`, or two directories \
            (`transit diff DIR1 DIR2`), gives one row per subject: the headline figure old → new, \
            the difference, the band change and the items that moved, largest change first \
            (text, markdown, csv or json).

            Exit status, as diff's: 0 no differences; 1 differences; 2 an input could not be read.
            """)

    @Argument(help: "The older report (or directory).")
    var old: String?

    @Argument(help: "The newer report (or directory).")
    var new: String?

    @Option(name: .long, help: "Output form: patch is for two reports, csv for archives.")
    var format: Form = .text

    @Option(name: .long, help: ArgumentHelp("An archive to compare two of its editions across all countries.", valueName: "dir"))
    var archive: String?

    @Option(name: .customLong("from"), help: ArgumentHelp("With --archive: the older edition. Otherwise the format of OLD and NEW (text, yaml, xml or json), when their extensions do not tell (needed for standard input, '-').", valueName: "edition|format"))
    var fromValue: String?

    var fromEdition: Int? { fromValue.flatMap(Transit.editionYear) }

    @Option(name: .customLong("to"), help: ArgumentHelp("With --archive: the newer edition (a year, or a label as published: 1989-90).", valueName: "edition"))
    var toValue: String?

    var toEdition: Int? { toValue.flatMap(Transit.editionYear) }

    @Flag(name: .long, help: "Restate reports printed on the inverted scale on the current one before comparing.")
    var toCurrentScale = false

    @OptionGroup var color: ColorOption

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let engines = try limits.engines(schemaOption)
        if archive != nil || (old.map(FileIO.isDirectory) ?? false) {
            return try archiveDiff(engines)
        }
        guard let old, let new else {
            Terminal.printError("transit: error: give OLD and NEW reports, two directories, or --archive DIR --from E1 --to E2")
            throw ExitCode(2)
        }
        if format == .csv {
            Terminal.printError("transit: error: --format csv is for archive-wide comparisons")
            throw ExitCode(2)
        }
        var inputFormat: Format?
        if let fromValue {
            guard let f = Format(rawValue: fromValue) else {
                Terminal.printError("transit: error: --from for two reports is their format: text, yaml, xml or json (an edition goes with --archive)")
                throw ExitCode(2)
            }
            inputFormat = f
        }
        let transit = try Terminal.sameFamily([old, new], engines, from: inputFormat)
        var reports = try Terminal.readReports([old, new], transit, from: inputFormat)
        let roles = transit.schema.roles
        if let a = reports[0].text(at: roles.subject.path), let b = reports[1].text(at: roles.subject.path), a != b {
            Terminal.printError("\(FileIO.displayName(new)): warning: OLD is a report on \(a) and NEW on \(b)")
        }
        var restate = toCurrentScale
        if !toCurrentScale, format != .patch, let scale = roles.scale, let a = reports[0].text(at: scale.path), let b = reports[1].text(at: scale.path), a != b {
            // Figures of two scales are never subtracted: both are restated on the current one.
            // (A patch turns OLD's JSON into NEW's as they are, and compares nothing.)
            Terminal.printError("\(FileIO.displayName(new)): warning: OLD is printed on the \(a) scale and NEW on the \(b) one: both are compared restated on the current scale")
            restate = true
        }
        if restate { reports = [try transit.schema.restated(reports[0], file: FileIO.displayName(old)), try transit.schema.restated(reports[1], file: FileIO.displayName(new))] }
        let diff = ReportDiff(old: reports[0], new: reports[1], schema: transit.schema)
        let colour = format == .text && color.enabled(fd: 1)
        let text = switch format {
        case .text: DiffReport.text(diff, old: old, new: new, colour: colour)
        case .markdown: DiffReport.markdown(diff, old: old, new: new)
        case .json: DiffReport.json(diff)
        case .patch: JSONPatch.patch(from: reports[0], to: reports[1])
        case .csv: ""
        }
        Terminal.output(text)
        if !diff.changes.isEmpty { throw ExitCode(1) }
    }

    /// One row per subject between two editions of an archive, or two directories; an archive
    /// that holds several families gives one comparison per family.
    private func archiveDiff(_ engines: Engines) throws {
        var sides: [[String]] = []
        var editions: [Int?] = [nil, nil]
        if let archive {
            guard let a = fromEdition, let b = toEdition, old == nil, new == nil else {
                Terminal.printError("transit: error: --archive needs --from EDITION and --to EDITION (and no other inputs)")
                throw ExitCode(2)
            }
            // A directory of reports, or one all-data sheet (.csv, .xlsx) holding every edition.
            let sheet = !FileIO.isDirectory(archive) && Transit.isSheet(archive) && FileIO.exists(archive)
            guard sheet || FileIO.isDirectory(archive) else {
                Terminal.printError("\(archive): error: the archive is not a directory, nor a sheet (.csv, .xlsx)")
                throw ExitCode(2)
            }
            let files = Walk.paths(archive)
            sides = [files, files]
            editions = [a, b]
        } else {
            guard let old, let new, FileIO.isDirectory(new) else {
                Terminal.printError("transit: error: compare two directories, or give --archive DIR --from E1 --to E2")
                throw ExitCode(2)
            }
            sides = [Walk.files(under: old).map { FileIO.join(old, $0) }, Walk.files(under: new).map { FileIO.join(new, $0) }]
        }
        if format == .patch {
            Terminal.printError("transit: error: --format patch compares two reports, not archives")
            throw ExitCode(2)
        }
        let groups = Terminal.byFamily(sides[0] + sides[1], engines)
        var diffs: [(Transit, ArchiveDiff)] = []
        for (transit, files) in groups {
            let mine = Set(files)
            var reports = [try latest(transit, sides[0].filter(mine.contains), edition: editions[0]),
                           try latest(transit, sides[1].filter(mine.contains), edition: editions[1])]
            if let archive, let (edition, _) = zip(editions, reports).first(where: { $0.1.isEmpty }) {
                // A family of a mixed archive without the edition is left out, and said; an
                // archive of one family (or none that has both editions) is an error.
                if groups.count > 1 {
                    Terminal.printError("\(archive): note: the archive has no \(transit.schema.roles.family) report of the \(edition!) edition; that family is left out")
                    continue
                }
                Terminal.printError("\(archive): error: the archive has no report of the \(edition!) edition")
                throw ExitCode(2)
            }
            if toCurrentScale {
                let name = archive ?? ""
                reports = try reports.map { side throws(ReadError) in try side.map { r throws(ReadError) in try transit.schema.restated(r, file: name) } }
            }
            diffs.append((transit, ArchiveDiff(old: reports[0], new: reports[1], schema: transit.schema)))
        }
        if diffs.isEmpty, let archive {
            Terminal.printError("\(archive): error: no family of the archive has reports of both editions")
            throw ExitCode(2)
        }
        let several = diffs.count > 1
        if several, format == .csv {
            Terminal.printError("transit: error: the archive holds reports of \(diffs.count) families, and a CSV holds one: say which with --family")
            throw ExitCode(2)
        }
        var text: String
        switch format {
        case .text: text = diffs.map { (several ? "\($0.0.schema.roles.family)\n\n" : "") + $0.1.text }.joined(separator: "\n")
        case .markdown: text = diffs.map { (several ? "# \($0.0.schema.roles.family)\n\n" : "") + $0.1.markdown }.joined(separator: "\n")
        case .csv: text = diffs.first?.1.csv ?? ""
        case .json:
            if several {
                text = JSONValue.object(diffs.map { JSONMember($0.0.schema.roles.family, $0.1.jsonValue) }).serialized()
            } else {
                text = diffs.first?.1.json ?? "[]\n"
            }
        case .patch: text = ""
        }
        Terminal.output(text)
        if diffs.contains(where: { $0.1.rows.contains(where: \.changed) }) { throw ExitCode(1) }
    }

    /// The reports among some files: of one edition, or each subject's latest.
    private func latest(_ transit: Transit, _ files: [String], edition: Int?) throws -> [Record] {
        let index = ReportArchive(transit: transit, files: files)
        Terminal.report(index.problems)
        do throws(ReadError) { return try index.latest(edition: edition) } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
    }
}
