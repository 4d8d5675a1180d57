/// The top of the engine's layers: a report family is its schema file loaded whole — the model
/// (Schema), then each layer's own section: the page layout (Formats), the rules, transforms and
/// wording (Rules), the trends page and the edition summary (Compare). Every problem of any section is reported at its line and column before the
/// schema is used.
extension Schema {
    /// Loads a schema file, checking it: every problem is reported at its line and column.
    public static func load(path: String) throws(ReadError) -> Schema {
        let bytes = try FileIO.read(path)
        return try load(bytes: bytes, file: path)
    }

    /// Loads a schema from its bytes; `file` names it in diagnostics.
    public static func load(bytes: [UInt8], file: String) throws(ReadError) -> Schema {
        let tree = try YAMLNode.parse(bytes, file: file)
        var loader = SchemaLoader(file: file)
        let built = loader.buildFamily(tree)
        try loader.sink.throwIfErrors()
        return built!
    }

    /// The default family's schema, compiled into transit (the first of ``Families/standard``).
    public static let standard: Schema = {
        do {
            return try Schema.load(bytes: Families.compiledIn[0].bytes, file: Families.compiledIn[0].file)
        } catch {
            fatalError("the compiled-in schema does not load: \(error)")
        }
    }()

    /// The text of a compiled-in family's schema file.
    public static func compiledInText(of schema: Schema) -> String? {
        Families.compiledIn.first { $0.file == schema.file }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The text of the default family's compiled-in schema.
    public static var standardText: String { String(decoding: Families.compiledIn[0].bytes, as: UTF8.self) }
}

extension SchemaLoader {
    /// The schema file's model, then the sections of the layers above it, in the order they
    /// depend on each other (the wording names rules; the scale role names a transform).
    mutating func buildFamily(_ tree: YAMLNode) -> Schema? {
        guard let model = buildModel(tree, topKeys: .schemaFile) else { return nil }
        var sections = SchemaSections()
        sections[LookupTables.self] = loadTables(tree["tables"])
        let layout = loadPageSpec(tree["layout"], root: model.root, types: model.types, enums: model.enums,
                                  edition: model.roles.flatMap { $0.edition.path.names.count == 1 ? $0.edition.path.description : nil },
                                  items: model.items, itemAttributes: model.itemAttributes,
                                  subject: model.roles.flatMap { $0.subject.path.names.count == 1 ? $0.subject.path.description : nil },
                                  band: model.roles.flatMap { $0.band.path.names.count == 1 ? $0.band.path.description : nil })
        sections[PageSpec?.self] = layout
        let rules = loadRules(tree["rules"], root: model.root)
        let transforms = loadTransforms(tree["transforms"], root: model.root)
        sections[TransformSet.self] = TransformSet(transforms: transforms)
        sections[Agreement.self] = loadAgreement(tree["agrees-with"], root: model.root)
        if let id = layout?.derive {
            if let t = transforms.first(where: { $0.id == id }) {
                sections[PageDerivation?.self] = PageDerivation { report, schema in
                    do throws(Transform.Failure) { return .success(try t.apply(to: report, schema: schema)) } catch {
                        return .failure(PageDerivation.Failure(message: "the layout's 'derive' transform '\(error.transform)' failed: \(error.message)"))
                    }
                }
            } else if tree["transforms"]?[id] == nil {
                sink.error(tree["layout"]?["derive"]?.mark ?? tree.mark, "layout 'derive': the transform '\(id)' is not declared under transforms")
            }
        }
        sections[Wording.self] = loadWording(tree["wording"], root: model.root, rules: rules)
        if let restate = model.roles?.scale?.restate, tree["transforms"]?[restate] == nil {
            sink.error(tree["roles"]?["scale"]?["restate"]?.mark ?? tree.mark, "role 'scale': the transform '\(restate)' is not declared under transforms")
        }
        if let derive = model.sheet?.derive, tree["transforms"]?[derive] == nil {
            sink.error(tree["sheet"]?["derive"]?.mark ?? tree.mark, "the sheet's 'derive': the transform '\(derive)' is not declared under transforms")
        }
        if let derive = model.roles?.derive, tree["transforms"]?[derive] == nil {
            sink.error(tree["roles"]?["derive"]?.mark ?? tree.mark, "role 'derive': the transform '\(derive)' is not declared under transforms")
        }
        sections[TrendsSpec.self] = loadTrends(tree["trends"], root: model.root)
        sections[EditionSummary.Spec?.self] = loadSummary(tree["summary"])
        // Every section's expressions share the evaluation cache: its size is known last.
        sections[RuleSet.self] = RuleSet(rules: rules, cacheSlots: cacheSlots.count)
        guard !sink.hasErrors, let roles = model.roles else { return nil }
        return model.schema(file: file, roles: roles, sections: sections)
    }
}

extension Transit {
    /// The formats of the compiled-in schema.
    public init(limits: ReadLimits = .standard) { self.init(schema: .standard, limits: limits) }
}

extension Validator {
    /// The rules of the compiled-in schema.
    public init() { self.init(schema: .standard) }
}

extension ArchiveGenerator {
    /// Generates reports of the compiled-in schema's family.
    public init(seed: UInt64 = 1) { self.init(schema: .standard, seed: seed) }
}

extension KeyTable {
    /// Every key a schema file may hold: the model's, and the sections the layers above it load.
    static let schemaFile = KeyTable.model.adding([
        .key("layout", .keys(.layout), absent: "the family has no page text", "The page text."),
        .key("tables", .named(.list(.keys(.lookupRow))), "Named lookup tables, read by `lookup('name', x)`; rows must not overlap."),
        .key("rules", .list(.keys(.rule)), absent: "no rules", "The rules `validate` checks."),
        .key("transforms", .named(.keys(.transform)), "Named transforms that restate a report."),
        .key("wording", .keys(.wording), "Prose transit writes."),
        .key("trends", .keys(.trends), absent: "the standard trends page", "What `trends` draws beyond the roles."),
        .key("summary", .keys(.summary), absent: "`summary` has nothing to write", "The sentences of `transit summary`."),
        .key("agrees-with", .keys(.agreement), absent: "none", "Another family whose reports of the same subject and edition must give the same values (`validate` of both)."),
    ])
}

extension SchemaReference {
    /// The reference of every key a schema file may hold, in Markdown.
    public static func markdown() -> String { markdown(of: .schemaFile) }

    /// The JSON Schema for schema files.
    public static func jsonSchema() -> String { jsonSchema(of: .schemaFile) }
}
