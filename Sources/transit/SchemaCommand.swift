import ArgumentParser
import TransitKit

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a family's schema, or its JSON Schema or XSD export.",
        discussion: "The default family's, or --family's (nit, fiw), or the --schema file's.")

    enum Export: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case jsonSchema = "json-schema"
        case xsd
    }

    @Option(name: .long, help: "What to print: the schema itself, its JSON Schema (2020-12) or its XSD.")
    var format: Export = .yaml

    @OptionGroup var schemaOption: SchemaOption

    func run() throws {
        let schema = try schemaOption.load()
        let text: String
        switch format {
        case .yaml:
            if let path = schemaOption.schema {
                text = String(decoding: try FileIO.read(path), as: UTF8.self)
            } else {
                text = Schema.compiledInText(of: schema) ?? Schema.standardText
            }
        case .jsonSchema: text = SchemaExport.jsonSchema(schema)
        case .xsd: text = SchemaExport.xsd(schema)
        }
        try FileIO.writeAtomically(Array(text.utf8), to: "-")
    }
}
