/// The rule language compiled: every expression of a schema becomes a tree of `Code` nodes when
/// the schema loads. Names are resolved then, not while reports are checked: a variable is a
/// slot of the `Frame`, a field is an index into its record, an operator or a function is a
/// case of an enumeration. Values found in the report point at their place through the frame's
/// `PathArena`, so reading a field allocates nothing; a JSON Pointer is spelled out only for a
/// finding.
///
/// What costs while rules run is counting references: every count is an atomic operation (a
/// frame's values never leave its thread, but the runtime cannot know). So a record of the
/// report is a rule value as its node in the frame (`RecordRef`: copied once from the report,
/// then passed about as an index), and what the schema keeps alive for the frame's life (record
/// types, fields, a `let`'s code) is held unretained.

// MARK: - Where a value stands

/// Where a value of the report stands: in its input file, and in the model (a step of the
/// frame's `PathArena`, spelled as a JSON Pointer over the report's JSON form, such as
/// `/measures/2/value`, only when a finding needs it).
struct Location: Sendable, Equatable {
    // Twelve bytes: a rule value is copied often, and its location is in every copy.
    var mark: Mark
    /// The value's step in its frame's arena; -1 for the report itself.
    var path: Int32

    init(mark: Mark, path: Int32 = -1) {
        self.mark = mark
        self.path = path
    }
}

/// The steps from a report to the values read from it while one report is evaluated: each step
/// a field or a list index, linked to the step before it. A step is plain data (its field held
/// unretained: the frame's schema keeps every field), so making one is an append and the arena
/// is freed in one piece.
struct PathArena {
    private struct Node {
        var parent: Int32
        /// The list index, or -1 for a field's step.
        var index: Int32
        var field: Unmanaged<Field>?
    }

    // Plain memory, grown by doubling: an append is a store (an array checks its uniqueness
    // and holds its buffer on every append). The frame that owns the arena frees it.
    private var nodes: UnsafeMutablePointer<Node>
    private var count = 0, capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
        nodes = .allocate(capacity: capacity)
    }

    /// Frees the steps (the arena is not used after).
    func free() { nodes.deallocate() }

    @inline(__always)
    private mutating func append(_ node: Node) -> Int32 {
        growIfFull(&nodes, count: count, capacity: &capacity)
        (nodes + count).initialize(to: node)
        count += 1
        return Int32(truncatingIfNeeded: count - 1)
    }

    /// A field's step below `parent` (-1: the report).
    mutating func append(_ parent: Int32, field: Unmanaged<Field>) -> Int32 {
        append(Node(parent: parent, index: -1, field: field))
    }

    /// A list item's step below `parent`.
    mutating func append(_ parent: Int32, index: Int) -> Int32 {
        append(Node(parent: parent, index: Int32(truncatingIfNeeded: index), field: nil))
    }

    /// The JSON Pointer (RFC 6901) of a step: `""` for the report itself.
    func pointer(_ path: Int32) -> String {
        var components: [String] = []
        var p = Int(path)
        while p >= 0 {
            let node = nodes[p]
            if let field = node.field {
                components.append(JSONPointer.escape(field.takeUnretainedValue().key))
            } else {
                components.append(String(node.index))
            }
            p = Int(node.parent)
        }
        return components.reversed().map { "/" + $0 }.joined()
    }
}

/// Doubles plain memory that holds `count` values when it is full, moving them.
@inline(__always)
private func growIfFull<T>(_ buffer: inout UnsafeMutablePointer<T>, count: Int, capacity: inout Int) {
    guard count == capacity else { return }
    let grown = UnsafeMutablePointer<T>.allocate(capacity: capacity * 2)
    grown.moveInitialize(from: buffer, count: count)
    buffer.deallocate()
    buffer = grown
    capacity *= 2
}

// MARK: - The frame

