import Foundation
import Testing
@testable import TransitKit

/// The page's sentences as line templates: what each field matches, optional parts, the same
/// bytes back (GetPut) and the same record back (PutGet), and every mistake in a template at its
/// column. The coastal family's changes section is the grammar under test.
struct LineGrammarTests {
    static let schema = try! Schema.load(path: SchemaKeysTests.coastalPath)
    static var changes: PageSpec.Changes { schema.layout!.changes! }

    /// The fields `line` reads as, by name (nil: the line is not the template's).
    static func fields(_ grammar: LineGrammar, _ line: String) -> [String: String]? {
        grammar.read(Array(line.utf8)[...]).map { found in
            Dictionary(uniqueKeysWithValues: found.map { (grammar.type.fields[$0.field].name, String(decoding: $0.value, as: UTF8.self)) })
        }
    }

    @Test func aStatementReadsItsFieldsAndWritesTheSameBytes() throws {
        let statements = Self.changes.statements.line
        let lines: [(String, [String: String]?)] = [
            ("Clarity grade rose from 2.5 to 3.0.", ["code": "Clarity", "term": "grade", "verb": "rose", "from": "2.5", "to": "3.0", "rest": "."]),
            // No term: the optional part is not there.
            ("Clarity rose from 2.5 to 3.0 after the rain.", ["code": "Clarity", "verb": "rose", "from": "2.5", "to": "3.0", "rest": " after the rain."]),
            // An item of several words; the shortest run that lets the rest match.
            ("Dissolved Oxygen grade fell from 4.0 to 3.5", ["code": "Dissolved Oxygen", "term": "grade", "verb": "fell", "from": "4.0", "to": "3.5", "rest": ""]),
            // A verb inside the rest is the rest's.
            ("Litter rose from 1.0 to 2.0 as it rose from 0.5 before.", ["code": "Litter", "verb": "rose", "from": "1.0", "to": "2.0", "rest": " as it rose from 0.5 before."]),
            ("Clarity rose to 3.0.", nil),
            ("Clarity rose from high to low.", nil),
            ("Clarity jumped from 2.5 to 3.0.", nil),
            // A number has no leading zero (as the model's decimals).
            ("Clarity rose from 02.5 to 3.0.", nil),
        ]
        for (line, expected) in lines {
            #expect(Self.fields(statements, line) == expected, "\(line)")
            guard expected != nil else { continue }
            let record = try #require(statements.record(Array(line.utf8)[...], mark: { Mark(line: 1, column: $0 + 1) }))
            #expect(statements.write(record) == line, "GetPut: \(line)")
            // An empty rest is the field absent.
            #expect((record["rest"] == nil) == (expected?["rest"] == ""))
        }
    }

    @Test func theResultAndANoteAreLinesOfTheirRecords() throws {
        let result = try #require(Self.changes.result).line
        #expect(Self.fields(result, "Overall, the North Pier’s Water Index rose from 8.0 to 9.5.")
                == ["subject": "the North Pier’s", "verb": "rose", "from": "8.0", "to": "9.5", "rest": "."])
        #expect(Self.fields(result, "All in all, North Pier’s Water Index rose from 8.0 to 9.5.") == nil)
        #expect(Self.fields(result, "Overall, Water Index rose from 8.0 to 9.5.") == nil, "the subject is one character at least, before its literal")

