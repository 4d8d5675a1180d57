/// The state of one evaluation of the rules on one report (see `Frame`).

/// The state of one evaluation: the variables' slots, the scope bare names read, the values
/// computed once per report, the records reached (as nodes) and the arena of the values' places.
/// A frame belongs to one thread: its state skips the run-time exclusivity checks.
final class Frame {
    let schema: Schema
    /// Variables by slot (`report` 0, `previous` 1, then each context's own). Plain memory, so
    /// that a slot's value is read in place (a field of a variable copies no record).
    @exclusivity(unchecked) var slots: PlainBuffer<RuleValue>
    /// A `let` not yet computed: its code, run on first read.
    /// Held unretained, in plain memory: the schema keeps its code, and setting one is a store.
    @exclusivity(unchecked) var pending: PlainBuffer<Unmanaged<Code>?>
    /// Where bare names are fields: the report, or inside a filter the item filtered. Plain
    /// memory (one value), so that a field of it is read in place (`scopeCell`).
    @exclusivity(unchecked) private var scopeValue = PlainBuffer<RuleValue>(capacity: 1)
    var scopeCell: UnsafeMutablePointer<RuleValue> { scopeValue.pointer(at: 0) }
    var scope: RuleValue {
        get { scopeValue[0] }
        set { scopeValue[0] = newValue }
    }
    /// The report (the scope a `let` is computed in).
    let root: RuleValue
    /// Expressions that read only the report, computed once (`Expression.cached`): slot `k`
    /// holds a value where `filled[k]`.
    @exclusivity(unchecked) private var cacheValues: PlainBuffer<RuleValue>
    @exclusivity(unchecked) private var filled: PlainBuffer<Bool>
    @exclusivity(unchecked) var paths = PathArena()

    /// The records of the report rules have reached, each copied from the report once: a record
    /// value is its index here (`RecordRef`), so copying one counts no reference.
    @exclusivity(unchecked) private var nodes = PlainBuffer<Record>(capacity: 128)
    /// Per node, per field of its type: the node of the field's record, or of its list's first
    /// record (the others follow it); -1 none; -2 not yet made.
    @exclusivity(unchecked) private var links: [Int32] = []
    @exclusivity(unchecked) private var linkBase: [Int32] = []
    /// Per node: its record's step in the arena, made once with the node. A record stands at
    /// one place of the report, so every value read from it shares its steps.
    @exclusivity(unchecked) private var nodePaths: [Int32] = []
    /// Per node, per field of its type (as `links`): the field's rule value once read, `.null`
    /// until then (an absent field is not kept; it costs nothing to read). Rules read the same
    /// fields again and again (a record's figure, a list of records): each is made once
    /// per report, and a read after is a copy.
    @exclusivity(unchecked) private var fieldValues = PlainBuffer<RuleValue>(capacity: 512)

    init(schema: Schema, report: Record, previous: Record? = nil, slots: Int, cache: Int = 0) {
        self.schema = schema
        links.reserveCapacity(512)
        linkBase.reserveCapacity(128)
        nodePaths.reserveCapacity(128)
        // The report is node 0, the previous edition node 1 (added below, once the frame is whole).
        root = .record(RecordRef(node: 0, type: report.type), Location(mark: report.mark))
        scopeValue.append(root)
        let slotCount = max(slots, 2)
        self.slots = PlainBuffer(capacity: slotCount)
        self.slots.append(repeating: .null, count: slotCount)
        pending = PlainBuffer(capacity: slotCount)
        pending.append(repeating: nil, count: slotCount)
        cacheValues = PlainBuffer(capacity: cache)
        cacheValues.append(repeating: .null, count: cache)
        filled = PlainBuffer(capacity: cache)
        filled.append(repeating: false, count: cache)
        self.slots[0] = root
        _ = add(report, path: -1)
        if let previous {
            self.slots[1] = .record(RecordRef(node: add(previous, path: -1), type: previous.type), Location(mark: previous.mark))
        }
    }

