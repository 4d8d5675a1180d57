import Testing
@testable import TransitKit

/// The reports in Samples/: each survives every round trip, and its YAML, XML and JSON forms are
/// what transit writes today (regenerate with `make samples`).
struct SamplesTests {
    static let samples: [String] = FileIO.files(under: Support.root + "/Samples").filter { $0.hasSuffix(".txt") }

    @Test func thereAreAtLeastEightSamples() {
        #expect(Self.samples.count >= 8)
    }

    @Test(arguments: samples)
    func roundTripsByteForByte(_ name: String) throws {
        let path = Support.root + "/Samples/" + name
        let bytes = try Support.read(path)
        let rt = try Support.roundTrip(bytes, file: path, options: ReadOptions(fileName: path))
        #expect(rt.text == bytes)
    }

    @Test(arguments: samples)
    func convertedFormsAreUpToDate(_ name: String) throws {
        let path = Support.root + "/Samples/" + name
        let report = try Support.transit.read(try Support.read(path), format: .text, file: path, options: ReadOptions(fileName: path)).report
        for format in [Format.yaml, .xml, .json] {
            let committed = Support.root + "/Samples/" + name.dropLast(3) + format.fileExtension
            let expected = try Support.transit.write(report, format: format)
            #expect(FileIO.exists(committed), "missing \(committed): run `make samples`")
            if FileIO.exists(committed) {
                #expect(try Support.read(committed) == expected, "\(committed) is stale: run `make samples`")
                // And the committed file reads back into the same report.
                #expect(try Support.transit.read(try Support.read(committed), format: format, file: committed).report == report)
            }
        }
    }

    @Test(arguments: samples)
    func xmlIsValidUnderTheExportedXSD(_ name: String) throws {
        let xsdPath = Support.root + "/Schemas/transit.xsd"
        let validator = try XMLSchemaValidator(xsd: try Support.read(xsdPath), file: xsdPath)
        let path = Support.root + "/Samples/" + name
        let report = try Support.transit.read(try Support.read(path), format: .text, file: path, options: ReadOptions(fileName: path)).report
        let xml = try Support.transit.write(report, format: .xml)
        #expect(validator.validate(xml, file: name) == [])
    }
}

/// The schema's exports are committed and must match what `transit schema` generates.
struct ExportTests {
    @Test func jsonSchemaIsCurrent() throws {
        let committed = String(decoding: try Support.read(Support.root + "/Schemas/transit.schema.json"), as: UTF8.self)
        let stale = committed != SchemaExport.jsonSchema(.standard)
        #expect(!stale, "Schemas/transit.schema.json is stale: run `make exports`")
    }

    @Test func xsdIsCurrent() throws {
        let committed = String(decoding: try Support.read(Support.root + "/Schemas/transit.xsd"), as: UTF8.self)
        let stale = committed != SchemaExport.xsd(.standard)
        #expect(!stale, "Schemas/transit.xsd is stale: run `make exports`")
    }

    @Test func compiledInSchemaIsTheFileInSchemas() throws {
        #expect(try Support.read(Support.root + "/Schemas/transit.schema.yaml") == Array(Schema.standardText.utf8))
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
        let validator = try XMLSchemaValidator(xsd: Array(SchemaExport.xsd(.standard).utf8), file: "transit.xsd")
        let bad = #"<?xml version="1.0"?><report xmlns="urn:transit:report:1"><democracy-score>high</democracy-score></report>"#
        let problems = validator.validate(Array(bad.utf8), file: "bad.xml")
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("democracy-score") == true)
        #expect(problems.first?.mark == Mark(line: 1, column: 0))
    }
}
