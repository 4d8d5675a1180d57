/// The model part of a schema file, loaded; the layers above it add their sections.
struct SchemaModel {
    let name: String
    let version: Int
    let xmlNamespace: String
    let root: RecordType
    let types: [RecordType]
    let enums: [String: EnumType]
    let items: [ItemDefinition]
    let itemAttributes: [ItemAttribute]
    let bands: [Band]
    /// Nil when the `roles:` section has errors (reported).
    let roles: Roles?
    let bandPlaces: Int
    let compare: CompareSpec?
    let sheet: Sheet?
    let editions: [Int]
    let marker: Schema.Marker?

    func schema(file: String, roles: Roles, sections: SchemaSections) -> Schema {
        Schema(name: name, version: version, xmlNamespace: xmlNamespace, root: root, types: types, enums: enums, items: items,
               bands: bands, file: file, roles: roles, bandPlaces: bandPlaces, sheet: sheet, compare: compare, editions: editions,
               marker: marker, itemAttributes: itemAttributes, sections: sections)
    }
}

/// Loads a schema file's model, checking it; every problem goes to `sink` at its line and column.
/// The rule compiler's state (`cacheSlots`, `fieldIDs`) lives here because every section that
/// holds expressions shares it.
struct SchemaLoader {
    var sink: DiagnosticSink
    /// Slots of the per-report evaluation cache, by expression key.
    var cacheSlots: [String: Int] = [:]
    /// Schema-wide ids of field names (see `Expression.field`).
    var fieldIDs: [String: Int] = [:]
    /// The lookup tables expressions may read, by name: whether each gives numbers (loaded
    /// before any expression is checked).
    var tableKinds: [String: Bool] = [:]
    /// The item attributes expressions may read (`attribute()`): whether each is a number.
    var attributeKinds: [String: Bool] = [:]
    let file: String

    init(file: String) {
        self.file = file
        self.sink = DiagnosticSink(file: file)
    }

    /// The model of a schema file, checked: its types, enumerations, items, bands, roles, editions,
    /// and the `compare:` and `sheet:` sections. `topKeys` is the top level's key table, with the
    /// sections the layers above the model load.
    mutating func buildModel(_ tree: YAMLNode, topKeys: KeyTable) -> SchemaModel? {
        guard let top = tree.mapping else {
            sink.error(tree.mark, "the schema must be a mapping")
            return nil
        }
        checkKeys(top, topKeys)
        let name = requiredString(tree, "schema") ?? "schema"
        let version = tree["version"].flatMap { $0.string.flatMap { Int($0) } } ?? 1
        let namespace = requiredString(tree, "xml-namespace") ?? ""

        // Enumerations first: field types refer to them.
        var enums: [String: EnumType] = [:]
        for (enumName, keyMark, node) in tree["enums"]?.mapping ?? [] {
            enums[enumName] = loadEnum(enumName, node, keyMark)
        }

        // Record types: create all, then fill, so that types may refer to later ones.
        let typeNodes = tree["types"]?.mapping ?? []
        if typeNodes.isEmpty { sink.error(tree.mark, "the schema declares no types") }
        let types = typeNodes.map { RecordType(name: $0.key) }
        let byName = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for ((typeName, keyMark, node), type) in zip(typeNodes, types) {
            type.mark = keyMark
            if enums[typeName] != nil { sink.error(keyMark, "'\(typeName)' is both a type and an enumeration") }
            loadType(type, node, byName: byName, enums: enums)
        }
        let rootName = requiredString(tree, "root") ?? ""
        guard let root = byName[rootName] else {
            sink.error(tree["root"]?.mark ?? tree.mark, "the root type '\(rootName)' is not declared under types")
            return nil
        }
        let itemAttributes = loadItemAttributes(tree["item-attributes"])
        let items = loadItems(tree["items"], attributes: itemAttributes)
        let roles = loadRoles(tree["roles"], root: root, family: name, mark: tree.mark)
        // The bands give values of the band role's field (checked even when another role fails).
        var bandEnum: EnumType?
        if let path = tree["roles"]?["band"]?["field"]?.string, case .enumeration(let e)? = ModelPath(path).field(in: root)?.kind { bandEnum = e }
        var places = 2
        if let path = tree["roles"]?["headline"]?["field"]?.string, let field = ModelPath(path).field(in: root) {
            if case .integer = field.kind { places = 0 } else { places = field.facets.decimals ?? 2 }
        }
        let bands = loadBands(tree["bands"], values: bandEnum, places: places)
        // Every field name gets an id; each type maps ids to its own field indexes.
        for type in types { for f in type.fields where fieldIDs[f.name] == nil { fieldIDs[f.name] = fieldIDs.count } }
        for type in types {
            var slots = Array(repeating: -1, count: fieldIDs.count)
            for (i, f) in type.fields.enumerated() { slots[fieldIDs[f.name]!] = i }
            type.fieldSlots = slots
        }
        let compare = loadCompare(tree["compare"], root: root)
        let sheet = loadSheet(tree["sheet"], root: root, roles: roles, items: items)
        let editions = loadEditions(tree["editions"])
        var marker: Schema.Marker?
        if let m = tree["marker"] {
            checkKeys(m, .marker)
            if let fieldName = m["field"]?.string, let value = m["value"]?.string, let i = root.lookup(fieldName) {
                let field = root.fields[i]
                if let problem = ScalarCheck.problem(value, field.kind) {
                    sink.error(m.mark(of: "value"), "the marker's value: \(problem)")
                } else if !field.required {
                    sink.error(m.mark(of: "field"), "the marker's field '\(fieldName)' must be required: every document of the family says it")
                } else {
                    marker = Schema.Marker(field: fieldName, value: value)
                }
            } else {
                sink.error(m.mark, "the marker is {field, value}: a required field of '\(root.name)' and the value every document of the family gives it")
            }
        }
        return SchemaModel(name: name, version: version, xmlNamespace: namespace, root: root, types: types, enums: enums,
                           items: items, itemAttributes: itemAttributes, bands: bands, roles: roles, bandPlaces: places, compare: compare, sheet: sheet, editions: editions, marker: marker)
    }