    /// The value of cached expression `k`, if computed.
    @inline(__always)
    func cached(_ k: Int) -> RuleValue? { filled[k] ? cacheValues[k] : nil }

    /// Keeps the value of cached expression `k` (computed once: never set twice).
    @inline(__always)
    func cache(_ k: Int, _ value: RuleValue) {
        cacheValues[k] = value
        filled[k] = true
    }

    /// Whether cached expression `k` has a slot in this frame (a frame made for one template
    /// has none: it computes every expression).
    @inline(__always)
    func caches(_ k: Int) -> Bool { k < filled.count }

    /// The JSON Pointer of a location.
    func pointer(_ location: Location) -> String { paths.pointer(location.path) }

    // MARK: Records as nodes

    /// A record of the report as a node standing at step `path` (copied once here, for the
    /// frame's life).
    private func add(_ r: consuming Record, path: Int32) -> Int32 {
        let fields = r.type.fields.count
        let node = nodes.append(r)
        let base = links.count
        linkBase.append(Int32(truncatingIfNeeded: base))
        nodePaths.append(path)
        for _ in 0..<fields { links.append(-2) }
        fieldValues.append(repeating: .null, count: fields)
        return Int32(truncatingIfNeeded: node)
    }

    /// The record a node stands for.
    @inline(__always)
    func record(_ ref: RecordRef) -> Record { nodes[Int(ref.node)] }

    /// The node of field `i` of node `k`'s record (its first record, for a list of records), made
    /// on first use; -1 when the field holds no record.
    private func child(_ k: Int, _ i: Int) -> Int32 {
        let b = Int(linkBase[k]) + i
        let known = links[b]
        if known != -2 { return known }
        var first: Int32 = -1
        switch holds(k, i) {
        case 2:
            first = add(Self.record(in: nodes[k].fields, i), path: fieldPath(k, i))
        case 3:
            let items = listParts(k, i).0
            let listPath = fieldPath(k, i)
            for j in items.indices where Self.kind(items, j) == 2 {
                let n = add(Self.record(in: items, j), path: paths.append(listPath, index: j))
                if first < 0 { first = n }
            }
        default:
            break
        }
        links[b] = first
        return first
    }

    // Reading an element of a list of values: probe its case first, then take only what is
    // wanted (a switch that binds a case copies the whole element first, counting a record's
    // references twice).

    /// What `values[j]` holds: 0 nothing, 1 a scalar, 2 a record, 3 a list.
    @inline(__always)
    private static func kind(_ values: [Value], _ j: Int) -> UInt8 {
        switch values[j] {
        case .scalar: 1
        case .record: 2
        case .list: 3
        }
    }

    @inline(__always)
    private static func record(in values: [Value], _ j: Int) -> Record {
        if case .record(let r) = values[j] { return r }
        preconditionFailure("not a record")
    }

    @inline(__always)
    private static func record(in values: [Value?], _ j: Int) -> Record {
        if case .record(let r)? = values[j] { return r }
        preconditionFailure("not a record")
    }

    @inline(__always)
    private static func scalar(in values: [Value], _ j: Int) -> (String, Mark) {
        if case .scalar(let text, let mark) = values[j] { return (text, mark) }
        preconditionFailure("not a scalar")
    }

    /// Node `n` as a rule value, at its record's place.
    @inline(__always)
    private func recordValue(_ n: Int32) -> RuleValue {
        let r = nodes.pointer(at: Int(n))
        return .record(RecordRef(node: n, type: r.pointee.type), Location(mark: r.pointee.mark, path: nodePaths[Int(n)]))
    }

    /// A new step for field `i` of node `k`'s record.
    @inline(__always)
    private func fieldPath(_ k: Int, _ i: Int) -> Int32 {
        unowned(unsafe) let field = nodes[k].type.fields[i]
        return paths.append(nodePaths[k], field: Unmanaged.passUnretained(field))
    }

