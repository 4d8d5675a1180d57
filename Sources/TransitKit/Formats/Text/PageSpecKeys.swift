/// The key tables of the `layout:` section (table-like data): every key the page layout's loader
/// accepts, what it holds and what it means.

extension KeyTable {
    static let layout = KeyTable("layout", "layout", "The page text: every literal, keyword and field of the publisher's country page.", [
        .required("bullet", .text, "What starts a bullet line (`\"  • \"`, `\"- \"`)."),
        .key("heading", .text, absent: "headings are printed bare (`Moves`), and a line is one only as its template prints it", "The word a numbered heading starts with on the standard page (`part` prints `part1 Moves`)."),
        .required("page", .field, "The record field of the report that keeps how its page was laid out (line ending, layout lines, derived fields)."),
        .required("prose", .keys(layoutProse), "The record type of a paragraph and of its footnote markers."),
        .required("top", .keys(layoutTop), "What stands above the first heading: title, name, band, figures and the furniture under them."),
        .key("sections", .list(.keys(layoutSection)), "Headed sections of paragraphs, bullets or both (with the names under the heading), or of one sentence kept as a record, in page order."),
        .key("changes", .keys(layoutChanges), "The section that says what moved since the last edition, in sentences read into records."),
        .key("authors", .keys(layoutAuthors), "A section that lists the authors."),
        .key("items", .keys(layoutItems), "The rated items' blocks."),
        .key("closing", .keys(layoutClosing), "A closing paragraph after the summary (`Signed: …`)."),
        .key("notice", .keys(layoutNotice), "The notice of a short page (`… will be posted later`)."),
        .key("footer", .keys(layoutFooter), "The footer: its lines and the other reports' scores it lists."),
        .key("derive", .text, absent: "only the headline's band is derived", "The transform that fills in what a page does not print; its fields are recorded as derived and the page is written back without them."),
    ])

    static let layoutProse = KeyTable("layout-prose", "layout 'prose'", "Paragraphs and their footnote markers.", [
        .required("type", .text, "The record type of a paragraph."),
        .required("text", .field, "Its text field."),
        .required("notes", .field, "Its list of footnote markers (records)."),
        .required("number", .field, "A marker's number (an integer field)."),
        .required("offset", .field, "Where a marker stands in the text, in characters (an integer field)."),
        .key("bullet", .field, "A boolean field of a paragraph that says it is printed otherwise than its section prints paragraphs: `false` for a plain paragraph among bullets, `true` for a bullet among paragraphs. Without it, a section is paragraphs or bullets only."),
        .key("numbering", .text, absent: "`section`", "How footnote markers are numbered: from 1 in each section and each item's block (`section`, as Freedom House numbers them), or on through the page (`page`)."),
    ])

    static let layoutTop = KeyTable("layout-top", "layout 'top'", "The top of the page, above the first heading; lines in any order.", [
        .key("title", .template, "The title line copies print, with the edition: `Coastal Survey {season}` (read and kept; the standard page prints no title — a title every page prints goes in `lines`)."),
        .key("title-name", .text, "What stands between the title and the subject's name where a copy's title names it (`\" - \"`)."),
        .key("name", .field, absent: "the subject role's field", "The subject's name line (an enumeration field)."),
        .key("band", .field, absent: "the band role's field", "The band's bare line (an enumeration field); not written where a line of `lines` prints the band."),
        .key("figures", .list(.keys(layoutFigure)), "The figure lines."),
        .key("last", .keys(layoutLast), "Last edition's block: a label line, then its figure and band."),
        .key("note", .keys(layoutNote), "The note under the figures (on the method, the scale)."),
        .key("flags", .list(.keys(layoutFlag)), "Lines (or marks glued to the name) that say a boolean field is true."),
        .key("literals", .texts, "Other lines of the top kept as they are."),
        .key("lines", .list(.template), "Lines of the report's fields (or of its records' fields, by path: `{record.field}`), several a line, as sentences are (`Total {total} of 100[, rank {rank} of {ranked}]`): read where they stand above the first heading, written in order after the figures and the note when every field outside `[…]` has a value; a field the page prints elsewhere too must agree (`{country}_hero`), or it is an error naming both."),
    ])