/// The state of one evaluation: the variables' slots, the scope bare names read, the values
/// computed once per report, the records reached (as nodes) and the arena of the values' places.
/// A frame belongs to one thread: its state skips the run-time exclusivity checks.
final class Frame {
    let schema: Schema
    /// Variables by slot (`report` 0, `previous` 1, then each context's own). Plain memory, so
    /// that a slot's value is read in place (a field of a variable copies no record).
    let slots: UnsafeMutablePointer<RuleValue>
    private let slotCount: Int
    /// A `let` not yet computed: its code, run on first read.
    /// Held unretained, in plain memory: the schema keeps its code, and setting one is a store.
    let pending: UnsafeMutablePointer<Unmanaged<Code>?>
    /// Where bare names are fields: the report, or inside a filter the item filtered. Plain
    /// memory (one value), so that a field of it is read in place (`scopeCell`).
    let scopeCell: UnsafeMutablePointer<RuleValue>
    var scope: RuleValue {
        get { scopeCell.pointee }
        set { scopeCell.pointee = newValue }
    }
    /// The report (the scope a `let` is computed in).
    let root: RuleValue
    /// Expressions that read only the report, computed once (`Expression.cached`): slot `k`
    /// holds a value where `filled[k]`. Only what is computed is made and destroyed (a schema
    /// has a hundred such expressions; a report's rules compute some of them).
    private let cacheCount: Int
    private let cacheValues: UnsafeMutablePointer<RuleValue>
    private let filled: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) var paths = PathArena()

    /// The records of the report rules have reached, each copied from the report once: a record
    /// value is its index here (`RecordRef`), so copying one counts no reference.
    @exclusivity(unchecked) private var nodes: UnsafeMutablePointer<Record>
    @exclusivity(unchecked) private var nodeCount = 0
    @exclusivity(unchecked) private var nodeCapacity = 128
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
    /// per report, and a read after is a copy. Plain memory, every slot initialised.
    @exclusivity(unchecked) private var fieldValues: UnsafeMutablePointer<RuleValue>
    @exclusivity(unchecked) private var fieldCapacity = 512
    /// The slots of `fieldValues` that hold a value: only they are destroyed (the others hold
    /// `.null`, which needs nothing).
    @exclusivity(unchecked) private var fieldsRead: [Int32] = []

    init(schema: Schema, report: Record, previous: Record? = nil, slots: Int, cache: Int = 0) {
        self.schema = schema
        nodes = .allocate(capacity: nodeCapacity)
        links.reserveCapacity(fieldCapacity)
        linkBase.reserveCapacity(nodeCapacity)
        nodePaths.reserveCapacity(nodeCapacity)
        fieldsRead.reserveCapacity(256)
        fieldValues = .allocate(capacity: fieldCapacity)
        // The report is node 0, the previous edition node 1 (added below, once the frame is whole).
        root = .record(RecordRef(node: 0, type: report.type), Location(mark: report.mark))
        scopeCell = .allocate(capacity: 1)
        scopeCell.initialize(to: root)
        slotCount = max(slots, 2)
        self.slots = .allocate(capacity: slotCount)
        self.slots.initialize(repeating: .null, count: slotCount)
        pending = .allocate(capacity: slotCount)
        pending.initialize(repeating: nil, count: slotCount)
        cacheCount = cache
        cacheValues = .allocate(capacity: cache)
        filled = .allocate(capacity: cache)
        filled.initialize(repeating: false, count: cache)
        self.slots[0] = root
        _ = add(report, path: -1)
        if let previous {
            self.slots[1] = .record(RecordRef(node: add(previous, path: -1), type: previous.type), Location(mark: previous.mark))
        }
    }

    deinit {
        paths.free()
        nodes.deinitialize(count: nodeCount)
        nodes.deallocate()
        for b in fieldsRead { (fieldValues + Int(b)).deinitialize(count: 1) }
        fieldValues.deallocate()
        slots.deinitialize(count: slotCount)
        slots.deallocate()
        scopeCell.deinitialize(count: 1)
        scopeCell.deallocate()
        pending.deallocate()
        for k in 0..<cacheCount where filled[k] { (cacheValues + k).deinitialize(count: 1) }
        cacheValues.deallocate()
        filled.deallocate()
    }

    /// The value of cached expression `k`, if computed.
    @inline(__always)
    func cached(_ k: Int) -> RuleValue? { filled[k] ? cacheValues[k] : nil }

    /// Keeps the value of cached expression `k` (computed once: never set twice).
    @inline(__always)
    func cache(_ k: Int, _ value: RuleValue) {
        (cacheValues + k).initialize(to: value)
        filled[k] = true
    }

    /// Whether cached expression `k` has a slot in this frame (a frame made for one template
    /// has none: it computes every expression).
    @inline(__always)
    func caches(_ k: Int) -> Bool { k < cacheCount }

    /// The JSON Pointer of a location.
    func pointer(_ location: Location) -> String { paths.pointer(location.path) }

    // MARK: Records as nodes

    /// A record of the report as a node standing at step `path` (copied once here, for the
    /// frame's life).
    private func add(_ r: consuming Record, path: Int32) -> Int32 {
        growIfFull(&nodes, count: nodeCount, capacity: &nodeCapacity)
        let fields = r.type.fields.count
        (nodes + nodeCount).initialize(to: r)
        let base = links.count
        linkBase.append(Int32(truncatingIfNeeded: base))
        nodePaths.append(path)
        for _ in 0..<fields { links.append(-2) }
        while base + fields > fieldCapacity { growIfFull(&fieldValues, count: fieldCapacity, capacity: &fieldCapacity) }
        (fieldValues + base).initialize(repeating: .null, count: fields)
        nodeCount += 1
        return Int32(truncatingIfNeeded: nodeCount - 1)
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
        let r = nodes + Int(n)
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
        (fieldValues + b).initialize(to: value)  // it held `.null`: nothing to destroy
        fieldsRead.append(Int32(truncatingIfNeeded: b))
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
        // The type is read without counting a reference (the schema keeps it).
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
        if let ref = Self.recordRef(p) { return Self.fieldCount(nodes + Int(ref.node), id: id) }
        return memberCount(p.pointee, id: id)
    }

    @inline(__always)
    func memberNumbers(at p: UnsafeMutablePointer<RuleValue>, id: Int) -> [Rational]? {
        if let ref = Self.recordRef(p) {
            var out: [Rational] = []
            return appendNumbers(nodes + Int(ref.node), id: id, into: &out) ? out : nil
        }
        return memberNumbers(p.pointee, id: id)
    }

    @inline(__always)
    func records(at p: UnsafeMutablePointer<RuleValue>, _ body: RecordVisit) {
        if let ref = Self.recordRef(p) { body(nodes + Int(ref.node)) } else { records(of: p.pointee, body) }
    }

    @inline(__always)
    func fieldRecords(at p: UnsafeMutablePointer<RuleValue>, id: Int, _ body: RecordVisit) -> Bool {
        if let ref = Self.recordRef(p) { return Self.fieldRecords(nodes + Int(ref.node), id: id, body) }
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
        return Self.fieldCount(nodes + Int(ref.node), id: id)
    }

    /// The numbers `member(base, id:)` holds, read from the report without making the values
    /// (no location taken, no list of values made); nil where one is not a number of a decimal
    /// or whole-number field (the values are made then, and the function says what is wrong).
    func memberNumbers(_ base: RuleValue, id: Int) -> [Rational]? {
        var out: [Rational] = []
        switch base {
        case .record(let ref, _):
            guard appendNumbers(nodes + Int(ref.node), id: id, into: &out) else { return nil }
        case .list(let items, _):
            out.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .record(let ref, _): guard appendNumbers(nodes + Int(ref.node), id: id, into: &out) else { return nil }
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
        let p = InPlace.fields(r) + i
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

    /// Visits the records a rule value holds: a record, or a list's records (lists in lists
    /// flattened); any other value holds none.
    func records(of value: RuleValue, _ body: RecordVisit) {
        switch value {
        case .record(let ref, _): body(nodes + Int(ref.node))
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
        let p = InPlace.fields(r) + i
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

    /// How many values field `id` of the record at `r` holds: none when absent, a list its
    /// items, else one.
    @inline(__always)
    static func fieldCount(_ r: UnsafePointer<Record>, id: Int) -> Int {
        guard let (_, i) = InPlace.field(r, id: id) else { return 0 }
        let p = InPlace.fields(r) + i
        switch InPlace.kind(p) {
        case 0: return 0
        case 3: return InPlace.withItems(p) { $0.count }
        default: return 1
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

// MARK: - Code

/// Code held unretained (a `let` waiting in a frame), run without counting a reference to it.
extension Unmanaged where Instance == Code {
    @inline(__always)
    func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let result: Result<RuleValue, EvaluationError> = _withUnsafeGuaranteedRef { code in
            do throws(EvaluationError) { return .success(try code.run(f)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    @inline(__always)
    func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        let result: Result<Bool, EvaluationError> = _withUnsafeGuaranteedRef { code in
            do throws(EvaluationError) { return .success(try code.records(f, body)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A compiled expression.
class Code: @unchecked Sendable {
    func run(_ f: Frame) throws(EvaluationError) -> RuleValue { .null }

    /// How many items the value holds (`RuleValue.count`): what `count()` and `exists()` ask.
    /// A field read says it from the report without making the value (no number parsed, no
    /// list of records made).
    func count(_ f: Frame) throws(EvaluationError) -> Int { try run(f).count }

    /// The value's items as numbers, read from the report without making the values, where
    /// that is sure to give what `run` would give to a function of numbers; nil: run it.
    func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { nil }

    /// Visits the records a field of the value is read from (`Frame.records(of:)` of what `run`
    /// gives), read from the report without making the values; false where the code cannot
    /// say without running (`run` it then). A field read, a variable, a `let` not yet computed
    /// and `[*]` say it, so `count(a.b[*].c)` and `sum(xs[*].n)` make no values.
    func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool { false }
}

extension Code {
    /// `count` of field `id` of this code's value, from the report, or nil: run it.
    final func fieldCount(_ f: Frame, id: Int) throws(EvaluationError) -> Int? {
        var n = 0
        guard try records(f, { r in n += Frame.fieldCount(r, id: id) }) else { return nil }
        return n
    }

    /// The numbers of field `id` of this code's value, from the report, or nil: run it.
    final func fieldNumbers(_ f: Frame, id: Int) throws(EvaluationError) -> [Rational]? {
        var out: [Rational] = []
        out.reserveCapacity(16)
        var ok = true
        guard try records(f, { r in if ok { ok = f.appendNumbers(r, id: id, into: &out) } }) else { return nil }
        return ok ? out : nil
    }

    /// The records of field `id` of this code's value, from the report; false: run it.
    final func fieldRecords(_ f: Frame, id: Int, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        var ok = true
        guard try records(f, { r in if ok { ok = Frame.fieldRecords(r, id: id, body) } }) else { return false }
        return ok
    }
}

final class Constant: Code, @unchecked Sendable {
    let value: RuleValue
    init(_ value: RuleValue) { self.value = value }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { value }
}

final class MakeList: Code, @unchecked Sendable {
    let items: [Code]
    init(_ items: [Code]) { self.items = items }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        var out: [RuleValue] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try item.run(f)) }
        return .list(out, nil)
    }
}

/// A variable: a loop's item or index, `report`, `previous`, `actual`, `expect`.
final class Variable: Code, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.slots[slot] }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        f.records(at: f.slots + slot, body)
        return true
    }
}

/// A field of a variable (`m.value`), read where the variable's value stands: no copy of it.
final class VariableField: Code, @unchecked Sendable {
    let slot: Int, id: Int
    init(_ slot: Int, _ id: Int) { self.slot = slot; self.id = id }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(at: f.slots + slot, id: id) }
    override func count(_ f: Frame) throws(EvaluationError) -> Int { f.memberCount(at: f.slots + slot, id: id) }
    override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { f.memberNumbers(at: f.slots + slot, id: id) }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        f.fieldRecords(at: f.slots + slot, id: id, body)
    }
}

/// A `let`: computed on first read, in the report's scope, then kept.
final class LetVariable: Code, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        try compute(f)
        return f.slots[slot]
    }

    /// Computes the value into its slot, if not yet done.
    @inline(__always)
    func compute(_ f: Frame) throws(EvaluationError) {
        guard let code = f.pending[slot] else { return }
        f.pending[slot] = nil
        f.slots[slot] = try f.inReportScope { () throws(EvaluationError) in try code.run(f) }
    }

    /// Not yet computed: its code's records, without computing it.
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        guard let code = f.pending[slot] else {
            f.records(at: f.slots + slot, body)
            return true
        }
        return try f.inReportScope { () throws(EvaluationError) in try code.records(f, body) }
    }
}

/// A field of a `let` (`t.total`), computed first if need be, then read in place.
final class LetField: Code, @unchecked Sendable {
    let variable: LetVariable, id: Int
    init(_ variable: LetVariable, _ id: Int) { self.variable = variable; self.id = id }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        try variable.compute(f)
        return f.member(at: f.slots + variable.slot, id: id)
    }
    override func count(_ f: Frame) throws(EvaluationError) -> Int {
        try variable.compute(f)
        return f.memberCount(at: f.slots + variable.slot, id: id)
    }
    override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
        if let numbers = try variable.fieldNumbers(f, id: id) { return numbers }
        try variable.compute(f)
        return f.memberNumbers(at: f.slots + variable.slot, id: id)
    }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        try variable.fieldRecords(f, id: id, body)
    }
}

