import Foundation
import Testing

/// `transit convert` end to end: formats, directories, standard streams, and bad input.
struct ConvertTests {
    let sample = CLI.root + "/Samples/kyrgyzstan-2022.txt"

    @Test func convertsASampleToEachFormatAsCommitted() throws {
        for ext in ["yaml", "xml", "json"] {
            let r = try CLI.run(["convert", sample, "--to", ext])
            #expect(r.status == 0, "\(r.stderr)")
            let committed = try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Samples/kyrgyzstan-2022." + ext))
            #expect(r.stdoutBytes == committed)
        }
    }

    @Test func theFormatComesFromTheOutputExtension() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", sample, "-o", dir + "/out.json"])
        #expect(r.status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/out.json"))
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Samples/kyrgyzstan-2022.json"))))
    }

    @Test func readsStandardInputWithFrom() throws {
        let yaml = try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Samples/kyrgyzstan-2022.yaml"))
        let r = try CLI.run(["convert", "-", "--from", "yaml", "--to", "text"], stdin: yaml)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: sample))))
    }

    @Test func convertsADirectoryTreeKeepingRelativePaths() throws {
        let dir = try CLI.scratch()
        let src = dir + "/archive"
        try FileManager.default.createDirectory(atPath: src + "/2022", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: sample, toPath: src + "/2022/kyrgyzstan-2022.txt")
        try FileManager.default.copyItem(atPath: CLI.root + "/Samples/estonia-2022.txt", toPath: src + "/estonia-2022.txt")
        try Data("not a report".utf8).write(to: URL(fileURLWithPath: src + "/README.md"))
        let r = try CLI.run(["convert", src, "-o", dir + "/out", "--to", "xml"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir + "/out").sorted()
        #expect(files == ["2022", "2022/kyrgyzstan-2022.xml", "estonia-2022.xml"])
    }

    @Test func countryAndEditionComeFromOptionsThenTheFileName() throws {
        let dir = try CLI.scratch()
        let page = try String(contentsOfFile: CLI.root + "/Samples/estonia-2022.txt", encoding: .utf8)
        try page.write(toFile: dir + "/page.txt", atomically: true, encoding: .utf8)
        let named = try CLI.run(["convert", dir + "/page.txt", "--to", "json", "--country", "Latvia", "--edition", "2021"])
        #expect(named.stdout.contains("\"country\": \"Latvia\""))
        #expect(named.stdout.contains("\"edition\": 2021"))
        // Without options, the footer ("On Estonia") names the country; nothing names the edition.
        let bare = try CLI.run(["convert", dir + "/page.txt", "--to", "json"])
        #expect(bare.status == 0)
        #expect(bare.stdout.contains("\"country\": \"Estonia\""))
        #expect(!bare.stdout.contains("\"edition\""))
        #expect(CLI.relative(bare.stderr, dir) == "page.txt:1:1: warning: no edition: the page does not name one; name the file COUNTRY-EDITION.txt, or give the edition\n")
    }

    @Test func malformedInputOfEachFormatIsLocated() throws {
        for (name, expected) in [
            ("bad-syntax.yaml", "bad-syntax.yaml:3:9: error: mapping values are not allowed in this context\n"),
            ("bad-syntax.xml", "bad-syntax.xml:4:33: error: malformed XML: Opening and ending tag mismatch: democracy-score line 4 and report\n"),
            ("bad-syntax.json", "bad-syntax.json:3:19: error: malformed JSON: expected ',' or '}' (found '\"')\n"),
        ] {
            let r = try CLI.run(["convert", name, "--to", "text"], in: CLI.root + "/Tests/transitTests/Inputs")
            #expect(r.status == 2, "\(name)")
            #expect(r.stderr == expected, "\(name)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func unknownFieldsAndWrongTypesAreAllReported() throws {
        let r = try CLI.run(["convert", "bad-fields.yaml", "--to", "json"], in: CLI.root + "/Tests/transitTests/Inputs")
        #expect(r.status == 2)
        #expect(r.stderr == (try CLI.expected("bad-fields.yaml.stderr")))
        let j = try CLI.run(["convert", "bad-fields.json", "--to", "yaml"], in: CLI.root + "/Tests/transitTests/Inputs")
        #expect(j.status == 2)
        #expect(j.stderr == (try CLI.expected("bad-fields.json.stderr")))
        let x = try CLI.run(["convert", "bad-fields.xml", "--to", "yaml"], in: CLI.root + "/Tests/transitTests/Inputs")
        #expect(x.status == 2)
        #expect(x.stderr == (try CLI.expected("bad-fields.xml.stderr")))
    }

    @Test func unreadableAndUnsupportedFilesExitTwo() throws {
        let dir = try CLI.scratch()
        let missing = try CLI.run(["convert", dir + "/nope.txt"])
        #expect(missing.status == 2)
        #expect(CLI.relative(missing.stderr, dir) == "nope.txt:1:1: error: cannot read: No such file or directory\n")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/report.pdf"))
        let pdf = try CLI.run(["convert", dir + "/report.pdf"])
        #expect(pdf.status == 2)
        #expect(CLI.relative(pdf.stderr, dir) == "report.pdf:1:1: error: unsupported file type: transit reads reports (.txt, .yaml, .yml, .xml, .json) and sheets (.csv, .xlsx) (or say --from)\n")
        try FileManager.default.createDirectory(atPath: dir + "/folder.txt", withIntermediateDirectories: true)
        let folder = try CLI.run(["convert", dir + "/folder.txt"])
        #expect(folder.status == 2)
        #expect(folder.stderr == "transit: error: several inputs or a directory need -o DIRECTORY\n")
        let into = try CLI.run(["convert", dir + "/folder.txt", "-o", dir + "/out/"])
        #expect(into.status == 2)
        #expect(CLI.relative(into.stderr, dir) == "folder.txt: error: nothing to read in this directory: it is empty\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func aFailureLeavesNoPartialFileAndTheOldOutputIntact() throws {
        let dir = try CLI.scratch()
        try Data("previous".utf8).write(to: URL(fileURLWithPath: dir + "/out.yaml"))
        let r = try CLI.run(["convert", CLI.input("bad-syntax.json"), "-o", dir + "/out.yaml"])
        #expect(r.status == 2)
        #expect(try String(contentsOfFile: dir + "/out.yaml", encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.yaml"])
    }

    @Test func refusesToWriteOverItsInput() throws {
        let dir = try CLI.scratch()
        try FileManager.default.copyItem(atPath: CLI.root + "/Samples/estonia-2022.yaml", toPath: dir + "/e.yaml")
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/e.yaml"))
        let r = try CLI.run(["convert", dir + "/e.yaml", "-o", dir + "/e.yaml"])
        #expect(r.status == 2)
        #expect(CLI.relative(r.stderr, dir) == "e.yaml:1:1: error: refusing to write over the input\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/e.yaml")) == before)
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["convert", CLI.input("bad-syntax.json"), sample, "-o", dir, "--to", "yaml"])
        #expect(r.status == 2)
        #expect(FileManager.default.fileExists(atPath: dir + "/kyrgyzstan-2022.yaml"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad-syntax.yaml"))
    }
}

