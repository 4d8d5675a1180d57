import Testing
@testable import TransitKit

/// The reports in Samples/: each survives every round trip, and its YAML, XML and JSON forms are
/// what transit writes today (regenerate with `make samples`).
struct SamplesTests {
    /// Nations in Transit's samples (Samples/), Freedom in the World's (Samples-FIW/) and Freedom
    /// on the Net's (Samples-FOTN/), as paths from the package root.
    static let samples: [String] = ["Samples", "Samples-FIW", "Samples-FOTN"].flatMap { dir in
        FileIO.files(under: Support.root + "/" + dir).filter { $0.hasSuffix(".txt") }.map { dir + "/" + $0 }
    }

    /// The engine of a sample's family (told by the page itself).
    static func engine(_ path: String) -> Transit {
        Transit(schema: Families.standard.family(ofFile: path, format: .text))
    }

    @Test func thereAreAtLeastEightSamplesOfEachFamily() {
        #expect(Self.samples.filter { $0.hasPrefix("Samples/") }.count >= 8)
        #expect(Self.samples.filter { $0.hasPrefix("Samples-FIW/") }.count >= 6)
        #expect(Self.samples.filter { $0.hasPrefix("Samples-FIW/") }.allSatisfy { Self.engine(Support.root + "/" + $0).schema.name == "fiw-report" })
        #expect(Self.samples.filter { $0.hasPrefix("Samples-FOTN/") }.count >= 6)
        #expect(Self.samples.filter { $0.hasPrefix("Samples-FOTN/") }.allSatisfy { Self.engine(Support.root + "/" + $0).schema.name == "fotn-report" })
    }

    @Test(arguments: samples)
    func roundTripsByteForByte(_ name: String) throws {
        let path = Support.root + "/" + name
        let bytes = try Support.read(path)
        let transit = Self.engine(path)
        let report = try transit.read(bytes, format: .text, file: path, options: ReadOptions(fileName: path)).report
        var current = report
        for format in [Format.yaml, .xml, .json] {
            current = try transit.read(try transit.write(current, format: format), format: format, file: "rt").report
            #expect(current == report, "\(format) changed the model of \(name)")
        }
        #expect(try transit.write(current, format: .text) == bytes)
    }

    @Test(arguments: samples)
    func convertedFormsAreUpToDate(_ name: String) throws {
        let path = Support.root + "/" + name
        let transit = Self.engine(path)
        let report = try transit.read(try Support.read(path), format: .text, file: path, options: ReadOptions(fileName: path)).report
        for format in [Format.yaml, .xml, .json] {
            let committed = Support.root + "/" + name.dropLast(3) + format.fileExtension
            let expected = try transit.write(report, format: format)
            #expect(FileIO.exists(committed), "missing \(committed): run `make samples`")
            if FileIO.exists(committed) {
                #expect(try Support.read(committed) == expected, "\(committed) is stale: run `make samples`")
                // And the committed file reads back into the same report.
                #expect(try transit.read(try Support.read(committed), format: format, file: committed).report == report)
            }
        }
    }

    @Test(arguments: samples)
    func xmlIsValidUnderTheExportedXSD(_ name: String) throws {
        let path = Support.root + "/" + name
        let transit = Self.engine(path)
        let xsdPath = Support.root + "/" + transit.schema.file.dropLast(".schema.yaml".count) + ".xsd"
        let validator = try XMLSchemaValidator(xsd: try Support.read(xsdPath), file: xsdPath)
        let report = try transit.read(try Support.read(path), format: .text, file: path, options: ReadOptions(fileName: path)).report
        let xml = try transit.write(report, format: .xml)
        #expect(validator.validate(xml, file: name) == [])
    }
}

/// The schema's exports are committed and must match what `transit schema` generates.
struct ExportTests {
    @Test func jsonSchemaIsCurrent() throws {
        let committed = String(decoding: try Support.read(Support.root + "/Schemas/nit.schema.json"), as: UTF8.self)
        let stale = committed != SchemaExport.jsonSchema(.standard)
        #expect(!stale, "Schemas/nit.schema.json is stale: run `make exports`")
    }

    @Test func xsdIsCurrent() throws {
        let committed = String(decoding: try Support.read(Support.root + "/Schemas/nit.xsd"), as: UTF8.self)
        let stale = committed != SchemaExport.xsd(.standard)
        #expect(!stale, "Schemas/nit.xsd is stale: run `make exports`")
    }

    @Test func compiledInSchemaIsTheFileInSchemas() throws {
        #expect(try Support.read(Support.root + "/Schemas/nit.schema.yaml") == Array(Schema.standardText.utf8))
        for schema in Families.standard.schemas {
            #expect(try Support.read(Support.root + "/" + schema.file) == Array(Schema.compiledInText(of: schema)!.utf8))
        }
    }

    /// Every compiled-in family's exports are committed beside its schema, and current.
    @Test func everyFamilysExportsAreCurrent() throws {
        for schema in Families.standard.schemas {
            let stem = String(schema.file.dropLast(".schema.yaml".count))
            #expect(String(decoding: try Support.read(Support.root + "/" + stem + ".schema.json"), as: UTF8.self) == SchemaExport.jsonSchema(schema), "\(stem).schema.json is stale: run `make exports`")
            #expect(String(decoding: try Support.read(Support.root + "/" + stem + ".xsd"), as: UTF8.self) == SchemaExport.xsd(schema), "\(stem).xsd is stale: run `make exports`")
        }
    }

    @Test func theSecondFamilysXMLIsValidUnderItsXSD() throws {
        let fiw = Families.standard.schemas[1]
        let validator = try XMLSchemaValidator(xsd: Array(SchemaExport.xsd(fiw).utf8), file: "fiw.xsd")
        let path = Support.root + "/Tests/transitTests/Inputs/fiw/peru-2024.xml"
        #expect(validator.validate(try Support.read(path), file: path) == [])
        let bad = try Support.read(path).replacing(Array("score=\"4\"".utf8), with: Array("score=\"5\"".utf8))
        #expect(validator.validate(bad, file: path).count >= 1)
    }

    @Test func anInvalidDocumentFailsTheXSD() throws {
        let validator = try XMLSchemaValidator(xsd: Array(SchemaExport.xsd(.standard).utf8), file: "nit.xsd")
        let bad = #"<?xml version="1.0"?><report xmlns="urn:transit:report:1"><democracy-score>high</democracy-score></report>"#
        let problems = validator.validate(Array(bad.utf8), file: "bad.xml")
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("democracy-score") == true)
        #expect(problems.first?.mark == Mark(line: 1, column: 0))
    }
}