/// A field of the scope, by the schema-wide id of its name.
final class ScopeField: Code, @unchecked Sendable {
    let id: Int
    init(_ id: Int) { self.id = id }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(at: f.scopeCell, id: id) }
    override func count(_ f: Frame) throws(EvaluationError) -> Int { f.memberCount(at: f.scopeCell, id: id) }
    override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? { f.memberNumbers(at: f.scopeCell, id: id) }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        f.fieldRecords(at: f.scopeCell, id: id, body)
    }
}

final class FieldOf: Code, @unchecked Sendable {
    let base: Code, id: Int
    init(_ base: Code, _ id: Int) { self.base = base; self.id = id }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue { f.member(try base.run(f), id: id) }
    override func count(_ f: Frame) throws(EvaluationError) -> Int {
        if let n = try base.fieldCount(f, id: id) { return n }
        return f.memberCount(try base.run(f), id: id)
    }
    override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
        if let numbers = try base.fieldNumbers(f, id: id) { return numbers }
        return f.memberNumbers(try base.run(f), id: id)
    }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        try base.fieldRecords(f, id: id, body)
    }
}

final class All: Code, @unchecked Sendable {
    let base: Code
    init(_ base: Code) { self.base = base }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let v = try base.run(f)
        if case .list = v { return v }
        return .list(v.items, v.location)
    }
    override func count(_ f: Frame) throws(EvaluationError) -> Int { try base.count(f) }
    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool { try base.records(f, body) }
}