    static let layoutFigure = KeyTable("layout-figure", "a figure of the layout", "A figure line.", [
        .required("field", .field, "The figure's field (a number)."),
        .key("line", .template, "Its line on the standard page, with the field: `Water Index {water_index} of 15`; required but for a badge."),
        .key("keywords", .texts, "Words that tell its line in any copy, case ignored."),
        .key("after", .text, "The words after which the figure stands on its line; a label line with no number is followed by the figure's own line (`Total Score:`, then `61`)."),
        .key("badge", .boolean, absent: "false", "The figure is also printed as a bare number under the band (alone, without `line`: only so)."),
    ])

    static let layoutLast = KeyTable("layout-last", "layout 'last'", "Last edition's figure and band.", [
        .required("keyword", .text, "Words of the label line that tell it, case ignored."),
        .required("label", .text, "The label line written."),
        .required("figure", .path, "Last edition's figure: `RECORD.FIELD` of a record of the report."),
        .required("band", .path, "Last edition's band: `RECORD.FIELD`, the same record."),
        .required("max", .texts, "What may follow the figure (`\" of 15\"`); the first is written."),
    ])

    static let layoutNote = KeyTable("layout-note", "layout 'note'", "The note under the figures.", [
        .required("field", .field, "Its text field."),
        .required("starts", .texts, "How the note may start."),
        .required("keywords", .texts, "Words that tell it anywhere in its line."),
        .required("suffix", .text, "A sentence after the note kept apart (`\" Read the method.\"`)."),
        .key("marks", .list(.keys(layoutNoteMark)), "Phrases of the note that say a field's value (the scale)."),
    ])

    static let layoutNoteMark = KeyTable("layout-note-mark", "a mark of the layout's note", "A phrase of the note that says a value.", [
        .required("field", .field, "An enumeration field of the report."),
        .required("value", .text, "The value the phrase says."),
        .required("keywords", .texts, "The phrases."),
    ])

    static let layoutFlag = KeyTable("layout-flag", "a flag of the layout", "A line whose presence says a field's value.", [
        .required("field", .field, "A boolean field, or an enumeration field with `value`."),
        .required("line", .text, "The line."),
        .key("value", .text, absent: "`true`", "The value the line says (`old`: `(0 = Best, 100 = Worst)` says the old scale)."),
        .key("name-suffix", .text, "A mark glued to the name line that says the same (`*`)."),
    ])

    static let layoutSection = KeyTable("layout-section", "a section of the layout", "A headed section.", [
        .required("field", .field, "Its field: paragraphs (a list of the prose type; where the prose type has no `bullet` field, a bulleted line among paragraphs is a paragraph as printed), or with `sentence` a record."),
        .required("title", .text, "How its heading starts, case ignored."),
        .required("heading", .text, "The heading written; `{year}` (with `title-year`) or `{edition}` is the only placeholder."),
        .key("title-year", .keys(layoutTitleYear), "The year the heading names."),
        .key("bullets", .boolean, absent: "false", "Its paragraphs are bullets; a plain paragraph among them is read as one when `prose` names its `bullet` field, else kept as it stands."),
        .key("byline", .keys(layoutByline), "The names under the heading (`By A and B`); a byline before any heading opens the section."),
        .key("sentence", .template, "The section is one sentence, read into the field's record: a line of its fields (`{subject} status {verb} from {from} to {to}{rest}`; see the sentence lines)."),
    ])

    static let layoutTitleYear = KeyTable("layout-title-year", "'title-year'", "The year a heading names.", [
        .required("field", .field, "The field the year comes from (an integer)."),
        .key("add", .integer, absent: "0", "The field's value less the year printed."),
    ])

