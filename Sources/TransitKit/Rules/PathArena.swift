/// Where a rule's value stands: its place in the input file and its step in the frame's
/// arena of model paths, spelled as a JSON Pointer only for a finding.

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
/// unretained: the frame's schema keeps every field), so making one is an append (to a
/// `PlainBuffer`) and the arena is freed in one piece.
struct PathArena: ~Copyable {
    struct Node {
        var parent: Int32
        /// The list index, or -1 for a field's step.
        var index: Int32
        var field: Unmanaged<Field>?
    }

    private var nodes = PlainBuffer<Node>(capacity: 1024)

    @inline(__always)
    private mutating func append(_ node: Node) -> Int32 {
        Int32(truncatingIfNeeded: nodes.append(node))
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