final class Index: Code, @unchecked Sendable {
    let base: Code, index: Code
    init(_ base: Code, _ index: Code) { self.base = base; self.index = index }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let items = try base.run(f).items
        guard case .number(let n, _) = try index.run(f), n.value.denominator == 1 else {
            throw EvaluationError(message: "a list index must be a whole number")
        }
        let i = Int(n.value.numerator) < 0 ? items.count + Int(n.value.numerator) : Int(n.value.numerator)
        return items.indices.contains(i) ? items[i] : .null
    }
}

final class Slice: Code, @unchecked Sendable {
    let base: Code, from: Code?, to: Code?
    init(_ base: Code, _ from: Code?, _ to: Code?) { self.base = base; self.from = from; self.to = to }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let (items, range, location) = try parts(f)
        return .list(range.isEmpty ? [] : Array(items[range]), location)
    }

    /// The list and the range the slice takes of it, without making the slice (`x in xs[:i]`
    /// looks through the range).
    func parts(_ f: Frame) throws(EvaluationError) -> (items: [RuleValue], range: Range<Int>, location: Location?) {
        let v = try base.run(f)
        let items = v.items
        func bound(_ c: Code?, _ fallback: Int) throws(EvaluationError) -> Int {
            guard let c else { return fallback }
            guard case .number(let n, _) = try c.run(f), n.value.denominator == 1 else {
                throw EvaluationError(message: "a slice bound must be a whole number")
            }
            return min(max(Int(n.value.numerator), 0), items.count)
        }
        let a = try bound(from, 0), b = try bound(to, items.count)
        return (items, a < b ? a..<b : 0..<0, v.location)
    }
}