    /// Record types a layer above the model declares for its own expressions (the edition
    /// summary's), from their YAML: they get field ids beside the model's, so the rule language
    /// reads their fields as it reads a report's. The model's types are not among them.
    mutating func declareTypes(_ yaml: String, file: String) -> [String: RecordType] {
        let tree: YAMLNode
        do throws(ReadError) {
            tree = try YAMLNode.parse(Array(yaml.utf8), file: file)
        } catch {
            sink.error(.unknown, "\(file): the built-in types do not parse: \(error.diagnostics.first?.message ?? "")")
            return [:]
        }
        guard let nodes = tree.mapping else { return [:] }
        let types = nodes.map { RecordType(name: $0.key) }
        let byName = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for ((_, keyMark, node), type) in zip(nodes, types) {
            type.mark = keyMark
            loadType(type, node, byName: byName, enums: [:])
        }
        for type in types { for f in type.fields where fieldIDs[f.name] == nil { fieldIDs[f.name] = fieldIDs.count } }
        for type in types {
            var slots = Array(repeating: -1, count: fieldIDs.count)
            for (i, f) in type.fields.enumerated() { slots[fieldIDs[f.name]!] = i }
            type.fieldSlots = slots
        }
        return byName
    }

    mutating func loadEditions(_ node: YAMLNode?) -> [Int] {
        var out: [Int] = []
        for item in node?.sequence ?? [] {
            guard let e = item.string.flatMap({ Int($0) }) else {
                sink.error(item.mark, "an edition must be a year, not '\(item.string ?? "?")'")
                continue
            }
            if let last = out.last, e <= last { sink.error(item.mark, "editions must be listed in ascending order (\(e) after \(last))") }
            out.append(e)
        }
        return out
    }

    mutating func loadEnum(_ name: String, _ node: YAMLNode, _ mark: Mark) -> EnumType {
        checkKeys(node, .enumeration, in: "enumeration '\(name)'")
        let values = (node["values"]?.sequence ?? []).compactMap { $0.string }
        if values.isEmpty { sink.error(mark, "enumeration '\(name)' has no values") }
        var aliases: [(spelling: String, value: String)] = []
        for (spelling, keyMark, target) in node["aliases"]?.mapping ?? [] {
            guard let value = target.string, values.contains(value) else {
                sink.error(target.mark, "alias '\(spelling)' of enumeration '\(name)' names '\(target.string ?? "?")', which is not one of its values")
                _ = keyMark
                continue
            }
            aliases.append((spelling, value))
        }
        return EnumType(name: name, values: values, aliases: aliases)
    }

