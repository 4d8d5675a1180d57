/// The schema's `layout:` section, as the page engine reads it, and its loader.

extension Schema {
    /// The family's page text (nil: the family has no page-text format).
    var layout: PageSpec? { sections[PageSpec?.self] }

    /// The keywords of the page's figure lines, lower case: what tells the family's page text
    /// from another family's.
    var pageKeywords: [String] {
        layout?.figures.flatMap { $0.keywords.map { String(decoding: $0, as: UTF8.self).lowercased() } } ?? []
    }
}

/// What fills in the fields a page does not print: the layout's `derive` transform, given to the
/// page engine by the family loader (the engine evaluates no rules itself). It gives the report
/// filled in, or says why it could not (the reader reports it: no error is dropped).
struct PageDerivation: OptionalSection {
    let derive: @Sendable (Record, Schema) -> Result<Record, Failure>

    struct Failure: Error, Sendable {
        var message: String
    }
}

/// The schema's `layout:` section: how a report of the family stands on the publisher's country
/// page. The page engine (`PageReader`, `PageWriter`, `PageLayout`) reads every literal, keyword
/// and field name from here; it knows the shape of such a page — figures above the first
/// heading, headed sections, rated-item blocks, a footer — and nothing of a family.
final class PageSpec: OptionalSection {
    /// A line with one field: `prefix{field}suffix`.
    struct Line: Sendable {
        var prefix: String
        var field: String
        var suffix: String
        var template: String { prefix + "${" + field + "}" + suffix }
    }

    struct Figure: Sendable {
        var field: String
        var keywords: [[UInt8]]
        var after: String
        /// Its line on the standard page (nil: the page prints it only as the badge).
        var line: Line?
        var badge: Bool
    }

    struct Last: Sendable {
        var keyword: String
        var label: String
        /// The record holding last edition's figure and band, and their fields in it.
        var record: String
        var type: RecordType
        var figure: String
        var band: String
        var max: [String]
    }

    struct Mark: Sendable {
        var field: String
        var value: String
        var keywords: [String]
    }

    struct Note: Sendable {
        var field: String
        var starts: [String]
        var keywords: [String]
        var suffix: String
        var marks: [Mark]
    }

    /// A sentence per item that moved, a record each of `list`: its line's first field names the
    /// item, kept as the schema names it, and as printed in `printed` where that differs; `verb`
    /// is its enumeration field (the changes' `verbs`).
    struct Statements: Sendable {
        var list: String
        var line: LineGrammar
        var key: String
        /// The item's name as printed where it differs from the schema's (nil: kept as printed).
        var printed: String?
        var verb: String
    }

    /// The sentence on the headline figure; its line's first field is the subject, a possessive
    /// of the report's subject.
    struct Result: Sendable {
        var field: String
        var line: LineGrammar
    }

    /// A class, not a struct: the reader reads it many times a page, and a copy of a struct of
    /// this many texts and lists counts a reference for each.
    final class Changes: Sendable {
        let field: String
        let type: RecordType
        let title: [UInt8]
        /// The heading written; `{year}` stands for the year the title names (the edition less `add`).
        let heading: String
        let untitled: String
        let titleYear: TitleYear?
        /// The line that says nothing changed, and the sentence on the headline figure: each
        /// there when the layout gives it.
        let none: NoneLine?
        let verbs: EnumType
        let statements: Statements
        let result: Result?
        let articles: [String]
        let suffixes: [String]

        init(field: String, type: RecordType, title: [UInt8], heading: String, untitled: String,
             titleYear: TitleYear?, none: NoneLine?, verbs: EnumType,
             statements: Statements, result: Result?, articles: [String], suffixes: [String]) {
            self.field = field
            self.type = type
            self.title = title
            self.heading = heading
            self.untitled = untitled
            self.titleYear = titleYear
            self.none = none
            self.verbs = verbs
            self.statements = statements
            self.result = result
            self.articles = articles
            self.suffixes = suffixes
        }
    }

    /// The line under an item's header as a template of the item's fields, its own attributes
    /// filled in (`{question} {score} / {max}`): one grammar for every item, or one an item.
    struct ItemLine: Sendable {
        let every: LineGrammar?
        let byItem: [String: LineGrammar]

        func grammar(_ item: String?) -> LineGrammar? { every ?? item.flatMap { byItem[$0] } }
    }

    /// A line whose presence says a boolean field is true (`<mark> <explanation>`), and a mark
    /// glued to the name line that says the same (`<name><mark>`).
    struct Flag: Sendable {
        var field: String
        var line: String
        var nameSuffix: String?
        /// The value the line says (`true` for a boolean; a value of an enumeration).
        var value: String = "true"
    }

