/// The report schema: record types and their fields with their names in every format, the
/// enumerations, the rated items of each edition, the bands and the roles. The sections the layers
/// above the model read (the page layout, the rules, the transforms, the wording) are kept in
/// `sections`, each loaded and typed by its own layer. Loaded from `Schemas/nit.schema.yaml`
/// (compiled in as ``Schema/standard``) or any file of that form.
public final class Schema: Sendable {
    /// The schema's name (`transit-report`, `fiw-report`); `--family` takes it or its first word.
    public let name: String
    /// The version of the schema file's format the schema is written in.
    public let version: Int
    /// The XML namespace of documents written under this schema.
    public let xmlNamespace: String
    /// The type of a whole report.
    public let root: RecordType
    /// Every record type, in the order the schema file declares them.
    public let types: [RecordType]
    /// Every enumeration, by name.
    public let enums: [String: EnumType]
    /// The rated items, in the publisher's order, with the editions that rate each.
    public let items: [ItemDefinition]
    /// The attributes an item may carry (`item-attributes:`).
    public let itemAttributes: [ItemAttribute]
    /// The bands of the headline figure, lowest first.
    public let bands: [Band]
    /// Where the schema came from, for messages.
    public let file: String
    /// Every edition, in order (an edition spanning two years, 1999–2000, is named by its first).
    public let editions: [Int]
    /// What the commands compare reports by (subject, edition, headline, band, items).
    public let roles: Roles
    /// What `transit diff` compares, in order.
    public let compare: CompareSpec?
    /// The all-data sheet's columns, if the schema declares them.
    public let sheet: Sheet?
    /// The field and value every YAML, JSON and XML document of the family carries, so that it is
    /// told from other families' (nil: the family's documents carry none).
    public let marker: Marker?
    /// The sections of the layers above the model, each stored under its own type.
    let sections: SchemaSections

    /// A field and the value that marks a document as the family's.
    public struct Marker: Sendable {
        /// The marking field's key.
        public var field: String
        /// The value it has.
        public var value: String
    }
    /// The items by normalised name.
    private let itemLookup: [String: Int]
    /// The items each edition of `editions` rates (rules ask for them once per report or more).
    private let itemsByEdition: [Int: [ItemDefinition]]

    init(name: String, version: Int, xmlNamespace: String, root: RecordType, types: [RecordType],
         enums: [String: EnumType], items: [ItemDefinition], bands: [Band], file: String,
         roles: Roles, bandPlaces: Int = 2, sheet: Sheet? = nil, compare: CompareSpec? = nil, editions: [Int] = [], marker: Marker? = nil,
         itemAttributes: [ItemAttribute] = [], sections: SchemaSections = SchemaSections()) {
        self.itemAttributes = itemAttributes
        self.roles = roles
        self.bandPlaces = bandPlaces
        self.sheet = sheet
        self.compare = compare
        self.editions = editions
        self.marker = marker
        self.sections = sections
        self.name = name
        self.version = version
        self.xmlNamespace = xmlNamespace
        self.root = root
        self.types = types
        self.enums = enums
        self.items = items
        self.bands = bands
        self.file = file
        var lookup: [String: Int] = [:]
        for (k, c) in items.enumerated() where lookup[EnumType.normalize(c.name)] == nil {
            lookup[EnumType.normalize(c.name)] = k
        }
        self.itemLookup = lookup
        var byEdition: [Int: [ItemDefinition]] = [:]
        for edition in editions { byEdition[edition] = items.filter { $0.editions.contains(edition) } }
        itemsByEdition = byEdition
    }


    /// The record type named `name`.
    public func type(_ name: String) -> RecordType? { types.first { $0.name == name } }

    /// The items a full report of `edition` rates, in the publisher's order.
    public func items(forEdition edition: Int?) -> [ItemDefinition] {
        guard let edition else { return items.filter { $0.editions.contains(Int.max) } }
        return itemsByEdition[edition] ?? items.filter { $0.editions.contains(edition) }
    }

