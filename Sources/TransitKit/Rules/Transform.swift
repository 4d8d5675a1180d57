/// A restatement of a report declared in the schema's `transforms:` section, written in the rule
/// language: a list of steps, each setting one field to the value of an expression.
///
///     transforms:
///       restate-reversed:
///         when: scale == 'inverted'
///         steps:
///           - {each: m in measures, set: m.value, to: 8 - m.value}
///           - {set: score, to: "round(mean(measures[*].value), 2)"}
///
/// Steps run in order, each on the report as the steps before it left it; the items of an `each`
/// all see the report as it was before the step. `set` is a field of the report or of the item
/// (`m.value`, `summary.total`); `to: null` (or a value that is absent) removes the field, and a
/// record left empty by a removal goes too. A step whose record is absent does nothing, unless
/// it says `create: true` (its `set` then a path of fields from the report, `last.band`): the
/// records on the way are created when the value is not null. `previous` is the previous
/// edition's report of the same subject where the caller has one (null otherwise). Numbers
/// are written exactly, with at least the field's `decimals`; an integer field takes only whole
/// numbers and an enumeration only its values, or the transform fails with the step's place in
/// the schema.
public struct Transform: Sendable {
    /// The transform's id, as the schema and `transit convert --transform` name it.
    public let id: String
    /// What the transform does, in a sentence.
    public let doc: String?
    /// Where the transform is declared in the schema file.
    public let mark: Mark
    let when: Code?
    let steps: [Step]

    /// A step, compiled: `report` and `previous` are slots 0 and 1, the loop's item slot 2.
    struct Step: Sendable {
        var loop: Code?
        var when: Code?
        /// The record whose field is set (nil: the report itself), and the field's name.
        var base: Code?
        var field: String
        /// The new value (nil: remove the field).
        var to: Code?
        /// `create: true`: the fields from the report to the record set, created when absent.
        var create: [String]?
        var mark: Mark
        /// `item:` and `key:`: the record set is the list's whose key is the loop's item.
        var keyed: Keyed? = nil
    }

    /// A list of records keyed by a field (`item: groups, key: code`).
    struct Keyed: Sendable {
        var list: ModelPath
        var type: RecordType
        /// The key field's index in `type`.
        var key: Int
    }

    /// The error of a step that cannot be carried out.
    public struct Failure: Error, Sendable {
        /// The failing transform's id.
        public var transform: String
        /// Where the failing step is declared in the schema file.
        public var mark: Mark
        /// Why the step cannot be carried out.
        public var message: String
    }

    /// `report` restated; a report the transform's `when` does not hold for comes back as it is.
    public func apply(to report: Record, previous: Record? = nil, schema: Schema) throws(Failure) -> Record {
        func frame(_ r: Record) -> Frame { Frame(schema: schema, report: r, previous: previous, slots: 3) }
        func fail(_ step: Step?, _ message: String) -> Failure { Failure(transform: id, mark: step?.mark ?? mark, message: message) }
        var r = report
        do throws(EvaluationError) {
            if let when, case .bool(true, _) = try when.run(frame(r)) {} else if when != nil { return report }
        } catch {
            throw fail(nil, error.message)
        }
        for step in steps {
            do throws(EvaluationError) {
                let f = frame(r)
                if let keyed = step.keyed {
                    r = try Self.setKeyed(keyed, step, in: r, frame: f)
                    continue
                }
                let items: [RuleValue?] = if let loop = step.loop { try loop.run(f).items } else { [nil] }
                var assignments: [(pointer: [String], value: Value?)] = []
                for item in items {
                    if let item { f.slots[2] = item }
                    if let when = step.when { guard case .bool(true, _) = try when.run(f) else { continue } }
                    let target: RuleValue = try step.base?.run(f) ?? f.root
                    guard case .record(let ref, let location) = target else {
                        if let path = step.create, let to = step.to, let created = try Self.created(path + [step.field], in: r, value: try to.run(f)) {
                            assignments.append(created)
                        }
                        continue
                    }
                    let record = f.record(ref)
                    guard let i = record.type.lookup(step.field) else { throw EvaluationError(message: "'\(record.type.name)' has no field '\(step.field)'") }
                    let field = record.type.fields[i]
                    let value = try step.to?.run(f) ?? .null
                    let path = (location.map(f.pointer) ?? "").split(separator: "/", omittingEmptySubsequences: false).dropFirst()
                        .map { $0.replacingOccurrences("~1", "/").replacingOccurrences("~0", "~") }
                    assignments.append((path + [field.key], try Self.value(value, for: field, mark: record.fields[i]?.mark ?? .unknown)))
                }
                for a in assignments { r.set(pointer: a.pointer[...], a.value) }
            } catch {
                throw fail(step, error.message)
            }
        }
        return r
    }