/// `list[? condition]`: the condition runs with each item as the scope.
final class Filter: Code, @unchecked Sendable {
    let base: Code, condition: Code
    init(_ base: Code, _ condition: Code) { self.base = base; self.condition = condition }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let v = try base.run(f)
        var out: [RuleValue] = []
        let saved = f.scope
        defer { f.scope = saved }
        for item in v.items {
            f.scope = item
            if case .bool(true, _) = try condition.run(f) { out.append(item) }
        }
        return .list(out, v.location)
    }
}

final class Call: Code, @unchecked Sendable {
    let function: Function
    /// The arguments one by one (a function takes at most three), and how many: a property is
    /// read without counting a reference, an array's element is not.
    private let a0: Code?, a1: Code?, a2: Code?, argumentCount: Int
    /// `count(x)` or `exists(x)`: the argument's count is all it needs.
    let counts: Bool
    /// `sum(x)`, `mean(x)`, `min(x)`, `max(x)`, `breaks(x)`: the argument's numbers are.
    let takesNumbers: Bool
    init(_ function: Function, _ args: [Code]) {
        self.function = function
        argumentCount = args.count
        a0 = args.count > 0 ? args[0] : nil
        a1 = args.count > 1 ? args[1] : nil
        a2 = args.count > 2 ? args[2] : nil
        counts = (function == .count || function == .exists) && args.count == 1
        takesNumbers = function.takesNumbers && args.count == 1
    }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        if counts, let a0 {
            let n = try a0.count(f)
            return function == .count ? .number(Number(Rational(Int64(n))), nil) : .bool(n > 0, nil)
        }
        if takesNumbers, let a0, let values = try a0.numbers(f) { return try function.call(numbers: values) }
        // Every function takes at most three arguments: no list is made for them.
        let v0 = try a0?.run(f) ?? .null
        let v1 = try a1?.run(f) ?? .null
        let v2 = try a2?.run(f) ?? .null
        return try function.call(v0, v1, v2, count: argumentCount, f.schema)
    }
}

