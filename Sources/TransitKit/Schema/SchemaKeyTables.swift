/// The key tables of the model part of a schema file (table-like data): the top level, types and
/// fields, enumerations, items, bands, roles, the compare and sheet sections.

extension KeyTable {
    /// The top level's keys of the model; the layers above add their sections (`Family/`).
    static let model = KeyTable("schema", "the schema", "A schema file: one report family.", [
        .required("schema", .text, "The family's schema name (`nit`, `coastal-survey`)."),
        .key("version", .integer, absent: "1", "The schema's version."),
        .required("xml-namespace", .text, "The namespace of the family's XML documents."),
        .required("root", .text, "The type of a report (one of `types`)."),
        .required("types", .named(.keys(type)), "The record types, by name."),
        .key("enums", .named(.keys(enumeration)), "The enumerations, by name."),
        .key("items", .list(.keys(item)), "The rated items in the publisher's order (the items role's keys)."),
        .key("item-attributes", .list(.keys(itemAttribute)), "The attributes an item may carry besides its name (its maximum, a short label)."),
        .key("bands", .list(.keys(band)), "The bands that divide the headline figure, ascending."),
        .key("editions", .list(.integer), "The editions of the family, ascending (years)."),
        .required("roles", .keys(roles), "What the commands compare reports by."),
        .key("sheet", .keys(sheet), "The columns of the family's all-data sheet (`table`, `.csv` inputs)."),
        .key("compare", .list(.keys(compareEntry)), absent: "nothing is compared", "What `diff` compares, in the order it reports it."),
        .key("marker", .keys(marker), "The field and value every YAML, JSON and XML document of the family carries."),
    ])

    static let type = KeyTable("type", "a type", "A record type: a named, ordered list of fields.", [
        .key("doc", .text, "What the record is."),
        .key("style", .text, absent: "block", "`flow` writes the record on one YAML line (`{a: 1, b: 2}`), `block` one key a line."),
        .required("fields", .list(.keys(field)), "The fields, in writing order."),
    ])

    static let field = KeyTable("field", "a field", "A field of a record type.", [
        .required("name", .text, "The field's name in rules and paths."),
        .key("key", .text, absent: "the name", "Its key in YAML and JSON."),
        .required("type", .text, "`string`, `decimal`, `integer`, `boolean`, an enumeration, a type, or a list `X[]`."),
        .key("xml", .text, absent: "the name with `-` for `_`", "Its XML element or attribute name."),
        .key("attribute", .boolean, absent: "false", "Written as an XML attribute (scalars only)."),
        .key("item", .text, absent: "`item`", "The XML element of each item of a list."),
        .key("wrap", .boolean, absent: "true", "Whether a list's items stand inside an element of the list's own."),
        .key("required", .boolean, absent: "false", "Every report has it."),
        .key("doc", .text, "What the field holds (the exports' descriptions)."),
        .key("minimum", .decimal, "The least value, stated in the JSON Schema and XSD exports."),
        .key("maximum", .decimal, "The greatest value, stated in the exports."),
        .key("multiple-of", .decimal, "The step of the values (`0.25`), stated in the exports."),
        .key("decimals", .integer, "How many decimal places a value is printed with."),
        .key("one-of", .text, "`items`: the value is an item's name."),
        .key("unique", .text, "A field of the list's records no two items share."),
        .key("covers", .text, "`items`: the list holds an item for each item of the report's edition."),
    ])

    static let enumeration = KeyTable("enum", "an enumeration", "An enumeration: its values and other spellings of them.", [
        .required("values", .texts, "The values, in order."),
        .key("aliases", .named(.text), "Other spellings, each naming the value it means (`Bad: Poor`)."),
    ])

    static let item = KeyTable("item", "an item", "A rated item (an indicator, a question, a category).", [
        .required("name", .text, "Its code or name, as reports give it."),
        .key("editions", .text, absent: "`-` (every edition)", "The editions that rate it: `FIRST-LAST`, `FIRST-`, `-LAST` or `-`."),
        .key("description", .text, absent: "empty", "What it rates."),
        .key("attributes", .named(.text), "Its values of the declared `item-attributes` (`{max: \"3\"}`)."),
    ])

    static let itemAttribute = KeyTable("item-attribute", "an item attribute", "An attribute every item may carry.", [
        .required("name", .text, "The attribute's name (`max`), read in rules as `attribute(code, 'max')`."),
        .required("type", .text, "`string`, `decimal` or `integer`."),
        .key("doc", .text, "What it says."),
        .key("bounds", .text, "`maximum` or `minimum`: the attribute bounds the item's value (the items role's value field); the JSON Schema export states it per item."),
    ])

    static let band = KeyTable("band", "a band", "A band of the headline figure.", [
        .required("value", .text, "A value of the band role's enumeration."),
        .required("min", .decimal, "Its least figure."),
        .required("max", .decimal, "Its greatest figure (the next band starts one printed step above)."),
    ])

    static let marker = KeyTable("marker", "the marker", "The field and value that say a document's family.", [
        .required("field", .field, "A required field of the root type."),
        .required("value", .text, "Its value in every document of the family."),
    ])

    static let roles = KeyTable("roles", "roles", "What the commands compare reports by, as paths of the model.", [
        .key("family", .text, absent: "the schema name", "The family's name as readers see it."),
        .required("subject", .keys(role), "What a report is about (pairs reports across editions; names rows and charts)."),
        .required("edition", .keys(role), "The edition (a whole number): orders a subject's reports."),
        .key("scale", .keys(scaleRole), "The field that says which scale a report is on, for a family printed on two."),
        .required("headline", .keys(role), "The headline figure (a number)."),
        .required("band", .keys(role), "The headline's classification (an enumeration)."),
        .key("items", .keys(itemsRole), "The list of rated items."),
        .key("derive", .text, "The transform that computes what follows from the items."),
    ])