    mutating func loadType(_ type: RecordType, _ node: YAMLNode, byName: [String: RecordType], enums: [String: EnumType]) {
        checkKeys(node, .type, in: "type '\(type.name)'")
        type.doc = node["doc"]?.string
        if let style = node["style"] {
            switch style.string {
            case "flow": type.flow = true
            case "block": type.flow = false
            default: sink.error(style.mark, "style must be flow or block")
            }
        }
        var fields: [Field] = []
        var seenKeys: Set<String> = []
        var seenXML: Set<String> = []
        for entry in node["fields"]?.sequence ?? [] {
            guard let pairs = entry.mapping else {
                sink.error(entry.mark, "a field entry must be a mapping")
                continue
            }
            checkKeys(pairs, .field, in: "a field of '\(type.name)'")
            guard let name = entry["name"]?.string, !name.isEmpty else {
                sink.error(entry.mark, "a field of '\(type.name)' has no name")
                continue
            }
            guard let typeNode = entry["type"], let typeName = typeNode.string else {
                sink.error(entry.mark, "field '\(name)' of '\(type.name)' has no type")
                continue
            }
            if typeName.hasSuffix("[][]") {
                sink.error(typeNode.mark, "field '\(name)' of '\(type.name)': lists of lists are not supported ('\(typeName)'); make the items a type with a list field")
                continue
            }
            guard let kind = resolveKind(typeName, byName: byName, enums: enums) else {
                sink.error(typeNode.mark, "field '\(name)' of '\(type.name)': unknown type '\(typeName)'")
                continue
            }
            let attribute = flag(entry, "attribute")
            if attribute && !kind.isScalar {
                sink.error(entry.mark(of: "attribute"), "field '\(name)' of '\(type.name)' is not a scalar and cannot be an XML attribute")
            }
            if entry["item"] != nil || entry["wrap"] != nil, case .list = kind {} else if entry["item"] != nil || entry["wrap"] != nil {
                sink.error(entry.mark, "field '\(name)' of '\(type.name)' is not a list: 'item' and 'wrap' apply to lists")
            }
            let key = entry["key"]?.string ?? name
            let xmlName = entry["xml"]?.string ?? name.replacingOccurrences("_", "-")
            if !seenKeys.insert(key).inserted { sink.error(entry.mark, "type '\(type.name)' has two fields with the key '\(key)'") }
            let wrap = entry["wrap"].map { _ in flag(entry, "wrap") } ?? true
            let itemName = entry["item"]?.string ?? "item"
            // Unwrapped list items and element fields share the parent's element names.
            let xmlKey = (attribute ? "@" : "") + (wrap ? xmlName : itemName)
            if !seenXML.insert(xmlKey).inserted { sink.error(entry.mark, "type '\(type.name)' has two fields named '\(xmlKey)' in XML") }
            fields.append(Field(name: name, key: key, xmlName: xmlName, isAttribute: attribute, itemName: itemName, wrap: wrap,
                                kind: kind, required: flag(entry, "required"), doc: entry["doc"]?.string, mark: entry.mark,
                                facets: facets(entry, field: name, of: type.name, kind: kind)))
        }
        if fields.isEmpty { sink.error(node.mark, "type '\(type.name)' has no fields") }
        type.setFields(fields)
    }