    /// The item named `name`, compared without regard to case or spacing.
    public func item(named name: String) -> ItemDefinition? {
        itemLookup[EnumType.normalize(name)].map { items[$0] }
    }

    /// Item keys without repeats, in the schema's order of the items where they name one,
    /// the others after them in the order given.
    public func itemOrder(_ keys: [String]) -> [String] {
        var seen: Set<String> = [], out: [(Int, Int, String)] = []
        for (k, key) in keys.enumerated() where seen.insert(key).inserted {
            out.append((itemLookup[EnumType.normalize(key)] ?? items.count, k, key))
        }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// The places the headline figure is printed with (its `decimals`; 0 for an integer): the
    /// bands are contiguous at that step, and a figure is rounded to it before its band is found.
    public let bandPlaces: Int

    /// The band value whose band holds `figure`, rounded to the headline's places (a boundary
    /// belongs to the lower band), or nil.
    public func band(of figure: ExactDecimal) -> String? {
        let s = figure.rounded(places: bandPlaces)
        return bands.first { s >= $0.min && s <= $0.max }?.value
    }

    /// The band of an exact figure (a mean, a sum), rounded half-up to the headline's places.
    func band(of figure: Rational) -> String? {
        figure.rounded(places: bandPlaces).flatMap { band(of: $0) }
    }

    /// The edition before `edition`, or nil (the first, or not an edition).
    public func previousEdition(_ edition: Int) -> Int? {
        guard let i = editions.firstIndex(of: edition), i > 0 else { return nil }
        return editions[i - 1]
    }

    /// The enumeration of the subject role's field (the countries), if it is one.
    public var subjects: EnumType? {
        if case .enumeration(let e)? = roles.subject.path.field(in: root)?.kind { return e }
        return nil
    }
}

/// A section of a schema file as the layer that reads it keeps it (the rules, the wording, the
/// page layout, the trends page…), stored by the schema under its type: the layer that loads a
/// section is the one that reads it, and the model knows none of them.
protocol SchemaSection: Sendable {
    /// What a schema without the section means by it (no rules, the standard trends page, no
    /// page text), declared once by the section's type.
    static var absent: Self { get }
}

/// A section a schema may lack, whose absence is `nil` (the page layout, the summary's spec):
/// kept as `Section?`.
protocol OptionalSection: Sendable {}

extension Optional: SchemaSection where Wrapped: OptionalSection {
    static var absent: Self { nil }
}

/// What the layers above the model keep of a schema, each section under its own type.
struct SchemaSections: Sendable {
    private var byType: [ObjectIdentifier: any Sendable] = [:]

    /// The section of type `Section`, or what its absence means.
    subscript<Section: SchemaSection>(_ type: Section.Type) -> Section {
        get { byType[ObjectIdentifier(type)] as? Section ?? Section.absent }
        set { byType[ObjectIdentifier(type)] = newValue }
    }
}

/// A record type: a named, ordered list of fields.
public final class RecordType: @unchecked Sendable, CustomStringConvertible {
    // Mutated only while the schema loads, before the type is shared; immutable afterwards, so
    // the readers' hot paths skip the run-time exclusivity checks of class properties.
    /// The type's name in the schema.
    public let name: String
    /// The XML element of a record of this type where no field names it (the root).
    public let xmlName: String
    /// What the type is, in a sentence (the exports' documentation).
    @exclusivity(unchecked) public internal(set) var doc: String?
    /// Where the type is declared in the schema file.
    @exclusivity(unchecked) public internal(set) var mark: Mark = .unknown
    /// Writers emit records of this type on one line in YAML (`{a: 1, b: 2}`) and JSON.
    @exclusivity(unchecked) public internal(set) var flow = false
    /// The type's fields, in the order the schema declares them (which writers keep).
    @exclusivity(unchecked) public internal(set) var fields: [Field] = []
    @exclusivity(unchecked) private var indexes: [String: Int] = [:]
    /// Field index by YAML/JSON key.
    @exclusivity(unchecked) private(set) var keyIndex: [String: Int] = [:]
    /// Field index by XML child element: a field's element, or an unwrapped list's item element.
    @exclusivity(unchecked) private(set) var elementIndex: [String: Int] = [:]
    /// Field index by XML attribute.
    @exclusivity(unchecked) private(set) var attributeIndex: [String: Int] = [:]
    /// Field index by schema-wide field-name id (-1: no such field), for the rule evaluator.
    @exclusivity(unchecked) var fieldSlots: [Int] = []