final class Not: Code, @unchecked Sendable {
    let operand: Code
    init(_ operand: Code) { self.operand = operand }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        switch try operand.run(f) {
        case .null: return .null
        case .bool(let b, _): return .bool(!b, nil)
        case let v: throw EvaluationError(message: "'not' cannot apply to \(v.display)")
        }
    }
}

final class Negate: Code, @unchecked Sendable {
    let operand: Code
    init(_ operand: Code) { self.operand = operand }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        switch try operand.run(f) {
        case .null: return .null
        case .number(let n, _):
            guard let r = n.value.negated() else { throw EvaluationError(message: "arithmetic overflow") }
            return .number(Number(r, places: n.places ?? n.readPlaces), nil)
        case let v: throw EvaluationError(message: "'-' cannot apply to \(v.display)")
        }
    }
}

/// `and`, `or` in three-valued logic: false and unknown is false, true or unknown is true.
final class Logic: Code, @unchecked Sendable {
    let isAnd: Bool, left: Code, right: Code
    init(isAnd: Bool, _ left: Code, _ right: Code) { self.isAnd = isAnd; self.left = left; self.right = right }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let lb: Bool? = if case .bool(let b, _) = try left.run(f) { b } else { nil }
        if isAnd && lb == false { return .bool(false, nil) }
        if !isAnd && lb == true { return .bool(true, nil) }
        let rb: Bool? = if case .bool(let b, _) = try right.run(f) { b } else { nil }
        if isAnd { return rb == false ? .bool(false, nil) : (lb == true && rb == true ? .bool(true, nil) : .null) }
        return rb == true ? .bool(true, nil) : (lb == false && rb == false ? .bool(false, nil) : .null)
    }
}

final class Binary: Code, @unchecked Sendable {
    enum Op: UInt8 { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, among, plus, minus, times, divided }
    let op: Op, left: Code, right: Code
    /// `x in xs[a:b]`: the slice is looked through, not made (held unretained, and read
    /// without counting a reference: `right` keeps it).
    private let rightSlice: Unmanaged<Slice>?
    /// `x >= 1`, `s == 'inverted'`: the constant, read where it stands (not copied, and its
    /// code not retained) when `constantRight`.
    private let constantRight: Bool
    private let rightValue: RuleValue
    init(_ op: Op, _ left: Code, _ right: Code) {
        self.op = op
        self.left = left
        self.right = right
        rightSlice = op == .among ? (right as? Slice).map { .passUnretained($0) } : nil
        let constant = right as? Constant
        constantRight = constant != nil
        rightValue = constant?.value ?? .null
    }

    var spelling: String {
        switch op {
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .among: "in"
        case .plus: "+"
        case .minus: "-"
        case .times: "*"
        case .divided: "/"
        }
    }

    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        let l = try left.run(f)
        if let rightSlice {
            let result: Result<RuleValue, EvaluationError> = rightSlice._withUnsafeGuaranteedRef { slice in
                do throws(EvaluationError) {
                    let (items, range, _) = try slice.parts(f)
                    return .success(Self.among(l, items, range))
                } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }
        if constantRight { return try apply(l, rightValue) }
        return try apply(l, try right.run(f))
    }

