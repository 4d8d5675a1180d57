import ArgumentParser
import TransitKit

/// `transit schema`: a family's schema file, its exports (JSON Schema, XSD), its file pattern.

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a family's schema, or its JSON Schema or XSD export.",
        discussion: """
            The default family's, or --family's (nit, fiw, fotn, fiw-ratings), or the --schema file's. \
            file-pattern: the regular expression that matches the names of report files and \
            sheets (every family compiled in, unless --family or --schema says one), as \
            pre-commit's 'files:' reads it. reference: every key a schema file may hold, in \
            Markdown; reference-json-schema: the JSON Schema for schema files (for editors), both \
            made from the loader's own key tables.
            """)

    enum Export: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case jsonSchema = "json-schema"
        case xsd
        case filePattern = "file-pattern"
        case reference
        case referenceJSONSchema = "reference-json-schema"
    }

    @Option(name: .long, help: "What to print: the schema itself, its JSON Schema (2020-12), its XSD, the pattern of its report file names, or the reference of schema files (Markdown, or a JSON Schema).")
    var format: Export = .yaml

    @OptionGroup var schemaOption: SchemaOption

    func run() throws {
        switch format {
        case .reference: return try FileIO.writeAtomically(Array(SchemaReference.markdown().utf8), to: "-")
        case .referenceJSONSchema: return try FileIO.writeAtomically(Array(SchemaReference.jsonSchema().utf8), to: "-")
        default: break
        }
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
        case .filePattern:
            let schemas = schemaOption.schema == nil && schemaOption.family == nil ? try schemaOption.families().schemas : [schema]
            text = FilePattern.reports(of: schemas) + "\n"
        case .reference, .referenceJSONSchema: return
        }
        try FileIO.writeAtomically(Array(text.utf8), to: "-")
    }
}
