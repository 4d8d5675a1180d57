/// What `transit trends` draws beyond the roles, declared by the schema's `trends:` section:
///
///     trends:
///       axis-title: "Index (0 = low, 10 = high)"       # the headline axis
///       group: region                  # a field whose enumeration orders the overview, or
///       groups: {North: [Ayr, Bute], South: [Cork]}     # the groups, in order
///       table:                         # the columns of each subject's table of editions
///         - {field: share, label: Share}
///       figures:                       # more charts per subject, each of a few figures
///         - title: Parts
///           axis: ["10", "0"]          # the figure at the bottom, then at the top
///           axis-title: "Part (10 = first)"
///           lines: [{field: a_part, label: A}, {field: b_part, label: B}]
///
/// The headline is drawn over the bands when the schema's `bands:` give them by value; else
/// each edition is shaded by its own band (a classification that is not a function of the
/// headline). The items are drawn one small chart each, on their value field's range.
public struct TrendsSpec: SchemaSection {
    static var absent: TrendsSpec { TrendsSpec() }
    /// A field shown in a table column or drawn as a line.
    public struct Column: Sendable {
        /// The field's path in the model.
        public var path: ModelPath
        /// Its heading in a table, or its name in a chart's key.
        public var label: String
    }

    /// A chart of a few figures of each subject, drawn beside its headline chart.
    public struct Figure: Sendable {
        /// The chart's title.
        public var title: String
        /// The figure at the bottom of the axis (it may be the larger, on a reversed axis).
        public var low: ExactDecimal
        /// The figure at the top of the axis.
        public var high: ExactDecimal
        /// The title of the vertical axis.
        public var axisTitle: String
        /// The figures drawn, one line each.
        public var lines: [Column]
    }

    /// The headline axis's title (nil: the headline role's label).
    public var axisTitle: String?
    /// A field holding each subject's group (its enumeration gives the order), or the groups.
    var groupField: ModelPath?
    var groups: [(name: String, subjects: [String])] = []
    /// The columns of each subject's table of editions, after the headline and band.
    public var table: [Column] = []
    /// The extra charts of each subject.
    public var figures: [Figure] = []

    /// The group of a report's subject.
    func group(of report: Record, schema: Schema) -> String? {
        if let groupField { return report.text(at: groupField) }
        guard let subject = report.text(at: schema.roles.subject.path) else { return nil }
        return groups.first { $0.subjects.contains(subject) }?.name
    }