    /// A keyed step carried out: for each item of the loop (each seeing the report as it was
    /// before the step), the field of the list's record under that key set, the record made
    /// (after the others, in the loop's order) where the list has none; a null value sets nothing.
    static func setKeyed(_ keyed: Keyed, _ step: Step, in report: Record, frame f: Frame) throws(EvaluationError) -> Record {
        guard let loop = step.loop, let to = step.to, let field = keyed.type.lookup(step.field) else { return report }
        let keyField = keyed.type.fields[keyed.key], valueField = keyed.type.fields[field]
        var items = report.value(at: keyed.list)?.items ?? []
        var changed = false
        for item in try loop.run(f).items {
            f.slots[2] = item
            if let when = step.when { guard case .bool(true, _) = try when.run(f) else { continue } }
            guard let value = try Self.value(try to.run(f), for: valueField, mark: .unknown),
                  let key = try Self.value(item, for: keyField, mark: .unknown), let code = key.text else { continue }
            if let k = items.firstIndex(where: { $0.record?.text(keyField.name) == code }), var record = items[k].record {
                record.fields[field] = value
                items[k] = .record(record)
            } else {
                var record = Record(keyed.type)
                record.fields[keyed.key] = key
                record.fields[field] = value
                items.append(.record(record))
            }
            changed = true
        }
        guard changed else { return report }
        var r = report
        r.set(at: keyed.list, .list(items, report.value(at: keyed.list)?.mark ?? .unknown))
        return r
    }

    /// The assignment of `value` at the end of `path` (field names from the report) in `report`,
    /// through records that are absent, each created holding the one below it; nil for a null
    /// value.
    static func created(_ path: [String], in report: Record, value: RuleValue) throws(EvaluationError) -> (pointer: [String], value: Value?)? {
        if case .null = value { return nil }
        // The records that are there, from the report down; then the types of those that are not.
        var pointer: [String] = [], record = report, k = 0
        var types: [RecordType] = []
        while true {
            guard let i = record.type.lookup(path[k]) else { throw EvaluationError(message: "'\(record.type.name)' has no field '\(path[k])'") }
            let field = record.type.fields[i]
            pointer.append(field.key)
            if k == path.count - 1 {
                return (pointer, try Self.value(value, for: field, mark: .unknown))
            }
            guard case .record(let next) = field.kind else { throw EvaluationError(message: "'\(path[k])' is not a record") }
            if let present = record.fields[i]?.record {
                record = present
                k += 1
                continue
            }
            types.append(next)
            break
        }
        // path[k] is absent: build it, and the records below it, around the value.
        for name in path[(k + 1)...].dropLast() {
            guard let i = types.last!.lookup(name), case .record(let next) = types.last!.fields[i].kind else {
                throw EvaluationError(message: "'\(name)' is not a record")
            }
            types.append(next)
        }
        let last = types.last!
        guard let i = last.lookup(path[path.count - 1]) else { throw EvaluationError(message: "'\(last.name)' has no field '\(path[path.count - 1])'") }
        var v = try Self.value(value, for: last.fields[i], mark: .unknown)
        for (type, name) in zip(types.reversed(), path[(k + 1)...].reversed()) {
            var holder = Record(type)
            holder[name] = v
            v = .record(holder)
        }
        return (pointer, v)
    }