    /// The index of the field whose name has the schema-wide id `id`, or nil.
    @inline(__always)
    func fieldIndex(id: Int) -> Int? {
        guard id < fieldSlots.count else { return nil }
        let i = fieldSlots[id]
        return i >= 0 ? i : nil
    }
    /// The indexes of the required fields.
    @exclusivity(unchecked) private(set) var requiredFields: [Int] = []

    init(name: String) {
        self.name = name
        self.xmlName = name.replacingOccurrences("_", "-")
    }

    /// One nil for each field: what a new record starts from.
    @exclusivity(unchecked) private(set) var noFields: [Value?] = []

    func setFields(_ fields: [Field]) {
        self.fields = fields
        noFields = Array(repeating: nil, count: fields.count)
        requiredFields = fields.indices.filter { fields[$0].required }
        for (i, f) in fields.enumerated() {
            indexes[f.name] = i
            keyIndex[f.key] = i
            if f.isAttribute {
                attributeIndex[f.xmlName] = i
            } else if case .list = f.kind, !f.wrap {
                elementIndex[f.itemName] = i
            } else {
                elementIndex[f.xmlName] = i
            }
        }
    }

    /// The index of the field named `name`. Asking for a name the type lacks is a programming
    /// error in the code that asks (code names only fields the page layout itself needs).
    public func index(of name: String) -> Int {
        guard let i = indexes[name] else { preconditionFailure("type '\(self.name)' has no field '\(name)'") }
        return i
    }

    /// The index of the field named `name`, or nil.
    public func lookup(_ name: String) -> Int? { indexes[name] }

    public var description: String { name }
}

/// A field of a record type. A class: readers and writers look fields up per value, and a
/// reference costs one retain where a copy of five strings and a kind would cost six.
public final class Field: Sendable {
    /// The model's name for the field (used in paths and layout placeholders).
    public let name: String
    /// Its key in YAML and JSON.
    public let key: String
    /// Its XML element or attribute name.
    public let xmlName: String
    /// Written as an XML attribute.
    public let isAttribute: Bool
    /// For lists: the XML element of one item.
    public let itemName: String
    /// For lists: items sit inside an element named `xmlName` (true) or directly in the parent.
    public let wrap: Bool
    /// What the field holds.
    public let kind: Kind
    /// Whether every record of the type must have the field.
    public let required: Bool
    /// What the field is, in a sentence (the exports' documentation).
    public let doc: String?
    /// Where the field is declared in the schema file.
    public let mark: Mark
    /// Constraints the exports (JSON Schema, XSD) state; validation checks them as rules.
    public let facets: Facets

    init(name: String, key: String, xmlName: String, isAttribute: Bool, itemName: String, wrap: Bool,
         kind: Kind, required: Bool, doc: String?, mark: Mark, facets: Facets = Facets()) {
        self.name = name
        self.key = key
        self.xmlName = xmlName
        self.isAttribute = isAttribute
        self.itemName = itemName
        self.wrap = wrap
        self.kind = kind
        self.required = required
        self.doc = doc
        self.mark = mark
        self.facets = facets
        scalarKind = ScalarKind(of: kind)
    }

    /// What the field's scalars are (its items' for a list), in one byte: what evaluating a
    /// rule asks of every value it reads, where copying the kind would cost a retain.
    let scalarKind: ScalarKind
}

/// A scalar's kind as values are compared: text, a number, or true/false.
enum ScalarKind: UInt8, Sendable {
    case text, number, boolean