    /// A class, not a struct: the reader reads it many times a page, and a copy of a struct of
    /// this many texts and lists counts a reference for each.
    final class Items: Sendable {
        let list: String
        let type: RecordType
        let header: Line
        /// The line under the header as a template of the item's fields (nil: the description
        /// with the rating glued to its whole number, `description` and `rating`).
        let line: ItemLine?
        let description: String
        let rating: String
        /// The whole number printed after the rating, kept where it disagrees (nil: never kept).
        let rounded: String?
        let places: Int
        let max: String
        /// The item's paragraphs: as bullets right under the rating line, or (`paragraphs`)
        /// each after a blank line.
        let bullets: String
        let paragraphs: Bool
        /// A sentence closing the paragraphs, kept as a record (`<label>: <sentence>`).
        let note: ItemNote?
        /// Lines printed before the item with this key (group headings), each block followed
        /// by a blank line.
        let groups: [String: [String]]
        /// Blank lines between two items' blocks.
        let gap: Int
        /// The rating field is a whole number (printed with `places` decimals).
        let wholeRating: Bool
        /// Blocks of another record among the items' (an item of another kind, printed alike).
        let extras: [Extra]
        /// Other header lines seen in copies (`{code} <range>`), and the plain rating they come
        /// with: the value, then this (`<text> <value> / <max>`).
        let headerVariants: [Line]
        let plainMax: String?
        /// Each item's attributes by its name, for the `{attribute}`s of the header lines and
        /// the maximum (`{code} 0-{max} pts`, `{max}.00{max}`); empty when they name none.
        let attributes: [String: [String: String]]
        /// Whether the header lines or the maximum name an item's attributes.
        let attributed: Bool

        init(list: String, type: RecordType, header: Line, line: ItemLine?, description: String, rating: String,
             rounded: String?, places: Int, max: String, bullets: String, paragraphs: Bool,
             note: ItemNote?, groups: [String: [String]], gap: Int, wholeRating: Bool, extras: [Extra],
             headerVariants: [Line], plainMax: String?, attributes: [String: [String: String]] = [:]) {
            self.attributes = attributes
            self.attributed = !attributes.isEmpty
            self.list = list
            self.type = type
            self.header = header
            self.line = line
            self.description = description
            self.rating = rating
            self.rounded = rounded
            self.places = places
            self.max = max
            self.bullets = bullets
            self.paragraphs = paragraphs
            self.note = note
            self.groups = groups
            self.gap = gap
            self.wholeRating = wholeRating
            self.extras = extras
            self.headerVariants = headerVariants
            self.plainMax = plainMax
        }

        /// `{attribute}`s of `text` filled in with item `name`'s attributes (the text itself when
        /// it names none).
        func expand(_ text: String, _ name: String?) -> String {
            guard attributed, text.utf8.contains(UInt8(ascii: "{")), let name, let values = attributes[name] else { return text }
            var out = text
            for (k, v) in values { out = out.replacingOccurrences("{\(k)}", v) }
            return out
        }
    }

    /// A block like an item's, of a record field of the report, before the item with key `before`:
    /// a header line, the description with the rating glued to its whole number (no maximum;
    /// `sign: "-"` prints the value negated, as points taken away: `-3.00-3`, and `0.000`), then
    /// paragraphs.
    struct Extra: Sendable {
        var before: String
        var header: String
        var field: String
        var type: RecordType
        var description: String
        var rating: String
        var negative: Bool
        var paragraphs: String
    }

    /// A sentence closing an item's paragraphs, kept as a record.
    struct ItemNote: Sendable {
        var field: String
        var line: LineGrammar
    }

    /// A headed section of paragraphs (or bullets), or of one sentence kept as a record
    /// (`<subject> status declined from A to B<rest>`).
    struct Section: Sendable {
        var field: String
        var title: [UInt8]
        /// The heading written; `{year}` is the edition less `add`.
        var heading: String
        var titleYear: TitleYear?
        var bullets: Bool
        /// The section is one sentence, read into the field's record.
        var sentence: LineGrammar?
        /// The names under the heading (`By …`), when the section prints them.
        var byline: Byline?
    }

    /// `<prefix><name><joiner><name>`: names printed on one line under a heading; a byline
    /// before any heading opens its section.
    struct Byline: Sendable {
        var field: String
        var prefixes: [String]
        var joiners: [String]
    }

    struct Scores: Sendable {
        var list: String
        var type: RecordType
        var name: String
        var suffix: String
        var score: String
        var max: String
        var band: String
    }

    /// The year a heading names, where it names one: the field it comes from, less `add`.
    struct TitleYear: Sendable {
        var field: String
        var add: Int
    }

    /// The line that says a section has nothing to say, and the boolean field that records it.
    struct NoneLine: Sendable {
        var field: String
        var text: String
    }

    struct Authors: Sendable {
        var field: String
        var titles: [[UInt8]]
    }

    /// A closing paragraph (`<prefix><text>`), read once outside a section with a byline.
    struct Closing: Sendable {
        var field: String
        var prefixes: [String]
    }