    /// The export facets of a field entry, each checked against the field's kind.
    mutating func facets(_ entry: YAMLNode, field: String, of type: String, kind: Kind) -> Facets {
        var f = Facets()
        let numeric: Bool = switch kind { case .decimal, .integer: true; default: false }
        for key in ["minimum", "maximum", "multiple-of"] {
            guard let node = entry[key] else { continue }
            guard numeric else { sink.error(node.mark, "field '\(field)' of '\(type)': '\(key)' applies to decimal and integer fields"); continue }
            guard let text = node.string, let d = ExactDecimal(text) else { sink.error(node.mark, "field '\(field)' of '\(type)': '\(key)' must be a number"); continue }
            switch key {
            case "minimum": f.minimum = d
            case "maximum": f.maximum = d
            default:
                if d <= ExactDecimal(units: 0, scale: 0) { sink.error(node.mark, "field '\(field)' of '\(type)': 'multiple-of' must be positive") } else { f.multipleOf = d }
            }
        }
        if let node = entry["decimals"] {
            if case .decimal = kind, let n = node.string.flatMap({ Int($0) }), (0...15).contains(n) { f.decimals = n } else {
                sink.error(node.mark, "field '\(field)' of '\(type)': 'decimals' is a whole number 0-15 on a decimal field")
            }
        }
        if let node = entry["one-of"] {
            if case .string = kind, node.string == "items" { f.oneOfItems = true } else {
                sink.error(node.mark, "field '\(field)' of '\(type)': 'one-of' is 'items', on a string field")
            }
        }
        var itemType: RecordType?
        if case .list(.record(let r)) = kind { itemType = r }
        if let node = entry["unique"] {
            if let r = itemType, let name = node.string, r.fields.contains(where: { $0.name == name && $0.kind.isScalar }) || r.fields.isEmpty {
                f.unique = name
            } else {
                sink.error(node.mark, "field '\(field)' of '\(type)': 'unique' names a scalar field of the list's items")
            }
        }
        if let node = entry["covers"] {
            if itemType != nil, node.string == "items" { f.coversItems = true } else {
                sink.error(node.mark, "field '\(field)' of '\(type)': 'covers' is 'items', on a list of records")
            }
        }
        return f
    }

    func resolveKind(_ name: String, byName: [String: RecordType], enums: [String: EnumType]) -> Kind? {
        if name.hasSuffix("[]") {
            return resolveKind(String(name.dropLast(2)), byName: byName, enums: enums).map { .list($0) }
        }
        switch name {
        case "string": return .string
        case "decimal": return .decimal
        case "integer": return .integer
        case "boolean": return .boolean
        default:
            if let e = enums[name] { return .enumeration(e) }
            if let r = byName[name] { return .record(r) }
            return nil
        }
    }

    /// The attributes items may carry: each a name, a scalar kind, and the bound it sets.
    mutating func loadItemAttributes(_ node: YAMLNode?) -> [ItemAttribute] {
        var out: [ItemAttribute] = []
        for entry in node?.sequence ?? [] {
            checkKeys(entry, .itemAttribute)
            guard let name = entry["name"]?.string, !name.isEmpty else { sink.error(entry.mark, "an item attribute needs a 'name'"); continue }
            if ["name", "description", "editions"].contains(name) || out.contains(where: { $0.name == name }) {
                sink.error(entry.mark(of: "name"), "the item attribute '\(name)' is declared twice, or is an item key of its own")
                continue
            }
            let kind: Kind
            switch entry["type"]?.string {
            case "string": kind = .string
            case "decimal": kind = .decimal
            case "integer": kind = .integer
            default:
                sink.error(entry["type"]?.mark ?? entry.mark, "the item attribute '\(name)' needs a 'type': string, decimal or integer")
                continue
            }
            var bound: ItemAttribute.Bound?
            if let b = entry["bounds"] {
                bound = b.string.flatMap { ItemAttribute.Bound(rawValue: $0) }
                if bound == nil { sink.error(b.mark, "'bounds' is maximum or minimum (of the item's value)") }
                if case .string = kind { sink.error(b.mark, "the item attribute '\(name)' is text: it bounds nothing") }
            }
            out.append(ItemAttribute(name: name, kind: kind, doc: entry["doc"]?.string, bounds: bound))
            attributeKinds[name] = out.last!.isNumeric
        }
        return out
    }