    init(of kind: Kind) {
        switch kind {
        case .decimal, .integer: self = .number
        case .boolean: self = .boolean
        case .list(let item): self = ScalarKind(of: item)
        default: self = .text
        }
    }
}

/// A field's constraints that schema languages can state, written beside it in the schema file:
/// `minimum`, `maximum` and `multiple-of` (numbers), `decimals` (at most so many after the
/// point), `one-of: items` (a string naming one of the schema's items); on a list of
/// records, `unique: FIELD` (no two items share it) and `covers: items` (the list names
/// every item of the report's edition, when it has any).
public struct Facets: Sendable {
    /// The least value allowed (`minimum:`).
    public var minimum: ExactDecimal?
    /// The greatest value allowed (`maximum:`).
    public var maximum: ExactDecimal?
    /// The value must be a multiple of this (`multiple-of:`).
    public var multipleOf: ExactDecimal?
    /// At most this many digits after the point (`decimals:`).
    public var decimals: Int?
    /// The string names one of the schema's items (`one-of: items`).
    public var oneOfItems = false
    /// On a list of records: no two records share this field's value (`unique:`).
    public var unique: String?
    /// On a list of records: it names every item of the report's edition (`covers: items`).
    public var coversItems = false

    /// No constraints.
    public init() {}

    /// Whether no constraint is set.
    public var isEmpty: Bool {
        minimum == nil && maximum == nil && multipleOf == nil && decimals == nil && !oneOfItems && unique == nil && !coversItems
    }
}

/// What a field holds.
public indirect enum Kind: Sendable {
    /// Text.
    case string
    /// An exact decimal number, kept as printed.
    case decimal
    /// A whole number.
    case integer
    /// `true` or `false`.
    case boolean
    /// One of an enumeration's values (or an alias of one).
    case enumeration(EnumType)
    /// A record of a type.
    case record(RecordType)
    /// A list of values of one kind.
    case list(Kind)

    /// A scalar kind (anything but a record or list).
    public var isScalar: Bool {
        switch self {
        case .record, .list: false
        default: true
        }
    }

    /// The name of this kind as the schema file spells it.
    public var name: String {
        switch self {
        case .string: "string"
        case .decimal: "decimal"
        case .integer: "integer"
        case .boolean: "boolean"
        case .enumeration(let e): e.name
        case .record(let r): r.name
        case .list(let k): k.name + "[]"
        }
    }
}

/// An enumeration: its canonical values, and other spellings that mean one of them.
public final class EnumType: Sendable {
    /// The enumeration's name in the schema.
    public let name: String
    /// Its canonical values, in the schema's order.
    public let values: [String]
    /// Alternative spellings, mapped to their canonical value.
    public let aliases: [(spelling: String, value: String)]
    private let lookup: [String: String]
    /// The longest normalised spelling, in UTF-8 bytes: longer text cannot match.
    private let longest: Int
    /// Which ASCII bytes a normalised spelling can start with (text starting otherwise cannot match).
    private let firstBytes: [Bool]
    /// The values lower-cased once, for suggestions.
    private let spellings: Spelling.Candidates

    init(name: String, values: [String], aliases: [(spelling: String, value: String)]) {
        self.name = name
        self.values = values
        self.aliases = aliases
        var lookup: [String: String] = [:]
        for v in values { lookup[Self.normalize(v)] = v }
        for a in aliases { lookup[Self.normalize(a.spelling)] = a.value }
        self.lookup = lookup
        self.longest = lookup.keys.map(\.utf8.count).max() ?? 0
        var firsts = [Bool](repeating: false, count: 128)
        for key in lookup.keys { if let b = key.utf8.first, b < 0x80 { firsts[Int(b)] = true } }
        self.firstBytes = firsts
        self.spellings = Spelling.Candidates(values)
    }