    static let role = KeyTable("role", "a role", "A role: the path of a field and how readers see it.", [
        .required("field", .path, "The field's path from the report."),
        .key("label", .text, absent: "the field's name", "Its label in tables and charts."),
        .key("short", .text, absent: "the label", "A shorter label, for narrow columns."),
        .key("axis", .list(.decimal), absent: "`[\"0\", \"100\"]`", "The headline's chart axis: `[LOW, HIGH]`."),
    ])

    static let scaleRole = KeyTable("scale-role", "role 'scale'", "The scale a report is printed on.", [
        .required("field", .path, "An enumeration field."),
        .required("current", .text, "Its value for the current scale."),
        .required("inverted", .text, "Its value for the old, inverted scale."),
        .required("restate", .text, "The transform that restates a report on the current scale."),
    ])

    static let itemsRole = KeyTable("items-role", "role 'items'", "The rated items of a report.", [
        .required("list", .path, "The list of records."),
        .required("key", .field, "The field of a record that names its item."),
        .required("value", .field, "The field of its value (a number)."),
        .key("label", .text, absent: "the list's path", "The items' label."),
    ])

    static let compareEntry = KeyTable("compare", "a compare entry", "One thing `diff` compares.", [
        .required("field", .path, "The field (a path), from the report or the paired item."),
        .key("label", .template, absent: "the field's name", "How a change is named; `{field}` shows a field of the paired item."),
        .key("better", .text, "`higher` or `lower`: a change's direction (on the band field, a later band is higher)."),
        .key("text", .template, "A record shown as one line."),
        .key("pair", .text, "A list's key field its items are paired by, or `content` to pair paragraphs by their text."),
        .key("content", .field, absent: "`text`", "With `pair: content`, the string field paragraphs are paired by."),
        .key("show", .field, "The field shown for an added or removed item."),
        .key("fields", .list(.same), "The fields of a paired item compared, as entries."),
        .key("changed-label", .template, "How a changed item is named."),
    ])

    static let sheet = KeyTable("sheet", "the sheet", "The family's all-data sheet.", [
        .required("columns", .list(.keys(sheetColumn)), "The columns, in order."),
        .key("newline", .text, absent: "`lf`", "`lf` or `crlf`: the rows' line ending."),
        .key("derive", .text, absent: "none", "A transform whose results fill the cells a report leaves empty (`table` of pages): what is printed stays."),
        .key("wide", .keys(sheetWide), absent: "none", "The publisher's wide workbook: a row per subject, a group of columns per edition."),
    ])

    static let sheetWide = KeyTable("sheet-wide", "the sheet's wide layout", "A workbook sheet with a row per subject and a group of columns per edition under a header of several rows.", [
        .required("subject", .path, "The field the first column names (the subject)."),
        .required("label", .keys(wideLabel), "The header row that labels each group (merged over its columns)."),
        .key("rows", .list(.keys(wideRow)), absent: "none", "Other header rows, each giving a field of the group's reports."),
        .required("names", .integer, "The header row that names each group's columns (the last row of the header)."),
        .required("columns", .list(.keys(wideColumn)), "A group's columns, by the name that row gives them (spaces around it aside)."),
        .required("sheets", .list(.keys(wideSheet)), "The workbook's sheets of this layout, by name, each setting fields of its reports."),
    ])

    static let wideLabel = KeyTable("wide-label", "a wide layout's label row", "The header row that labels each group.", [
        .required("row", .integer, "Its row number (1 is the first)."),
        .required("field", .path, "The field that takes the label as printed (`Jan.-Feb. 1973`, `1983-84`)."),
        .key("year", .path, absent: "none", "An integer field that takes the label's first four-digit year (the edition)."),
    ])

    static let wideRow = KeyTable("wide-row", "a wide layout's header row", "A header row giving a field of each group's reports.", [
        .required("row", .integer, "Its row number."),
        .required("field", .path, "The field that takes the group's cell in that row."),
    ])

    static let wideColumn = KeyTable("wide-column", "a wide layout's column", "One column of each group.", [
        .required("name", .text, "Its name in the names row."),
        .required("field", .path, "The scalar field its cells fill."),
        .key("rest", .path, absent: "none", "A text field that keeps what a cell prints after its value (`2(5)`: the value 2, the rest `(5)`)."),
        .key("values", .named(.text), "The sheet's own spellings, each naming a value (`F: Free`)."),
        .key("absent", .text, "The cell of a value that is not there (`-`)."),
    ])

    static let wideSheet = KeyTable("wide-sheet", "a sheet of the wide layout", "A workbook sheet of the wide layout.", [
        .required("name", .text, "Its name on its tab (spaces around it aside)."),
        .key("set", .named(.text), absent: "none", "Fields every report of the sheet takes (`territory: \"true\"`)."),
    ])

    static let sheetColumn = KeyTable("sheet-column", "a column of the sheet", "A column of the sheet.", [
        .key("name", .text, "The header; required but with `items: true`."),
        .key("field", .path, "A scalar field of the report."),
        .key("items", .boolean, "One column per item, holding its value."),
        .key("item", .text, "One item's value."),
        .key("list", .path, "A field of the record of a list whose `key` is `code`: the list."),
        .key("key", .field, "With `list`: the field that names a record."),
        .key("code", .text, "With `list`: the record's name."),
        .key("value", .field, "With `list`: the field shown."),
        .key("values", .named(.text), "The sheet's own spellings, each naming a value (`F: Free`)."),
        .key("absent", .text, "The cell of a value that is not there (`N/A`)."),
    ])
}