    static let layoutChanges = KeyTable("layout-changes", "layout 'changes'", "The section of changes since the last edition.", [
        .required("field", .field, "Its record field."),
        .required("title", .text, "How its heading starts, case ignored."),
        .required("heading", .text, "The heading written; `{year}` (with `title-year`) or `{edition}` is the only placeholder."),
        .key("untitled", .text, absent: "the heading (required when it names a year)", "The heading written when the year is not known."),
        .key("title-year", .keys(layoutTitleYear), "The year the heading names."),
        .key("none", .keys(layoutNoneLine), absent: "no such line", "The line that says nothing changed."),
        .required("statements", .keys(layoutStatements), "A sentence per item that moved."),
        .key("result", .keys(layoutResult), absent: "no such sentence", "The sentence on the headline figure."),
        .key("possessive", .keys(layoutPossessive), absent: "the result's subject read as printed", "How the subject's name is made possessive."),
    ])

    static let layoutNoneLine = KeyTable("layout-none", "'none'", "The line that says a section has nothing to say.", [
        .required("field", .field, "The boolean field that records it."),
        .required("text", .text, "The line."),
    ])

    static let layoutStatements = KeyTable("layout-statements", "layout 'statements'", "A sentence per item that moved, a record each.", [
        .required("list", .field, "The list of records."),
        .required("line", .template, "The sentence: a line of the record's fields (`{code}[ {term}] {verb} from {from} to {to}{rest}`); its first field is the item (text), and its enumeration field the verb."),
        .key("printed", .field, absent: "the item kept as printed", "The item's name as printed, where it differs from the schema's (a text field); with it, a statement's item is kept as the schema names it."),
        .key("values", .named(.list(.text)), "The values a text field of the line takes (`{term: [rating, score]}`)."),
    ])

    static let layoutResult = KeyTable("layout-result", "layout 'result'", "The sentence on the headline figure.", [
        .required("field", .field, "Its record field."),
        .required("line", .template, "The sentence: a line of the record's fields (`Overall, {subject} Water Index {verb} from {from} to {to}{rest}`); its first field is the subject, a possessive of the report's (text)."),
    ])

    static let layoutPossessive = KeyTable("layout-possessive", "'possessive'", "The possessive of a name.", [
        .required("articles", .texts, "Articles a name may start with (`\"the \"`): the result's subject less these and the ending names the report's subject."),
        .required("suffixes", .texts, "The possessive endings (`’s`, `'s`)."),
    ])

    static let layoutByline = KeyTable("layout-byline", "'byline'", "`<prefix><name><joiner><name>`.", [
        .required("field", .field, "The names (a list of texts)."),
        .required("prefixes", .texts, "How the line starts (`\"By \"`)."),
        .key("joiners", .texts, absent: "`[\" and \"]`", "What stands between two names."),
    ])

    static let layoutAuthors = KeyTable("layout-authors", "layout 'authors'", "A section listing the authors.", [
        .required("field", .field, "The names (a list of texts)."),
        .required("titles", .texts, "Its headings, case ignored."),
    ])