    /// A rule value as the model value of `field`.
    static func value(_ v: RuleValue, for field: Field, mark: Mark) throws(EvaluationError) -> Value? {
        func fail(_ m: String) -> EvaluationError { EvaluationError(message: "field '\(field.name)': \(m)") }
        switch (v, field.kind) {
        case (.null, _):
            return nil
        case (.number(let n, _), .decimal):
            let places = field.facets.decimals ?? 0
            for p in places...15 {
                if let d = n.value.rounded(places: p), Rational(d) == n.value { return .scalar(d.description, mark) }
            }
            throw fail("\(n.value) has no exact decimal form")
        case (.number(let n, _), .integer):
            guard let d = n.value.rounded(places: 0), Rational(d) == n.value else { throw fail("\(n.value) is not a whole number") }
            return .scalar(d.description, mark)
        case (.string(let s, _), .string):
            return .scalar(s, mark)
        case (.string(let s, _), .enumeration(let e)):
            guard e.values.contains(s) else { throw fail("'\(s)' is not a value of '\(e.name)'") }
            return .scalar(s, mark)
        case (.bool(let b, _), .boolean):
            return .scalar(b ? "true" : "false", mark)
        case (.list(let items, _), .list):
            if items.isEmpty { return nil }
            throw fail("a transform sets a list only to null")
        default:
            throw fail("cannot take \(v.display) (it is \(field.kind.name))")
        }
    }
}

extension Record {
    /// Sets the value at a pointer's components (keys as the formats spell them, list indexes);
    /// a record a removal leaves empty is removed from its parent.
    mutating func set(pointer: ArraySlice<String>, _ value: Value?) {
        guard let key = pointer.first, let i = type.keyIndex[key] else { return }
        if pointer.count == 1 {
            fields[i] = value
            return
        }
        fields[i] = Self.setting(fields[i], pointer.dropFirst(), value)
    }

    private static func setting(_ v: Value?, _ pointer: ArraySlice<String>, _ value: Value?) -> Value? {
        switch v {
        case .record(var r)?:
            r.set(pointer: pointer, value)
            return r.fields.allSatisfy({ $0 == nil }) ? nil : .record(r)
        case .list(var items, let mark)?:
            guard let k = pointer.first.flatMap({ Int($0) }), items.indices.contains(k) else { return v }
            if pointer.count == 1 {
                if let value { items[k] = value }
                return .list(items, mark)
            }
            // An item stays, even emptied: removing it would renumber the others.
            if case .record(var r) = items[k] {
                r.set(pointer: pointer.dropFirst(), value)
                items[k] = .record(r)
            } else if let item = setting(items[k], pointer.dropFirst(), value) {
                items[k] = item
            }
            return .list(items, mark)
        default:
            return v
        }
    }
}

/// The `transforms:` section of a schema, in the order declared.
struct TransformSet: SchemaSection {
    static var absent: TransformSet { TransformSet(transforms: []) }
    let transforms: [Transform]
}

extension Schema {
    /// The schema's restatements of a report, in the order declared.
    public var transforms: [Transform] { sections[TransformSet.self].transforms }

    /// The transform with this id.
    public func transform(_ id: String) -> Transform? { transforms.first { $0.id == id } }

    /// `report` restated on the current scale (the scale role's transform), or as it is when
    /// it is printed on the current scale or the family has one scale.
    public func restated(_ report: Record, file: String) throws(ReadError) -> Record {
        guard let scale = roles.scale, roles.isInverted(report), let t = transform(scale.restate) else { return report }
        do throws(Transform.Failure) {
            return try t.apply(to: report, schema: self)
        } catch {
            throw ReadError(file: file, mark: report.mark,
                            "cannot restate the report on the current scale: transform '\(t.id)' (\(self.file):\(error.mark.line):\(error.mark.column)): \(error.message)")
        }
    }
}
