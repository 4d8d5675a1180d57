import Testing
@testable import TransitKit

/// Which family a file is, from the file alone: XML by its namespace, YAML and JSON by the
/// family's marker, page text by its figure lines, a sheet by its header.
struct FamiliesTests {
    let families = Families.standard
    var fiw: Schema { families.schemas[1] }

    func family(_ text: String, _ path: String) -> String {
        families.family(of: Array(text.utf8)[...], path: path, format: Format(path: path)).name
    }

    @Test func theCompiledInFamiliesAreTheThreeSchemas() {
        #expect(families.schemas.map(\.name) == ["transit-report", "fiw-report", "fotn-report", "fiw-ratings"])
        #expect(families.named("fotn")?.name == "fotn-report" && families.named("freedom on the net")?.name == "fotn-report")
        #expect(families.first === Schema.standard)
        #expect(families.named("fiw") === fiw && families.named("FIW") === fiw && families.named("freedom in the world") === fiw)
        #expect(families.named("nit") === families.first && families.named("nations in transit") === families.first)
        #expect(families.named("transit-report") === families.first && families.named("xyz") == nil)
    }

    /// The namespace of an XML file's root element, past its declaration, comments,
    /// processing instructions and doctype, in either quotes; nil where there is none.
    @Test(arguments: [
        (#"<?xml version="1.0"?><report xmlns="urn:a" x="1">"#, "urn:a"),
        ("<report xmlns='urn:b'>", "urn:b"),
        (#"<!-- a <comment> with xmlns="urn:no" --><?pi x?><!DOCTYPE r><r xmlns="urn:c"/>"#, "urn:c"),
        (#"<r a="1" xmlns="">"#, ""),
        ("<r>", nil),
        (#"<r xmlns=urn:d>"#, nil),
        (#"<r xmlns="urn:e"#, nil),
        (#"<!-- never closed <r xmlns="urn:f">"#, nil),
        (#"<r xmlns="urn:é">"#, "urn:é"),
    ] as [(String, String?)])
    func theXMLNamespaceIsTheRootElements(_ text: String, _ namespace: String?) {
        #expect(FamilyScan.xmlNamespace(Array(text.utf8)[...]) == namespace)
    }

    @Test func yamlAndJSONByTheMarker() {
        #expect(family("family: Freedom in the World\ncountry: Peru\n", "a.yaml") == "fiw-report")
        #expect(family("# a comment\ncountry: Peru\nfamily: 'Freedom in the World'  # here\n", "a.yml") == "fiw-report")
        #expect(family("country: Estonia\nedition: 2022\n", "a.yaml") == "transit-report")
        // A nested key of the same name is not the marker.
        #expect(family("notes:\n  family: Freedom in the World\n", "a.yaml") == "transit-report")
        #expect(family(#"{"country": "Peru", "family": "Freedom in the World"}"#, "a.json") == "fiw-report")
        #expect(family(#"{"a": {"family": "Freedom in the World"}, "b": [1, "}"], "family": "Freedom in the World"}"#, "a.json") == "fiw-report")
        #expect(family(#"{"a": {"family": "Freedom in the World"}}"#, "a.json") == "transit-report")
        #expect(family(#"{"country": "Estonia"}"#, "a.json") == "transit-report")
        #expect(family("[1, 2]", "a.json") == "transit-report")
    }

    @Test func xmlByTheRootNamespace() {
        #expect(family("<?xml version=\"1.0\"?>\n<!-- x -->\n<report xmlns=\"urn:transit:fiw:1\" country=\"Peru\"/>", "a.xml") == "fiw-report")
        #expect(family("<report xmlns='urn:transit:report:1'/>", "a.xml") == "transit-report")
        #expect(family("<report/>", "a.xml") == "transit-report")
    }

    @Test func pageTextByItsFigureLines() {
        #expect(family("Consolidated Democracy\nDEMOCRACY-SCORE Democracy Score 5.00 7\n", "a.txt") == "transit-report")
        #expect(fiw.pageKeywords.isEmpty || family("Not Free\nPR Political Rights 5 40\n", "a.txt") == "fiw-report")
        #expect(family("anything else\n", "a.txt") == "transit-report")
    }

    @Test func aSheetByItsHeader() {
        #expect(family("Country/Territory,Region,C/T,Edition,Status\r\nPeru,Americas,c,2024,F\r\n", "s.csv") == "fiw-report")
        #expect(family("country,edition,status\n", "s.csv") == "transit-report")
    }

    @Test func oneFamilyIsAlwaysThatFamily() {
        let one = Families([fiw])
        #expect(one.family(of: Array("country: Estonia\n".utf8)[...], path: "a.yaml", format: .yaml) === fiw)
    }

    /// The default family's files never load the other families; a file of another does.
    @Test func theOtherFamiliesLoadOnlyWhenAFileIsTheirs() {
        let lazy = Families(first: .standard, lazy: Array(Families.compiledIn.dropFirst()))
        for (text, path) in [("country: Estonia\nedition: 2022\n", "a.yaml"), (#"{"country": "Estonia"}"#, "a.json"),
                             ("<report xmlns='urn:transit:report:1'/>", "a.xml"), ("DEMOCRACY-SCORE Democracy Score 5.00 7\n", "a.txt"),
                             ("country,edition,status\n", "s.csv")] {
            #expect(lazy.family(of: Array(text.utf8)[...], path: path, format: Format(path: path)) === Schema.standard, "\(path)")
        }
        #expect(lazy.loadedCount == 1)
        #expect(lazy.family(of: Array("family: Freedom in the World\n".utf8)[...], path: "b.yaml", format: .yaml).name == "fiw-report")
        #expect(lazy.loadedCount == 2)
    }
}

/// What a file's path says: its format by extension, its country and edition by name or folder.
/// Every file of an archive is asked this before any is read.
struct FileNameTests {
    @Test(arguments: [
        ("reports/kazakhstan-2021.txt", "Kazakhstan", 2021), ("kazakhstan-2021-draft.txt", "Kazakhstan", 2021),
        ("kazakhstan_2021.yaml", "Kazakhstan", 2021), ("north-macedonia-2019.json", "North Macedonia", 2019),
        ("2021/kazakhstan.txt", "Kazakhstan", 2021), ("nit-2021/kazakhstan.json", "Kazakhstan", 2021),
        ("kazakhstan/2021.txt", "Kazakhstan", 2021), ("Bosnia_and_Herzegovina-2020.json", "Bosnia and Herzegovina", 2020),
        ("archive/czech-republic-2005.yml", "Czech Republic", 2005), ("czechia 2010.xml", "Czech Republic", 2010),
        ("macedonia.2015.txt", "North Macedonia", 2015), ("é/kazakhstan-2021.txt", "Kazakhstan", 2021),
        ("kazakhstan-2021-ü.txt", "Kazakhstan", 2021), ("KAZAKHSTAN-2021.TXT", "Kazakhstan", 2021),
    ] as [(String, String, Int)])
    func aPathNamesItsReport(_ path: String, _ subject: String, _ edition: Int) {
        let identity = ReportIdentity(fileName: path, subjects: Schema.standard.subjects, editions: Schema.standard.editions)
        #expect(identity.subject == subject, "\(path)")
        #expect(identity.edition == edition, "\(path)")
    }

    @Test(arguments: ["notes.txt", "data/2021.json", "kazakhstan.txt", "-", "", "kazakhstan-1021.txt", "kazakhstan-20211.txt",
                      "2021kazakhstan.txt", "kazakhstan-٢٠٢١.txt", "kazakhstan-+202.txt"])
    func aPathThatNamesNoWholeReport(_ path: String) {
        let identity = ReportIdentity(fileName: path, subjects: Schema.standard.subjects, editions: Schema.standard.editions)
        #expect(identity.subject == nil || identity.edition == nil, "\(path)")
    }

    @Test func theFolderSaysWhatTheNameDoesNot() {
        let identity = ReportIdentity(fileName: "2021/kazakhstan.txt", subjects: Schema.standard.subjects, editions: Schema.standard.editions)
        #expect(identity.subjectSource == "the file name")
        #expect(identity.editionSource == "the folder '2021'")
    }

    /// An archive's names are read on several threads when it is large: the index is the one
    /// a single thread makes, the first file of a report (in the order given) the one looked up.
    @Test func anArchiveNamedOnSeveralThreadsIsIndexedAsOnOne() throws {
        let schema = Schema.standard
        var files: [String] = []
        for subject in schema.subjects!.values {
            for edition in schema.editions {
                files.append("a/\(subject.lowercased().split(separator: " ").joined(separator: "-"))-\(edition).xml")
            }
        }
        // Copies of a report in later files, and a first one that is not first alphabetically.
        files += ["b/kazakhstan-2021.json", "c/kazakhstan-2021.txt"]
        files.insert("z/ukraine-2020.yaml", at: 0)
        try #require(files.count > 256)
        func index(jobs: Int) -> [ReportArchive.Key: String] {
            let archive = ReportArchive(transit: Transit(schema: schema))
            archive.add(files, jobs: jobs)
            #expect(archive.problems.isEmpty, "every file is named by its path: none is read")
            return Dictionary(uniqueKeysWithValues: archive.keys.map { ($0, archive.file($0)!) })
        }
        let one = index(jobs: 1), two = index(jobs: 2)
        #expect(one.count == schema.subjects!.values.count * schema.editions.count)
        #expect(one.count == two.count)
        #expect(one.keys.filter { two[$0] != one[$0] }.count == 0, "reports indexed under another file on two threads")
        #expect(two[ReportArchive.Key(subject: "Kazakhstan", edition: 2021)] == "a/kazakhstan-2021.xml")
        #expect(two[ReportArchive.Key(subject: "Ukraine", edition: 2020)] == "z/ukraine-2020.yaml")
    }

    @Test(arguments: [("a.txt", Format.text), ("a.TEXT", .text), ("dir.d/a.yaml", .yaml), ("a.YML", .yaml), ("a.Xml", .xml),
                      ("a.json", .json), (".json", .json), ("x.json/a.xml", .xml)] as [(String, Format)])
    func anExtensionSaysTheFormat(_ path: String, _ format: Format) {
        #expect(Format(path: path) == format, "\(path)")
    }

    @Test(arguments: ["a", "a.", "a.csv", "a.jsonl", "x.json/a", "a.txt.bak", "a.ｔｘｔ", "a.tx", "a.jsn", "dir.xml/"])
    func noFormatWithoutAKnownExtension(_ path: String) {
        #expect(Format(path: path) == nil, "\(path)")
    }
}