    /// The notice of a short page: a paragraph of at most `longest` bytes holding `keyword`.
    struct Notice: Sendable {
        var field: String
        var keyword: [UInt8]
        var longest: Int
    }

    /// The footer: the `name` line, the lines that start it, and its literal lines.
    struct Footer: Sendable {
        var name: Line?
        var starts: [String]
        var lines: [String]
    }

    /// Everything the loader reads, part by part; `PageSpec(parts)` freezes it.
    struct Parts: Sendable {
        var bullet = ""
        var heading = ""
        var page = ""
        var pageType: RecordType?
        var prose: RecordType?
        var proseText = 0
        var proseNotes = 0
        var noteType: RecordType?
        var noteNumber = 0
        var noteOffset = 0
        var proseBullet: Int?
        var notesThroughPage = false
        var editionField: String?
        var title: Line?
        var titleName: String?
        var name = ""
        var names: EnumType?
        var band = ""
        var bands: EnumType?
        var figures: [Figure] = []
        var last: Last?
        var note: Note?
        var flags: [Flag] = []
        var lines: [LineGrammar] = []
        var sections: [Section] = []
        var literals: Set<String> = []
        var changes: Changes?
        var authors: Authors?
        var items: Items?
        var closing: Closing?
        var notice: Notice?
        var derive: String?
        var footer: Footer?
        var scores: Scores?
        var tokens: Set<[UInt8]> = []
    }

    let bullet: String
    let heading: String
    let page: String
    let pageType: RecordType
    let prose: RecordType
    let proseText: Int
    let proseNotes: Int
    let noteType: RecordType
    let noteNumber: Int
    let noteOffset: Int
    /// The boolean field of a paragraph printed otherwise than its section's paragraphs (a plain
    /// paragraph among bullets: false; a bullet among paragraphs: true), when the layout names one.
    let proseBullet: Int?
    /// Footnote markers are numbered on through the page, not from 1 in each section and block.
    let notesThroughPage: Bool
    /// The edition role's field, which a heading's `{edition}` prints.
    let editionField: String?
    let title: Line?
    /// What stands between the title and the subject's name where a copy's title names it
    /// (`<title> 2024 - <name>`).
    let titleName: String?
    let name: String
    let names: EnumType
    let band: String
    let bands: EnumType
    let figures: [Figure]
    /// The furniture of a publisher's page, each optional: last edition's block, the note
    /// under the figures, the notice of a short page, the footer and its scores.
    let last: Last?
    let note: Note?
    let flags: [Flag]
    /// Lines of the report's fields, several a line (`Total {total} of 100, rank {rank} of
    /// {ranked}`); a field the page prints elsewhere too must agree (`{country}_hero`).
    let lines: [LineGrammar]
    /// A line of `lines` prints the band (`Rating: {rating}`): the band's bare line is not written.
    let linesPrintBand: Bool
    let sections: [Section]
    /// The first section with a byline, and its index: the section a byline before any heading opens.
    let bylined: (index: Int, byline: Byline)?
    let literals: Set<String>
    let changes: Changes?
    let authors: Authors?
    let items: Items?
    let closing: Closing?
    let notice: Notice?
    /// The transform that fills in what a page does not print (nil: nothing is derived but the
    /// band of the headline figure).
    let derive: String?
    let footer: Footer?
    let scores: Scores?
    /// Words with digits the schema knows (item codes, values of enumerations): a footnote
    /// marker never takes one apart.
    let tokens: Set<[UInt8]>

    /// The spec of `parts`, or nil when a part the page cannot do without is missing (the
    /// loader has said which).
    init?(_ p: Parts) {
        guard let pageType = p.pageType, let prose = p.prose, let noteType = p.noteType, let names = p.names, let bands = p.bands else { return nil }
        bullet = p.bullet
        heading = p.heading
        page = p.page
        self.pageType = pageType
        self.prose = prose
        proseText = p.proseText
        proseNotes = p.proseNotes
        self.noteType = noteType
        noteNumber = p.noteNumber
        noteOffset = p.noteOffset
        proseBullet = p.proseBullet
        notesThroughPage = p.notesThroughPage
        editionField = p.editionField
        title = p.title
        titleName = p.titleName
        name = p.name
        self.names = names
        band = p.band
        self.bands = bands
        figures = p.figures
        last = p.last
        note = p.note
        flags = p.flags
        lines = p.lines
        linesPrintBand = p.lines.contains { line in line.type.lookup(p.band).map(line.fields.contains) ?? false }
        sections = p.sections
        bylined = p.sections.enumerated().lazy.compactMap { k, section in section.byline.map { (k, $0) } }.first
        literals = p.literals
        changes = p.changes
        authors = p.authors
        items = p.items
        closing = p.closing
        notice = p.notice
        derive = p.derive
        footer = p.footer
        scores = p.scores
        tokens = p.tokens
    }
}