    /// `l in items[range]`: null where `l` is.
    @inline(__always)
    private static func among(_ l: RuleValue, _ items: [RuleValue], _ range: Range<Int>) -> RuleValue {
        if l.isNull { return .null }
        for k in range where RuleValue.equal(l, items[k]) == true { return .bool(true, nil) }
        return .bool(false, nil)
    }

    @inline(__always)
    private func apply(_ l: RuleValue, _ r: RuleValue) throws(EvaluationError) -> RuleValue {
        switch op {
        case .among:
            if case .list(let items, _) = r { return Self.among(l, items, items.indices) }
            if l.isNull { return .null }
            return .bool(RuleValue.equal(l, r) == true, nil)
        case .equal, .notEqual:
            // An absent value equals only null: `scale == 'inverted'` is false where no scale is given.
            guard let eq = RuleValue.equal(l, r) else { throw EvaluationError(message: "cannot compare \(l.display) with \(r.display)") }
            return .bool(op == .equal ? eq : !eq, nil)
        default:
            break
        }
        if l.isNull || r.isNull { return .null }
        if op == .plus, case .string(let a, _) = l, case .string(let b, _) = r { return .string(a + b, nil) }
        switch op {
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard case .number(let a, _) = l, case .number(let b, _) = r else {
                throw EvaluationError(message: "'\(spelling)' compares numbers, not \(l.display) and \(r.display)")
            }
            let result = switch op {
            case .less: a.value < b.value
            case .lessOrEqual: a.value <= b.value
            case .greater: a.value > b.value
            default: a.value >= b.value
            }
            return .bool(result, nil)
        default:
            guard case .number(let a, _) = l, case .number(let b, _) = r else {
                throw EvaluationError(message: "'\(spelling)' needs numbers, not \(l.display) and \(r.display)")
            }
            let v: Rational? = switch op {
            case .plus: a.value.adding(b.value)
            case .minus: a.value.subtracting(b.value)
            case .times: a.value.multiplied(by: b.value)
            default: b.value.numerator == 0 ? nil : a.value.divided(by: b.value)
            }
            guard let v else { throw EvaluationError(message: op == .divided ? "division by zero" : "arithmetic overflow") }
            return .number(Number(v), nil)
        }
    }
}

/// An expression that reads only the report, computed once per report.
final class Cached: Code, @unchecked Sendable {
    let slot: Int, inner: Code
    init(_ slot: Int, _ inner: Code) { self.slot = slot; self.inner = inner }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        guard f.caches(slot) else { return try inner.run(f) }
        if let v = f.cached(slot) { return v }
        let v = try inner.run(f)
        f.cache(slot, v)
        return v
    }

    // Not yet computed, what only counts the value, takes its numbers or visits its records
    // reads the report as the code would (`count(parts)`, `breaks(parts[*].n)` make no list of
    // parts); computed, the value kept is read.

    override func count(_ f: Frame) throws(EvaluationError) -> Int {
        if f.caches(slot), let v = f.cached(slot) { return v.count }
        return try inner.count(f)
    }

    override func numbers(_ f: Frame) throws(EvaluationError) -> [Rational]? {
        if f.caches(slot), f.cached(slot) != nil { return nil }
        return try inner.numbers(f)
    }

    override func records(_ f: Frame, _ body: RecordVisit) throws(EvaluationError) -> Bool {
        if f.caches(slot), let v = f.cached(slot) {
            f.records(of: v, body)
            return true
        }
        return try inner.records(f, body)  // false: the caller runs it (and so keeps it)
    }
}

final class Conditional: Code, @unchecked Sendable {
    let condition: Code, then: Code, otherwise: Code
    init(_ condition: Code, _ then: Code, _ otherwise: Code) { self.condition = condition; self.then = then; self.otherwise = otherwise }
    override func run(_ f: Frame) throws(EvaluationError) -> RuleValue {
        switch try condition.run(f) {
        case .bool(true, _): return try then.run(f)
        case .bool(false, _): return try otherwise.run(f)
        default: return .null
        }
    }
}

// MARK: - Compiling

/// The variables an expression sees, by slot: `report` 0 and `previous` 1, then its context's
/// own (loop items and indexes, `let`s, `actual`, `expect`), each bound before the expression.
struct Names {
    private(set) var slots: [String: Int] = ["report": 0, "previous": 1]
    private(set) var lets: Set<Int> = []
    private(set) var count = 2