    /// The value `text` was most likely meant to be — the closest by edits, ignoring case —
    /// when it is close enough to be a misspelling (at most a quarter of its letters, and at
    /// least two edits allowed), else nil.
    public func suggestion(for text: String) -> String? {
        spellings.closest(to: text)
    }

    /// The canonical value `spelling` stands for — ignoring case, runs of spaces, and spaces
    /// around hyphens (`SEMI - FREE`) — or nil.
    public func canonical(_ spelling: String) -> String? {
        // Lower-casing may grow a non-ASCII character by a byte or two; spaces only shrink.
        // A long line is no spelling of a short value (spaces aside, which only shrink).
        if spelling.utf8.count > longest * 3 + 8 { return nil }
        var letters = 0, first: UInt8?
        for b in spelling.utf8 where b != 0x20 && b != 0x09 {
            if first == nil { first = b }
            letters += 1
        }
        if let b = first, b < 0x80, !firstBytes[Int(b >= 0x41 && b <= 0x5A ? b + 32 : b)] { return nil }
        guard letters <= longest * 2 else { return nil }
        return lookup[Self.normalize(spelling)]
    }

    /// Lower case, single spaces, no spaces around hyphens.
    static func normalize(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return normalizeASCII(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s.lowercased() {
            if ch == " " || ch == "\t" {
                pendingSpace = true
                continue
            }
            if ch == "-" {
                pendingSpace = false
                out.append("-")
                continue
            }
            if pendingSpace && !out.isEmpty && out.last != "-" { out.append(" ") }
            pendingSpace = false
            out.append(ch)
        }
        return out
    }

    /// `normalize` for ASCII text, on bytes.
    private static func normalizeASCII(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for b in s.utf8 {
            switch b {
            case 0x20, 0x09:
                pendingSpace = true
            case 0x2D:
                pendingSpace = false
                out.append(b)
            default:
                if pendingSpace && !out.isEmpty && out.last != 0x2D { out.append(0x20) }
                pendingSpace = false
                out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A band of the headline figure and the value (of the band role's field) it gives.
public struct Band: Sendable {
    /// The value of the band role's field this band gives (`Fair`, `Free`).
    public let value: String
    /// The least headline figure in the band.
    public let min: ExactDecimal
    /// The greatest headline figure in the band.
    public let max: ExactDecimal
}

/// A rated item and the editions that rate it.
public struct ItemDefinition: Sendable {
    /// The item's name, as the items role's key field holds it.
    public let name: String
    /// What the item rates, in the publisher's words.
    public let description: String
    /// The editions that rate the item.
    public let editions: EditionRange
    /// Its values of the schema's declared item attributes, as written (`max: "3"`).
    public var attributes: [String: String] = [:]
}

/// An attribute every item may carry (`item-attributes:`): its name, kind and meaning, and the
/// bound it sets on the item's value, if any.
public struct ItemAttribute: Sendable {
    /// Which bound an attribute sets on the item's value.
    public enum Bound: String, Sendable {
        /// The value is at most the attribute.
        case maximum
        /// The value is at least the attribute.
        case minimum
    }

    /// The attribute's name (`max`).
    public let name: String
    /// `.string`, `.decimal` or `.integer`.
    public let kind: Kind
    /// What the attribute means, in a sentence.
    public let doc: String?
    /// The attribute bounds the value of the items role's records (the exports state it per item).
    public let bounds: Bound?

    /// Whether the attribute is a number.
    public var isNumeric: Bool { if case .string = kind { false } else { true } }
}

/// An inclusive range of editions, open at either end.
public struct EditionRange: Sendable, CustomStringConvertible {
    /// The first edition (nil: from the earliest).
    public let first: Int?
    /// The last edition (nil: to the latest).
    public let last: Int?

    /// Whether `edition` is in the range.
    public func contains(_ edition: Int) -> Bool {
        (first.map { edition >= $0 } ?? true) && (last.map { edition <= $0 } ?? true)
    }

    public var description: String { "\(first.map(String.init) ?? "")-\(last.map(String.init) ?? "")" }
}
