import ArgumentParser
import TransitKit

/// `transit previous`: where the archive holds a report's previous edition.

struct Previous: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "previous",
        abstract: "Print the file of REPORT's previous edition in an archive.",
        discussion: """
            The previous edition is the edition before REPORT's in the schema's list, of the same \
            subject, found in the archive's files (directories are searched recursively) by their \
            names or, where a name does not tell, their content. For scripts: `transit changes \
            "$(transit previous new.txt --archive reports/)" new.txt`.

            Exit status: 0 printed; 1 the archive has no file of the previous edition (a sheet's \
            row is no file: nothing is printed); 2 REPORT could not be read.
            """)

    @Argument(help: "The report whose previous edition to find.")
    var report: String

    @Option(name: .long, help: ArgumentHelp("Where the other editions are (files or directories).", valueName: "path"))
    var archive: [String] = ["."]

    @Option(name: .long, help: "Format of REPORT where its extension does not tell.")
    var from: Format?

    @OptionGroup var schemaOption: SchemaOption

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let transit = try Terminal.sameFamily([report], try limits.engines(schemaOption), from: from)
        let read = try Terminal.readReports([report], transit, from: from)[0]
        let files = archive.flatMap(Walk.paths)
        // Of the previous edition's copies, the one in REPORT's own format where there is one.
        guard let file = ReportArchive(transit: transit, files: files).previousFile(of: read, preferring: Format(path: report) ?? from) else { throw ExitCode(1) }
        Terminal.output(file + "\n")
    }
}