    /// What field `i` of node `k`'s record holds: 0 nothing, 1 a scalar, 2 a record, 3 a list.
    /// Read in place, nothing copied (a switch that binds a value copies the whole value first).
    @inline(__always)
    private func holds(_ k: Int, _ i: Int) -> UInt8 {
        switch nodes[k].fields[i] {
        case nil: 0
        case .scalar?: 1
        case .record?: 2
        case .list?: 3
        }
    }

    /// The text and mark of the scalar field `i` of node `k`'s record.
    @inline(__always)
    private func scalarParts(_ k: Int, _ i: Int) -> (String, Mark) {
        if case .scalar(let text, let mark)? = nodes[k].fields[i] { return (text, mark) }
        return ("", .unknown)
    }

    /// The items and mark of the list field `i` of node `k`'s record.
    @inline(__always)
    private func listParts(_ k: Int, _ i: Int) -> ([Value], Mark) {
        if case .list(let items, let mark)? = nodes[k].fields[i] { return (items, mark) }
        return ([], .unknown)
    }

    /// Field `i` of node `k`'s record as a rule value; nil when absent. Made on first read,
    /// then kept (`fieldValues`).
    private func field(_ k: Int, _ type: RecordType, _ i: Int) -> RuleValue? {
        let b = Int(linkBase[k]) + i
        if !fieldValues[b].isNull { return fieldValues[b] }
        // Held unretained: the schema keeps its fields (a counted field costs two atomic
        // operations per value read).
        unowned(unsafe) let field = type.fields[i]
        let value: RuleValue
        switch holds(k, i) {
        case 1:
            let (text, mark) = scalarParts(k, i)
            value = scalar(text, as: field.scalarKind, at: Location(mark: mark, path: fieldPath(k, i)))
        case 2:
            value = recordValue(child(k, i))
        case 3:
            let (items, mark) = listParts(k, i)
            let path = fieldPath(k, i)
            var out: [RuleValue] = []
            out.reserveCapacity(items.count)
            appendItems(items, k, i, field.scalarKind, path: path, into: &out)
            value = .list(out, Location(mark: mark, path: path))
        default:
            return nil
        }
        fieldValues[b] = value
        return value
    }

    /// The items of field `i` of node `k`'s record (the list `items`) appended to `out`.
    private func appendItems(_ items: [Value], _ k: Int, _ i: Int, _ kind: ScalarKind, path: Int32, into out: inout [RuleValue]) {
        var next: Int32 = -1
        for j in items.indices {
            switch Self.kind(items, j) {
            case 1:
                let (text, mark) = Self.scalar(in: items, j)
                out.append(scalar(text, as: kind, at: Location(mark: mark, path: paths.append(path, index: j))))
            case 2:
                // A record item stands at its node's own step (made with the node).
                if next < 0 { next = child(k, i) }
                out.append(recordValue(next))
                next += 1
            default:
                if case .list(let inner, let mark) = items[j] {
                    out.append(nested(inner, kind, at: Location(mark: mark, path: paths.append(path, index: j))))
                }
            }
        }
    }

    /// A list in a list (no schema makes one; a value of the model may hold one).
    private func nested(_ items: [Value], _ kind: ScalarKind, at location: Location) -> RuleValue {
        var out: [RuleValue] = []
        for j in items.indices {
            let itemPath = paths.append(location.path, index: j)
            switch items[j] {
            case .scalar(let text, let mark): out.append(scalar(text, as: kind, at: Location(mark: mark, path: itemPath)))
            case .record(let r): out.append(recordValue(add(r, path: itemPath)))
            case .list(let inner, let mark): out.append(nested(inner, kind, at: Location(mark: mark, path: itemPath)))
            }
        }
        return .list(out, location)
    }

    /// A scalar of the report as a rule value, typed by its field's kind.
    @inline(__always)
    private func scalar(_ text: String, as kind: ScalarKind, at location: Location) -> RuleValue {
        switch kind {
        case .number:
            if let n = Number(text: text) { return .number(n, location) }
            return .string(text, location)
        case .boolean:
            return .bool(text == "true", location)
        case .text:
            return .string(text, location)
        }
    }

