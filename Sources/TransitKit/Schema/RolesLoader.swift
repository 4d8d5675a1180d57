/// Loading and checking the `roles:` section: every path must name a field of the model, of a
/// kind the role can use, or the schema does not load (an error at the path's line and column).
extension SchemaLoader {
    mutating func loadRoles(_ node: YAMLNode?, root: RecordType, family: String, mark: Mark) -> Roles? {
        guard let node, node.mapping != nil else {
            sink.error(node?.mark ?? mark, "the schema needs 'roles' (subject, edition, headline, band): what the commands compare reports by")
            return nil
        }
        checkKeys(node, .roles)
        func role(_ key: String, want: RoleWant) -> Roles.Role? {
            guard let entry = node[key] else {
                sink.error(node.mark, "roles need '\(key)'")
                return nil
            }
            checkKeys(entry, .role, in: "role '\(key)'")
            guard let p = rolePath(entry, "field", in: root, want: want, role: key) else { return nil }
            let label = entry["label"]?.string ?? p.names.last!
            return Roles.Role(path: p, label: label, short: entry["short"]?.string ?? label)
        }
        let subject = role("subject", want: .text)
        let edition = role("edition", want: .whole)
        let headline = role("headline", want: .number)
        let band = role("band", want: .enumeration)

        var axis = (low: ExactDecimal(units: 0, scale: 0), high: ExactDecimal(units: 100, scale: 0))
        if let a = node["headline"]?["axis"] {
            let ends = (a.sequence ?? []).compactMap { $0.string.flatMap { ExactDecimal($0) } }
            if ends.count == 2, ends[0] < ends[1] { axis = (ends[0], ends[1]) } else {
                sink.error(a.mark, "role 'headline': 'axis' is [LOW, HIGH], two numbers, LOW below HIGH")
            }
        }

        let scale = node["scale"].flatMap { scaleRole($0, root: root) }
        let items = node["items"].flatMap { itemsRole($0, root: root) }

        var derive: String?
        if let entry = node["derive"] {
            if let id = entry.string, !id.isEmpty { derive = id } else { sink.error(entry.mark, "role 'derive' names a transform") }
        }

        guard let subject, let edition, let headline, let band else { return nil }
        return Roles(family: node["family"]?.string ?? family, subject: subject, edition: edition, scale: scale,
                     headline: headline, axis: axis, band: band, items: items, derive: derive)
    }

    /// The kind of field a role's path must name.
    enum RoleWant { case text, whole, number, enumeration, list }

    /// `entry.key` as a path to a scalar field of the wanted kind (from `type`).
    mutating func rolePath(_ entry: YAMLNode, _ key: String, in type: RecordType, want: RoleWant, role: String) -> ModelPath? {
        guard let text = entry[key]?.string, !text.isEmpty else {
            sink.error(entry[key]?.mark ?? entry.mark, "role '\(role)' needs '\(key)': the path of a field (such as last.band)")
            return nil
        }
        let p = ModelPath(text)
        guard let field = p.field(in: type) else {
            sink.error(entry.mark(of: key), "role '\(role)': '\(text)' is not a field of '\(type.name)'\(suggestion(p, in: type))")
            return nil
        }
        let fits: Bool = switch (want, field.kind) {
        case (.text, .string), (.text, .enumeration): true
        case (.whole, .integer): true
        case (.number, .decimal), (.number, .integer): true
        case (.enumeration, .enumeration): true
        case (.list, .list(.record)): true
        default: false
        }
        if !fits {
            let wanted = switch want {
            case .text: "a string or an enumeration"
            case .whole: "an integer"
            case .number: "a decimal or an integer"
            case .enumeration: "an enumeration"
            case .list: "a list of records"
            }
            sink.error(entry.mark(of: key), "role '\(role)': '\(text)' is \(field.kind.name); the role needs \(wanted)")
            return nil
        }
        return p
    }

    /// The `scale` role: an enumeration field, its current and inverted values, the transform
    /// that restates a report on the current scale.
    private mutating func scaleRole(_ entry: YAMLNode, root: RecordType) -> Roles.ScaleRole? {
        checkKeys(entry, .scaleRole)
        guard let p = rolePath(entry, "field", in: root, want: .enumeration, role: "scale"), case .enumeration(let e)? = p.field(in: root)?.kind else { return nil }
        var values: [String] = []
        for key in ["current", "inverted"] {
            guard let v = entry[key]?.string, e.values.contains(v) else {
                sink.error(entry[key]?.mark ?? entry.mark, "role 'scale' needs '\(key)', a value of the enumeration '\(e.name)' (\(e.values.joined(separator: ", ")))")
                continue
            }
            values.append(v)
        }
        let restate = entry["restate"]?.string
        if restate == nil { sink.error(entry.mark, "role 'scale' needs 'restate': the transform that restates a report on the current scale") }
        guard values.count == 2, let restate else { return nil }
        return Roles.ScaleRole(path: p, current: values[0], inverted: values[1], restate: restate)
    }

    /// The `items` role: a list of records, the field naming each item and the field of its value.
    private mutating func itemsRole(_ entry: YAMLNode, root: RecordType) -> Roles.ItemsRole? {
        checkKeys(entry, .itemsRole)
        guard let p = rolePath(entry, "list", in: root, want: .list, role: "items"), case .list(.record(let itemType))? = p.field(in: root)?.kind else { return nil }
        let key = rolePath(entry, "key", in: itemType, want: .text, role: "items")
        let value = rolePath(entry, "value", in: itemType, want: .number, role: "items")
        guard let key, let value else { return nil }
        return Roles.ItemsRole(list: p, key: key.description, value: value.description, label: entry["label"]?.string ?? p.description)
    }

    /// ", did you mean 'x'?" for a path whose last step is misspelt.
    func suggestion(_ path: ModelPath, in type: RecordType) -> String {
        var t = type
        for name in path.names.dropLast() {
            guard let i = t.lookup(name), case .record(let r) = t.fields[i].kind else { return "" }
            t = r
        }
        return Spelling.closest(to: path.names.last!, among: t.fields.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