/// `transit schema`: the schema and its committed exports.
struct SchemaCommandTests {
    @Test(arguments: [("yaml", "nit.schema.yaml", "nit"), ("json-schema", "nit.schema.json", "nit"), ("xsd", "nit.xsd", "nit"),
                      ("yaml", "fiw.schema.yaml", "fiw"), ("json-schema", "fiw.schema.json", "fiw"), ("xsd", "fiw.xsd", "fiw"),
                      ("yaml", "fotn.schema.yaml", "fotn"), ("json-schema", "fotn.schema.json", "fotn"), ("xsd", "fotn.xsd", "fotn"),
                      ("reference", "../docs/schema-reference.md", "nit"), ("reference-json-schema", "schema-file.schema.json", "nit")])
    func printsTheCommittedExport(_ format: String, _ file: String, _ family: String) throws {
        let r = try CLI.run(["schema", "--format", format, "--family", family])
        #expect(r.status == 0)
        let same = r.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: CLI.root + "/Schemas/" + file)))
        #expect(same, "Schemas/\(file) differs from `transit schema --format \(format)`: run `make exports`")
    }

    /// The JSON Schema for schema files, read by an outside validator (Python's jsonschema, as
    /// the YAML language server reads it): every schema file of the project validates, and a
    /// misspelt key, an unknown section and a key of the wrong kind each fail it.
    @Test func everySchemaFileValidatesAgainstTheSchemaOfSchemaFiles() throws {
        guard Python.has("jsonschema"), Python.has("yaml") else {
            if Python.inCI { Issue.record("python3 with jsonschema and PyYAML is needed in CI: make test-deps") }
            return
        }
        let files = ["Schemas/nit.schema.yaml", "Schemas/fiw.schema.yaml", "Schemas/fotn.schema.yaml", "Tests/Families/coastal/coastal.schema.yaml", "Tests/Families/scorecard/scorecard.schema.yaml"]
        let r = try Python.run(["Tests/consumers/check_json_schema.py", "Schemas/schema-file.schema.json"] + files)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
        let dir = try CLI.scratch()
        let coastal = try String(contentsOfFile: CLI.root + "/Tests/Families/coastal/coastal.schema.yaml", encoding: .utf8)
        let broken = [
            ("misspelt", coastal.replacingOccurrences(of: "  bullet: \"- \"", with: "  bulet: \"- \""), "layout: Additional properties are not allowed ('bulet' was unexpected)"),
            ("section", coastal + "\nlayouts: {}\n", ": Additional properties are not allowed ('layouts' was unexpected)"),
            ("kind", coastal.replacingOccurrences(of: "    gap: 1", with: "    gap: [1]").replacingOccurrences(of: "    bullets: notes", with: "    bullets: notes\n    gap: [1]"), "layout/items/gap: [1] is not of type 'integer', 'string'"),
        ]
        for (name, text, expected) in broken {
            try text.write(toFile: "\(dir)/\(name).yaml", atomically: true, encoding: .utf8)
            let b = try Python.run(["Tests/consumers/check_json_schema.py", "Schemas/schema-file.schema.json", "\(dir)/\(name).yaml"])
            #expect(b.status == 1 && b.stdout.contains(expected), "\(name): \(b.stdout)\(b.stderr)")
        }
    }

    @Test func aBrokenSchemaFileIsReportedWithPositions() throws {
        let r = try CLI.run(["schema", "--schema", "broken.schema.yaml"], in: CLI.root + "/Tests/transitTests/Inputs")
        #expect(r.status == 2)
        #expect(r.stderr == (try CLI.expected("broken.schema.yaml.stderr")))
    }
}