    mutating func loadItems(_ node: YAMLNode?, attributes declared: [ItemAttribute]) -> [ItemDefinition] {
        var out: [ItemDefinition] = []
        for entry in node?.sequence ?? [] {
            let pairs = entry.mapping ?? []
            for (key, keyMark, _) in pairs where declared.contains(where: { $0.name == key }) {
                sink.error(keyMark, "an item's '\(key)' goes under its 'attributes' (attributes: {\(key): …})")
            }
            checkKeys(pairs.filter { pair in !declared.contains { $0.name == pair.key } }, .item)
            guard let name = entry["name"]?.string else {
                sink.error(entry.mark, "an item has no name")
                continue
            }
            if out.contains(where: { $0.name == name }) { sink.error(entry.mark, "item '\(name)' is declared twice") }
            let spec = entry["editions"]?.string ?? "-"
            guard let range = parseRange(spec) else {
                sink.error(entry.mark(of: "editions"), "editions must read FIRST-LAST, FIRST-, -LAST or -, not '\(spec)'")
                continue
            }
            var item = ItemDefinition(name: name, description: entry["description"]?.string ?? "", editions: range)
            item.attributes = itemAttributes(entry["attributes"], of: name, declared)
            out.append(item)
        }
        return out
    }

    /// An item's `attributes:`, each declared and of its declared kind.
    mutating func itemAttributes(_ node: YAMLNode?, of item: String, _ declared: [ItemAttribute]) -> [String: String] {
        guard let node else { return [:] }
        guard let pairs = node.mapping else {
            sink.error(node.mark, "item '\(item)': 'attributes' maps each declared item attribute to its value")
            return [:]
        }
        var out: [String: String] = [:]
        for (key, keyMark, value) in pairs {
            guard let a = declared.first(where: { $0.name == key }) else {
                let hint = Spelling.closest(to: key, among: declared.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                sink.error(keyMark, "item '\(item)': '\(key)' is not a declared item attribute (declare it under 'item-attributes'\(declared.isEmpty ? "" : ": " + declared.map(\.name).joined(separator: ", ")))\(hint)")
                continue
            }
            guard let text = value.string else { sink.error(value.mark, "item '\(item)': '\(key)' is a value, not a list or mapping"); continue }
            if let problem = ScalarCheck.problem(text, a.kind) { sink.error(value.mark, "item '\(item)': '\(key)': \(problem)"); continue }
            out[key] = text
        }
        return out
    }

    /// Bands must be values of the band role's enumeration, ascending, without gaps or overlaps:
    /// each band starts one step (the headline's last printed place) above the previous one's end.
    mutating func loadBands(_ node: YAMLNode?, values: EnumType?, places: Int) -> [Band] {
        var out: [Band] = []
        for entry in node?.sequence ?? [] {
            checkKeys(entry, .band)
            guard let name = entry["value"]?.string, let value = values?.canonical(name), value == name else {
                if let values {
                    sink.error(entry["value"]?.mark ?? entry.mark, "a band's 'value' must be one of the enumeration '\(values.name)' (\(values.values.joined(separator: ", ")))")
                }
                continue
            }
            guard let min = entry["min"]?.string.flatMap({ ExactDecimal($0) }),
                  let max = entry["max"]?.string.flatMap({ ExactDecimal($0) }), min <= max else {
                sink.error(entry.mark, "band '\(name)' needs decimal 'min' and 'max', min not above max")
                continue
            }
            if let previous = out.last {
                let next = ExactDecimal(units: previous.max.rounded(places: places).units + 1, scale: places)
                if min < next { sink.error(entry.mark(of: "min"), "band '\(name)' overlaps the band of '\(previous.value)'") }
                if min > next { sink.error(entry.mark(of: "min"), "a gap lies between the band of '\(previous.value)' and '\(name)' (expected min \(next))") }
            }
            out.append(Band(value: name, min: min, max: max))
        }
        return out
    }

    func parseRange(_ spec: String) -> EditionRange? {
        let parts = spec.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let a = parts[0].trimmingSpaces, b = parts[1].trimmingSpaces
        let first = a.isEmpty ? nil : Int(a)
        let last = b.isEmpty ? nil : Int(b)
        if (!a.isEmpty && first == nil) || (!b.isEmpty && last == nil) { return nil }
        return EditionRange(first: first, last: last)
    }

    mutating func requiredString(_ tree: YAMLNode, _ key: String) -> String? {
        guard let s = tree[key]?.string else {
            sink.error(tree[key]?.mark ?? tree.mark, "the schema needs '\(key)'")
            return nil
        }
        return s
    }

    mutating func flag(_ node: YAMLNode, _ key: String) -> Bool {
        guard let v = node[key] else { return false }
        switch v.string {
        case "true": return true
        case "false": return false
        default:
            sink.error(v.mark, "'\(key)' must be true or false")
            return false
        }
    }
}