        let fiw = try #require(Families.standard.named("fiw")?.layout)
        let status = try #require(fiw.sections.first { $0.sentence != nil }?.sentence)
        // The values of an enumeration, the longest first: `Partly Free` is not `Free`'s.
        #expect(Self.fields(status, "Peru’s status declined from Partly Free to Not Free due to a coup.")
                == ["subject": "Peru’s", "verb": "declined", "from": "Partly Free", "to": "Not Free", "rest": " due to a coup."])
        let note = try #require(fiw.items?.note?.line)
        #expect(Self.fields(note, "Score Change: The score improved from 2 to 3 because of elections.")
                == ["verb": "improved", "from": "2", "to": "3", "rest": " because of elections."])
    }

    /// PutGet over records made up from the fields' own values: each written line reads back
    /// as the record it was written from.
    @Test func aRecordWrittenReadsBackTheSame() throws {
        let statements = Self.changes.statements.line, type = statements.type
        var rng = SplitMix64(seed: 7)
        let verbs = try #require(Self.schema.enums["verb"]?.values)
        let names = ["Clarity", "Oxygen", "Litter", "Sea Grass Cover", "E. coli"]
        let rests = ["", ".", " after a dry summer.", " (see note 2)", " from a new gauge"]
        for _ in 0..<300 {
            var r = Record(type)
            try r.setField("code", to: .scalar(names[rng.next(in: 0...(names.count - 1))], .unknown))
            if rng.next(in: 0...1) == 1 { try r.setField("term", to: .scalar("grade", .unknown)) }
            try r.setField("verb", to: .scalar(verbs[rng.next(in: 0...(verbs.count - 1))], .unknown))
            try r.setField("from", to: .scalar("\(rng.next(in: 0...5)).\(rng.next(in: 0...9))", .unknown))
            try r.setField("to", to: .scalar("\(rng.next(in: 0...5)).\(rng.next(in: 0...9))", .unknown))
            let rest = rests[rng.next(in: 0...(rests.count - 1))]
            if !rest.isEmpty { try r.setField("rest", to: .scalar(rest, .unknown)) }
            let line = statements.write(r)
            #expect(statements.record(Array(line.utf8)[...], mark: { _ in .unknown }) == r, "\(line)")
        }
    }

    /// Every mistake in a sentence's template is an error at its column.
    @Test func aTemplatesMistakesAreLocated() throws {
        let good = #"line: "{code}[ {term}] {verb} from {from} to {to}{rest}""#
        let cases: [(String, String, String)] = [
            (#"line: "{code}[ {term}] {verb} from {form} to {to}{rest}""#, "{form}", "'{form}' is not a field of 'move'"),
            (#"line: "{code} {verb} from {from} to {to}{rest} {code}""#, " {code}\"", "'{code}' is named twice"),
            (#"line: "{code}[ {term}] {verb} from {from} to {to}{rest}{code_text}""#, "{code_text}", "follows another text field with nothing between them"),
            (#"line: "{code}[ {term} {verb} from {from} to {to}{rest}""#, "[", "this '[' is never closed"),
            (#"line: "{code} {verb} from {from}] to {to}{rest}""#, "]", "']' closes no '['"),
            (#"line: "{code}[ grade] {verb} from {from} to {to}{rest}""#, "]", "an optional part '[…]' holds a {field}"),
            (#"line: "{verb} {code}[ {term}] from {from} to {to}{rest}""#, "\"{verb}", "a statement starts with the item it is about"),
            // `values:` for a field the line does not print, or one that is no text, would be idle.
            (#"line: "{code} {verb} from {from} to {to}{rest}""#, "{term: [grade]}", "'values': 'term' is not a text field of the line"),
        ]
        for (line, at, message) in cases {
            let text = SchemaKeysTests.coastal.replacingOccurrences(of: good, with: line)
            try #require(text != SchemaKeysTests.coastal, "the coastal statements line moved")
            let errors = SchemaKeysTests.errors(text)
            let offset = at == " {code}\"" ? 1 : 0
            var place = SchemaKeysTests.at(at, in: text, after: "statements:")
            if offset > 0, let colon = place.lastIndex(of: ":"), let column = Int(place[place.index(after: colon)...]) {
                place = String(place[..<colon]) + ":\(column + offset)"
            }
            #expect(errors.contains { $0.hasPrefix(place + ": error: layout: ") && $0.contains(message) }, "\(line): \(errors)")
        }
    }
}