    /// Each group's place in the order.
    func groupOrder(schema: Schema) -> [String: Int] {
        if let groupField, case .enumeration(let e)? = groupField.field(in: schema.root)?.kind {
            return Dictionary(e.values.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return Dictionary(groups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether the schema says how subjects group.
    public var hasGroups: Bool { groupField != nil || !groups.isEmpty }
}

extension Schema {
    /// The `trends:` section (empty when the schema has none).
    public var trends: TrendsSpec { sections[TrendsSpec.self] }

    /// The range of the items' value field (`minimum`, `maximum`), if the schema gives it.
    public var itemRange: (low: ExactDecimal, high: ExactDecimal)? {
        guard let items = roles.items, let field = roles.itemField(items.value, in: root) else { return nil }
        guard let low = field.facets.minimum, let high = field.facets.maximum else { return nil }
        return (low, high)
    }

    /// Item `key`'s own range: the items' common range, with the bounds its attributes set
    /// (a question scored 0-3 among questions scored 0-6).
    public func itemRange(of key: String) -> (low: ExactDecimal, high: ExactDecimal)? {
        guard let item = item(named: key) else { return itemRange }
        var low = itemRange?.low, high = itemRange?.high
        for a in itemAttributes {
            guard let bound = a.bounds, let v = item.attributes[a.name].flatMap({ ExactDecimal($0) }) else { continue }
            if bound == .maximum { high = v } else { low = v }
        }
        guard let low, let high, low < high else { return itemRange }
        return (low, high)
    }
}

extension Roles {
    /// A field of the items' record type.
    func itemField(_ name: String, in root: RecordType) -> Field? {
        guard let items else { return nil }
        var type = root
        for (k, step) in items.list.names.enumerated() {
            guard let i = type.lookup(step) else { return nil }
            var kind = type.fields[i].kind
            if case .list(let inner) = kind { kind = inner }
            guard case .record(let r) = kind else { return nil }
            type = r
            if k == items.list.names.count - 1 { return type.lookup(name).map { type.fields[$0] } }
        }
        return nil
    }
}

extension SchemaLoader {
    mutating func loadTrends(_ node: YAMLNode?, root: RecordType) -> TrendsSpec {
        var spec = TrendsSpec()
        guard let node else { return spec }
        checkKeys(node, .trends)
        spec.axisTitle = node["axis-title"]?.string
        func scalarPath(_ n: YAMLNode?, _ context: String) -> ModelPath? {
            guard let n, let text = n.string else {
                sink.error(n?.mark ?? node.mark, "\(context) needs 'field': a path of the model")
                return nil
            }
            let path = ModelPath(text)
            guard let f = path.field(in: root), f.kind.isScalar else {
                sink.error(n.mark, "\(context): '\(text)' is not a scalar field of '\(root.name)'")
                return nil
            }
            return path
        }
        func columns(_ n: YAMLNode?, _ context: String) -> [TrendsSpec.Column] {
            var out: [TrendsSpec.Column] = []
            for entry in n?.sequence ?? [] {
                checkKeys(entry, .trendsColumn, in: "a column of \(context)")
                guard let path = scalarPath(entry["field"], "a column of \(context)") else { continue }
                out.append(TrendsSpec.Column(path: path, label: entry["label"]?.string ?? path.names.last!))
            }
            return out
        }
        if let g = node["group"] {
            if let path = scalarPath(g, "trends 'group'") {
                if case .enumeration = path.field(in: root)?.kind { spec.groupField = path } else {
                    sink.error(g.mark, "trends 'group': '\(path)' must be an enumeration (its values give the order of the groups)")
                }
            }
            if node["groups"] != nil { sink.error(g.mark, "trends: give 'group' or 'groups', not both") }
        }
        for (name, _, members) in node["groups"]?.mapping ?? [] {
            let subjects = members.sequence?.compactMap(\.string) ?? []
            if subjects.isEmpty { sink.error(members.mark, "trends group '\(name)' lists no subjects") }
            spec.groups.append((name, subjects))
        }
        spec.table = columns(node["table"], "trends 'table'")
        for f in node["figures"]?.sequence ?? [] {
            checkKeys(f, .trendsFigure)
            let axis = f["axis"]?.sequence?.compactMap { $0.string.flatMap { ExactDecimal($0) } } ?? []
            guard let title = f["title"]?.string, axis.count == 2, axis[0] != axis[1] else {
                sink.error(f.mark, "a trends figure needs 'title' and 'axis': [bottom, top], two different numbers")
                continue
            }
            let lines = columns(f["lines"], "trends figure '\(title)'")
            if lines.isEmpty { sink.error(f.mark, "trends figure '\(title)' draws no 'lines'") }
            spec.figures.append(TrendsSpec.Figure(title: title, low: axis[0], high: axis[1], axisTitle: f["axis-title"]?.string ?? title, lines: lines))
        }
        return spec
    }
}

extension KeyTable {
    static let trends = KeyTable("trends", "trends", "What `transit trends` draws beyond the roles.", [
        .key("axis-title", .text, absent: "the headline's label", "The headline chart's axis title."),
        .key("group", .path, "An enumeration field whose values group and order the overview."),
        .key("groups", .named(.texts), "Or named groups of subjects, in order."),
        .key("table", .list(.keys(trendsColumn)), "More columns in each subject's table of editions."),
        .key("figures", .list(.keys(trendsFigure)), "More charts per subject."),
    ])

    static let trendsColumn = KeyTable("trends-column", "a trends column", "A figure shown by trends.", [
        .required("field", .path, "A scalar field of the report."),
        .key("label", .text, absent: "the field's name", "Its label."),
    ])

    static let trendsFigure = KeyTable("trends-figure", "a trends figure", "A chart of its own per subject.", [
        .required("title", .text, "The chart's title."),
        .required("axis", .list(.decimal), "`[BOTTOM, TOP]`."),
        .key("axis-title", .text, absent: "the title", "The axis title."),
        .required("lines", .list(.keys(trendsColumn)), "The lines drawn, told apart by dash and marker."),
    ])
}