    /// A field of a record; of a list, the field of each item (lists of lists flattened).
    func member(_ base: RuleValue, id: Int) -> RuleValue {
        switch base {
        case .record(let ref, _):
            return member(of: ref, id: id)
        case .list(let items, let location):
            var out: [RuleValue] = []
            out.reserveCapacity(items.count)
            for item in items { appendMember(item, id: id, into: &out) }
            return .list(out, location)
        default:
            return .null
        }
    }

    /// Field `id` of a record (see `member`).
    @inline(__always)
    private func member(of ref: RecordRef, id: Int) -> RuleValue {
        // The type is read without counting a reference (the schema keeps it): the one place
        // `_withUnsafeGuaranteedRef` is kept, where it pays (see README, "Unsafe code").
        ref.type._withUnsafeGuaranteedRef { type in
            guard let i = type.fieldIndex(id: id) else { return .null }
            return field(Int(ref.node), type, i) ?? .null
        }
    }

    // A variable's value (a slot, the scope) read where it stands: a record's field is taken
    // without copying the value first (a copy of a rule value runs its outlined copy).

    @inline(__always)
    func member(at p: UnsafeMutablePointer<RuleValue>, id: Int) -> RuleValue {
        if let ref = Self.recordRef(p) { return member(of: ref, id: id) }
        return member(p.pointee, id: id)
    }

    @inline(__always)
    func memberCount(at p: UnsafeMutablePointer<RuleValue>, id: Int) -> Int {
        if let ref = Self.recordRef(p) { return Self.fieldCount(nodes.pointer(at: Int(ref.node)), id: id) }
        return memberCount(p.pointee, id: id)
    }

    @inline(__always)
    func memberNumbers(at p: UnsafeMutablePointer<RuleValue>, id: Int) -> [Rational]? {
        if let ref = Self.recordRef(p) {
            var out: [Rational] = []
            return appendNumbers(nodes.pointer(at: Int(ref.node)), id: id, into: &out) ? out : nil
        }
        return memberNumbers(p.pointee, id: id)
    }

    @inline(__always)
    func records(at p: UnsafeMutablePointer<RuleValue>, _ body: RecordVisit) {
        if let ref = Self.recordRef(p) { body(nodes.pointer(at: Int(ref.node))) } else { records(of: p.pointee, body) }
    }

    @inline(__always)
    func fieldRecords(at p: UnsafeMutablePointer<RuleValue>, id: Int, _ body: RecordVisit) -> Bool {
        if let ref = Self.recordRef(p) { return Self.fieldRecords(nodes.pointer(at: Int(ref.node)), id: id, body) }
        return fieldRecords(of: p.pointee, id: id, body)
    }

    /// The record a value at `p` stands for, if it is one.
    @inline(__always)
    private static func recordRef(_ p: UnsafeMutablePointer<RuleValue>) -> RecordRef? {
        if case .record(let ref, _) = p.pointee { return ref }
        return nil
    }

    /// How many items `member(base, id:)` holds, read from the report without making them: an
    /// absent field none, a list its items, any other value one.
    func memberCount(_ base: RuleValue, id: Int) -> Int {
        guard case .record(let ref, _) = base else { return member(base, id: id).count }
        return Self.fieldCount(nodes.pointer(at: Int(ref.node)), id: id)
    }