    static let layoutItems = KeyTable("layout-items", "layout 'items'", "The rated items' blocks: a header line, the description with the rating, then paragraphs.", [
        .required("list", .field, "The list of item records."),
        .required("header", .template, "The header line: the item's key field first, then text and the item's own attributes (`{code} (0.0 to 5.0)`, `{code} 0-{max} pts`)."),
        .key("headers", .list(.template), "Other header lines seen in copies (`{code} 0-4 pts`), the same way."),
        .key("line", .template, "The line under the header, as sentences are: a template of the item's other fields and its own attributes (`{question} {score} / {max}`); instead of `description` and `rating`."),
        .key("description", .field, absent: "required without `line`", "The description field, printed before the rating."),
        .key("rating", .keys(layoutRating), absent: "required without `line`", "The rating glued to the description's end (`3.003 4.004`)."),
        .key("bullets", .field, "The item's paragraphs as bullets right under the rating line (give this or `paragraphs`)."),
        .key("paragraphs", .field, "The item's paragraphs, each after a blank line."),
        .key("note", .keys(layoutItemNote), "A sentence closing the paragraphs, kept as a record."),
        .key("groups", .list(.keys(layoutGroup)), "Heading lines before the item that opens each group."),
        .key("gap", .integer, absent: "0", "Blank lines between two items' blocks."),
        .key("extras", .list(.keys(layoutExtra)), "Blocks of another record among the items' (printed alike)."),
    ])

    static let layoutRating = KeyTable("layout-rating", "layout 'rating'", "`<value><whole number><max>`: the rating glued to the description.", [
        .required("field", .field, "The rating (a number)."),
        .key("rounded", .field, "The whole number printed after the rating, kept where it disagrees."),
        .key("places", .integer, absent: "2", "The rating's decimal places."),
        .required("max", .template, "What follows (the maximum glued to its whole number: `5.05`); it may name the item's attributes (`{max}.00{max}`)."),
        .key("plain-max", .template, "In copies: the rating alone, then this (`\" / 4\"`, `\" / {max}\"`)."),
    ])

    static let layoutItemNote = KeyTable("layout-item-note", "layout 'items' 'note'", "A sentence closing an item's paragraphs, kept as a record.", [
        .required("field", .field, "Its record field."),
        .required("line", .template, "The sentence: a line of the record's fields (`Score Change: The score {verb} from {from} to {to}{rest}`)."),
    ])

    static let layoutGroup = KeyTable("layout-group", "a group of the layout's items", "Heading lines before an item.", [
        .required("before", .text, "The item they stand before."),
        .required("lines", .texts, "The lines, a blank line after the block."),
    ])

    static let layoutExtra = KeyTable("layout-extra", "an extra block of the layout's items", "Another record's block among the items.", [
        .required("before", .text, "The item it stands before."),
        .required("header", .text, "Its header line."),
        .required("field", .field, "Its record field of the report."),
        .required("description", .field, "The description."),
        .required("rating", .field, "The rating (an integer)."),
        .key("sign", .text, "`\"-\"`: the value is printed negated (points taken away)."),
        .required("paragraphs", .field, "Its paragraphs."),
    ])

    static let layoutClosing = KeyTable("layout-closing", "layout 'closing'", "A closing paragraph.", [
        .required("field", .field, "Its text field."),
        .required("prefixes", .texts, "How it starts; the first is written."),
    ])

    static let layoutNotice = KeyTable("layout-notice", "layout 'notice'", "A short page's notice.", [
        .required("field", .field, "Its text field."),
        .required("keywords", .texts, "Words that tell it, case ignored (the first is looked for)."),
        .key("longest", .integer, absent: "300", "Its greatest length in bytes."),
    ])

    static let layoutFooter = KeyTable("layout-footer", "layout 'footer'", "The footer.", [
        .required("starts", .texts, "How its lines may start: the first such line opens the footer."),
        .key("name", .template, "A line with the subject's name: `About {station}`."),
        .key("lines", .texts, "Its literal lines, written in order."),
        .key("scores", .keys(layoutScores), "Other reports' scores it lists."),
    ])

    static let layoutScores = KeyTable("layout-scores", "layout 'scores'", "`<bullet><name> <suffix>`, then the score, maximum and band.", [
        .required("list", .field, "The list of records."),
        .required("name", .field, "The report's name."),
        .required("suffix", .text, "The word after the name (`Index`)."),
        .required("score", .field, "The score (an integer)."),
        .required("max", .field, "Its maximum (an integer)."),
        .required("band", .field, "Its band (text)."),
    ])
}