    /// A new variable's slot (a name bound again gets a new slot; the later binding wins).
    @discardableResult
    mutating func bind(_ name: String, isLet: Bool = false) -> Int {
        slots[name] = count
        if isLet { lets.insert(count) }
        count += 1
        return count - 1
    }

    func contains(_ name: String) -> Bool { slots[name] != nil }
}

/// Compiles expressions: names to slots or fields, operators and functions to their cases.
struct Compiler {
    /// Schema-wide ids of field names (see `Expression.field`); a name without one is a field
    /// of no type.
    var fieldIDs: [String: Int] = [:]

    init(fieldIDs: [String: Int]) { self.fieldIDs = fieldIDs }

    /// The ids of a loaded schema's fields, as each type maps them.
    init(schema: Schema) {
        for type in schema.types {
            for (id, i) in type.fieldSlots.enumerated() where i >= 0 { fieldIDs[type.fields[i].name] = id }
        }
    }

    /// `e` compiled with the variables `names` binds; its other names are fields of the scope.
    func compile(_ e: Expression, _ names: Names) -> Code {
        func c(_ x: Expression) -> Code { compile(x, names) }
        switch e {
        case .literal(let v):
            return Constant(v)
        case .list(let items):
            if let values = Self.constants(items) { return Constant(.list(values, nil)) }
            return MakeList(items.map(c))
        case .name(let n, _):
            if let slot = names.slots[n] { return names.lets.contains(slot) ? LetVariable(slot) : Variable(slot) }
            if let id = fieldIDs[n] { return ScopeField(id) }
            return Constant(.null)  // a field no type has: absent everywhere
        case .member(let b, let n, _):
            if let id = fieldIDs[n] { return Self.field(c(b), id) }
            return Constant(.null)
        case .field(let b, let id, let n):
            _ = n
            guard let b else { return ScopeField(id) }
            return Self.field(c(b), id)
        case .all(let b): return All(c(b))
        case .index(let a, let b): return Index(c(a), c(b))
        case .slice(let a, let b, let d): return Slice(c(a), b.map(c), d.map(c))
        case .filter(let a, let b): return Filter(c(a), c(b))
        case .call(let n, let args, _): return Call(Function(rawValue: n)!, args.map(c))
        case .unary(let op, let a): return op == "not" ? Not(c(a)) : Negate(c(a))
        case .binary(let op, let a, let b):
            switch op {
            case "and": return Logic(isAnd: true, c(a), c(b))
            case "or": return Logic(isAnd: false, c(a), c(b))
            default:
                let ops: [String: Binary.Op] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
                                                ">=": .greaterOrEqual, "in": .among, "+": .plus, "-": .minus, "*": .times, "/": .divided]
                return Binary(ops[op]!, c(a), c(b))
            }
        case .conditional(let x, let y, let z): return Conditional(c(x), c(y), c(z))
        case .cached(let slot, let inner): return Cached(slot, c(inner))
        }
    }

    /// Field `id` of `base`'s value; of a variable's, read in place.
    private static func field(_ base: Code, _ id: Int) -> Code {
        if let v = base as? Variable { return VariableField(v.slot, id) }
        if let v = base as? LetVariable { return LetField(v, id) }
        return FieldOf(base, id)
    }

    /// The values of a list of literals, or nil when an item is not one.
    private static func constants(_ items: [Expression]) -> [RuleValue]? {
        var out: [RuleValue] = []
        for item in items {
            guard case .literal(let v) = item else { return nil }
            out.append(v)
        }
        return out
    }

    func compile(_ parts: [Rule.MessagePart], _ names: Names) -> TextTemplate {
        TextTemplate(parts: parts.map { part in
            switch part {
            case .text(let s): .text(s)
            case .value(let e): .value(compile(e, names))
            }
        })
    }
}

extension SchemaLoader {
    var compiler: Compiler { Compiler(fieldIDs: fieldIDs) }
}

/// A message or a line of prose, compiled: text, and values shown as they print.
struct TextTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case value(Code)
    }

    let parts: [Part]

    func render(_ f: Frame) throws(EvaluationError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .value(let c): out += try c.run(f).display
            }
        }
        return out
    }
}