    /// The numbers `member(base, id:)` holds, read from the report without making the values
    /// (no location taken, no list of values made); nil where one is not a number of a decimal
    /// or whole-number field (the values are made then, and the function says what is wrong).
    func memberNumbers(_ base: RuleValue, id: Int) -> [Rational]? {
        var out: [Rational] = []
        switch base {
        case .record(let ref, _):
            guard appendNumbers(nodes.pointer(at: Int(ref.node)), id: id, into: &out) else { return nil }
        case .list(let items, _):
            out.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .record(let ref, _): guard appendNumbers(nodes.pointer(at: Int(ref.node)), id: id, into: &out) else { return nil }
                case .list: return nil
                default: continue  // no field: `member` leaves it out too
                }
            }
        default:
            break  // no field: none
        }
        return out
    }

    /// The numbers field `id` of the record at `r` holds, appended to `out`, read in place;
    /// false where one is not a number of a decimal or whole-number field.
    func appendNumbers(_ r: UnsafePointer<Record>, id: Int, into out: inout [Rational]) -> Bool {
        guard let (type, i) = InPlace.field(r, id: id) else { return true }
        return InPlace.withField(r, i) { p in
            switch InPlace.kind(p) {
            case 0:
                return true
            case 1:
                guard InPlace.isNumber(type, i), let n = InPlace.number(p) else { return false }
                out.append(n)
                return true
            case 3:
                guard InPlace.isNumber(type, i) else { return false }
                return InPlace.withItems(p) { items in
                    for k in items.indices {
                        guard let n = InPlace.number(items.baseAddress! + k) else { return false }
                        out.append(n)
                    }
                    return true
                }
            default:
                return false
            }
        }
    }

    /// Visits the records a rule value holds: a record, or a list's records (lists in lists
    /// flattened); any other value holds none.
    func records(of value: RuleValue, _ body: RecordVisit) {
        switch value {
        case .record(let ref, _): body(nodes.pointer(at: Int(ref.node)))
        case .list(let items, _): for item in items { records(of: item, body) }
        default: break
        }
    }

    /// Visits the records field `id` of each record of `value` holds (see `fieldRecords`);
    /// false where one holds a list in a list.
    func fieldRecords(of value: RuleValue, id: Int, _ body: RecordVisit) -> Bool {
        var ok = true
        records(of: value) { r in if ok { ok = Self.fieldRecords(r, id: id, body) } }
        return ok
    }

    /// Computes `body` in the report's scope (where a `let` is computed), then restores the scope.
    @inline(__always)
    func inReportScope<T>(_ body: () throws(EvaluationError) -> T) throws(EvaluationError) -> T {
        let saved = scope
        scope = root
        defer { scope = saved }
        return try body()
    }

    /// Visits the records field `id` of the record at `r` holds, as `member` would look into
    /// them: the field's record, or its list's records (its other items hold none); false for a
    /// list in a list, which `member` flattens (make the values then). Each is read where it
    /// stands in the report (`InPlace`): none is copied.
    static func fieldRecords(_ r: UnsafePointer<Record>, id: Int, _ body: RecordVisit) -> Bool {
        guard let (_, i) = InPlace.field(r, id: id) else { return true }
        return InPlace.withField(r, i) { p in
            switch InPlace.kind(p) {
            case 2:
                InPlace.withRecord(p, body)
            case 3:
                return InPlace.withItems(p) { items in
                    for k in items.indices {
                        let item = items.baseAddress! + k
                        switch InPlace.kind(item) {
                        case 2: InPlace.withRecord(item, body)
                        case 3: return false
                        default: continue
                        }
                    }
                    return true
                }
            default:
                break
            }
            return true
        }
    }

    /// How many values field `id` of the record at `r` holds: none when absent, a list its
    /// items, else one.
    @inline(__always)
    static func fieldCount(_ r: UnsafePointer<Record>, id: Int) -> Int {
        guard let (_, i) = InPlace.field(r, id: id) else { return 0 }
        return InPlace.withField(r, i) { p in
            switch InPlace.kind(p) {
            case 0: return 0
            case 3: return InPlace.withItems(p) { $0.count }
            default: return 1
            }
        }
    }

    /// The field `id` of a list's item appended to `out`: a list's items one by one, without
    /// making the list (`a[*].b[*]` flattens as it goes).
    private func appendMember(_ item: RuleValue, id: Int, into out: inout [RuleValue]) {
        switch item {
        case .record(let ref, _):
            ref.type._withUnsafeGuaranteedRef { type in
                guard let i = type.fieldIndex(id: id), let value = field(Int(ref.node), type, i) else { return }
                if case .list(let items, _) = value { out.append(contentsOf: items) } else { out.append(value) }
            }
        case .list(let items, _):
            for inner in items { appendMember(inner, id: id, into: &out) }
        default:
            return
        }
    }
}
