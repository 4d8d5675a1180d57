/// The key tables of the rule layer's sections of a schema file (table-like data): rules,
/// transforms, lookup tables and wording.

extension KeyTable {
    static let rule = KeyTable("rule", "a rule", "A rule: a check of every report, in the rule language.", [
        .required("id", .text, "The rule's id, in every finding."),
        .key("severity", .text, absent: "`error`", "`error`, `warning` or `note`."),
        .key("doc", .text, "What the rule checks (SARIF's rule help)."),
        .key("each", .either([.text, .texts]), "`NAME in LIST` (or a list of them, nested loops): the rule checks every item."),
        .key("let", .named(.expression), "Names for expressions, read by the rest of the rule."),
        .key("when", .expression, absent: "always", "The rule applies where this holds."),
        .key("check", .expression, "What must hold (or give `actual` and `expect`)."),
        .key("actual", .expression, "The value found; with `expect`, the rule holds where they are equal."),
        .key("expect", .expression, "The value `actual` must equal."),
        .key("at", .expression, absent: "`actual`, or the loop's item", "Where a finding points: a field of the report."),
        .required("message", .template, "The finding's message; `{actual}` and `{expect}` name the two values."),
    ])

    static let transform = KeyTable("transform", "a transform", "A transform: a report restated step by step.", [
        .key("doc", .text, "What it does."),
        .key("when", .expression, absent: "always", "The transform applies where this holds."),
        .required("steps", .list(.keys(transformStep)), "The steps, in order."),
    ])

    static let transformStep = KeyTable("transform-step", "a step of a transform", "One step: a field set to an expression.", [
        .key("each", .text, "`NAME in LIST`: the step sets a field of every item."),
        .key("when", .expression, absent: "always", "The step applies where this holds."),
        .required("set", .path, "The field set."),
        .required("to", .expression, "Its new value; `null` removes the field."),
        .key("create", .boolean, absent: "false", "Create the records on the way when the value is not null."),
        .key("item", .path, "A list of records: the step sets `set` of the record whose `key` is the loop's item (made when absent), with `each`."),
        .key("key", .text, "With `item`: the field naming a record of the list."),
    ])

    static let lookupRow = KeyTable("lookup-row", "a row of a table", "A row of a lookup table.", [
        .required("value", .text, "What `lookup()` gives for a number in the row."),
        .key("min", .decimal, absent: "open", "The row's least number."),
        .key("max", .decimal, absent: "open", "The row's greatest number."),
    ])

    static let wording = KeyTable("wording", "wording", "Prose transit writes, as templates over the report.", [
        .key("changes", .keys(wordingSection), "What `transit changes` writes."),
    ])

    static let wordingSection = KeyTable("wording-section", "wording 'changes'", "A section of sentences.", [
        .key("lines", .list(.keys(templateLine)), "The sentences, in order."),
        .key("otherwise", .template, "The sentence when no line applies."),
        .key("check", .texts, "The rules the `changes` command checks the section with, when asked to."),
    ])

    static let templateLine = KeyTable("template-line", "a line of a section", "A sentence template.", [
        .key("each", .text, "`NAME in LIST`: a line per item."),
        .key("let", .named(.expression), "Names for expressions."),
        .key("when", .expression, absent: "always", "The line is written where this holds."),
        .required("line", .template, "The sentence."),
    ])
}
