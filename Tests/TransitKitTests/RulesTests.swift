import Foundation
import Testing
@testable import TransitKit

/// The rule language: exact arithmetic on the publisher's real figures, and a loader that checks
/// rules before any report is read.
struct RulesTests {
    private func evaluate(_ text: String, _ report: Record? = nil) throws -> RuleValue {
        let e = try ExpressionParser.parse(text)
        let root = report ?? Record(Schema.standard.root)
        return try Evaluator.evaluate(e, on: root, schema: .standard)
    }

    private func display(_ text: String) throws -> String { try evaluate(text).display }

    @Test func theFixturesPercentageComesFromTheUnroundedMean() throws {
        // Seven ratings summing to 9.25: mean 1.3214…, score 1.32, percentage 5.36 (not 5.33).
        let ratings = "[1.25, 1.25, 1.50, 1.25, 1.50, 1.25, 1.25]"
        #expect(try display("round(mean(\(ratings)), 2)") == "1.32")
        #expect(try display("round((mean(\(ratings)) - 1) / 6 * 100, 2)") == "5.36")
        #expect(try display("round((round(mean(\(ratings)), 2) - 1) / 6 * 100, 2)") == "5.33")
    }

    @Test(arguments: [("3.11", "35.12"), ("1.43", "7.14"), ("5.04", "67.26"), ("4.00", "50.00"), ("3.00", "33.33"),
                      ("1.25", "4.17"), ("6.00", "83.33"), ("4.75", "62.50"), ("3.43", "40.48"), ("1.75", "12.50"),
                      ("3.79", "46.43"), ("3.57", "42.86"), ("1.32", "5.36")])
    func publishedPercentagesFollowFromTheRecoveredMean(_ score: String, _ percentage: String) throws {
        #expect(try display("round((recover_mean(\(score), 28) - 1) / 6 * 100, 2)") == percentage)
    }

    @Test(arguments: [("4.00", "Transitional or Hybrid Regime"), ("3.00", "Semi-Consolidated Authoritarian Regime"),
                      ("2.00", "Consolidated Authoritarian Regime"), ("5.04", "Consolidated Democracy"), ("4.01", "Semi-Consolidated Democracy")])
    func boundaryScoresBelongToTheLowerBand(_ score: String, _ status: String) throws {
        #expect(try display("band(\(score))") == status)
    }

    @Test func percentageBandsEndAtTheirTopScoresPercentage() throws {
        // A percentage p is the score p / 100 × 6 + 1: the band of the unrounded score.
        #expect(try display("band_exact(16.66 / 100 * 6 + 1)") == "Consolidated Authoritarian Regime")
        #expect(try display("band_exact(16.67 / 100 * 6 + 1)") == "Semi-Consolidated Authoritarian Regime")  // above 16.666…
        #expect(try display("band_exact(50 / 100 * 6 + 1)") == "Transitional or Hybrid Regime")
        #expect(try display("band_exact(50.01 / 100 * 6 + 1)") == "Semi-Consolidated Democracy")
    }

    @Test func roundingIsHalfUpAndExact() throws {
        #expect(try display("round(62.50, 0)") == "63")
        #expect(try display("round(5.36, 0)") == "5")
        #expect(try display("round(5.95, 0)") == "6")
        #expect(try display("round(1 / 3, 4)") == "0.3333")
        #expect(try display("1 / 3") == "0.3333…")
        #expect(try display("0.1 + 0.2 == 0.3") == "true")  // no binary floating point anywhere
    }

    @Test func absentValuesMakeRulesUndecided() throws {
        #expect(try evaluate("democracy_score > 1").isNull)
        #expect(try display("democracy_score == null") == "true")
        #expect(try display("scale == 'inverted'") == "false")
        #expect(try display("exists(categories)") == "false")
        #expect(try display("count(categories[*].rating)") == "0")
    }

    @Test func pathsFiltersAndSlicesOverARealReport() throws {
        let report = try Support.page(String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self),
                                      file: "kyrgyzstan-2022.txt").report
        #expect(try evaluate("categories[*].rating", report).display == "1.25, 1.50, 2.75, 2.00, 1.75, 1.25, 1.25")
        #expect(try evaluate("first(categories[? name == 'Civil Society'].rating)", report).display == "2.75")
        #expect(try evaluate("count(categories[:3])", report).display == "3")
        #expect(try evaluate("categories[-1].name", report).display == "Corruption")
        #expect(try evaluate("executive_summary[*].notes[*].number", report).display == "1, 2, 3, 4, 5, 6, 7")
        let (rating, pointer) = try Evaluator.located(try ExpressionParser.parse("categories[2].rating"), on: report, schema: .standard)
        #expect(pointer == "/categories/2/rating")
        #expect(rating.location?.mark.line == 33)
    }

    /// Records reached through lists of records are the report's own, however they are reached
    /// (a record read twice, through a list or by index, through a filter), with their places:
    /// the values agree with the model walked by hand.
    @Test func recordsReachedThroughListsAreTheReportsOwn() throws {
        let report = try Support.page(String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self),
                                      file: "kyrgyzstan-2022.txt").report
        var numbers: [String] = [], names: [String] = []
        for category in report["categories"]?.items ?? [] {
            let c = category.record!
            names.append(c.text("name")!)
            for finding in c["findings"]?.items ?? [] {
                for note in finding.record!["notes"]?.items ?? [] { numbers.append(note.record!.text("number")!) }
            }
        }
        #expect(!numbers.isEmpty)
        #expect(try evaluate("categories[*].findings[*].notes[*].number", report).display == numbers.joined(separator: ", "))
        #expect(try evaluate("count(categories[*].findings[*].notes[*])", report).display == String(numbers.count))
        #expect(try evaluate("sum(categories[*].findings[*].notes[*].number)", report).display
                == String(numbers.reduce(0) { $0 + Int($1)! }))
        #expect(try evaluate("categories[*].name", report).display == names.joined(separator: ", "))
        #expect(try evaluate("categories[3].name", report).display == names[3])
        #expect(try evaluate("first(categories[? name == '\(names[4])'].findings[*].notes[*].number)", report).display
                == (report["categories"]!.items![4].record!["findings"]?.items?.first?.record?["notes"]?.items?.first?.record?.text("number") ?? "none"))
        let (note, pointer) = try Evaluator.located(try ExpressionParser.parse("categories[2].findings[0].notes[0]"), on: report, schema: .standard)
        #expect(pointer == "/categories/2/findings/0/notes/0")
        #expect(note.display == "note")
    }

    /// A named step of `each` is computed when first read: what its loop only counts or sums is
    /// read from the report, and an expression that cannot be evaluated is still a finding of
    /// the rule when it is read.
    @Test func aNamedStepIsComputedWhenReadAndItsErrorsStand() throws {
        let mine = """
          - id: notes-counted
            each: ["notes = categories[1].findings[*].notes[*]", "k in breaks(notes[*].number)"]
            actual: notes[k].number
            expect: "if k == 0 then 1 else notes[k - 1].number + 1"
            message: "{actual} breaks the sequence"
          - id: broken-step
            each: ["names = categories[*].name", "n in [sum(names)]"]
            check: n > 0
            message: "never"

        """
        let text = Schema.standardText.replacingOccurrences(of: "\nrules:\n", with: "\nrules:\n" + mine)
        let schema = try Schema.load(bytes: Array(text.utf8), file: "s.yaml")
        var report = try Support.page(String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self),
                                      file: "kyrgyzstan-2022.txt").report
        let clean = Validator(schema: schema, rules: ["notes-counted", "broken-step"]).validate(report, file: "k.txt").map(\.description)
        #expect(clean.count == 1)
        #expect(clean.first?.contains("rule 'broken-step' could not be evaluated: sum() takes numbers") == true, "\(clean)")
        // A note renumbered: the break is found, through the list the step names.
        var categories = report["categories"]!.items!
        var c = categories[1].record!
        var findings = c["findings"]!.items!
        var f = findings[0].record!
        var notes = f["notes"]!.items!
        var note = notes[0].record!
        note.set("number", "40")
        notes[0] = .record(note)
        f["notes"] = .list(notes, .unknown)
        findings[0] = .record(f)
        c["findings"] = .list(findings, .unknown)
        categories[1] = .record(c)
        report["categories"] = .list(categories, .unknown)
        let found = Validator(schema: schema, rules: ["notes-counted"]).validate(report, file: "k.txt").map(\.description)
        #expect(found.contains { $0.contains("40 breaks the sequence") }, "\(found)")
    }

    /// `count()` and `exists()` of a field read the count from the report without making the
    /// value; `x[*]` makes it. Both agree on absent fields, scalars, records, lists, empty lists
    /// and projections, of the report and of a record inside it.
    @Test func countsReadFromTheReportAgreeWithTheValuesMade() throws {
        var report = try Support.page(String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self),
                                      file: "kyrgyzstan-2022.txt").report
        let paths = ["categories", "democracy_score", "democracy_percentage", "score_changes", "score_changes.statements",
                     "score_changes.no_changes", "executive_summary", "authors", "categories[*].findings", "categories[0].findings",
                     "categories[0].rating", "executive_summary[*].notes", "nothing_of_the_kind", "categories[0].no_field"]
        for variant in 0..<2 {
            if variant == 1 {
                // Absent and empty: the same paths again.
                report["democracy_percentage"] = nil
                report["categories"] = .list([], .unknown)
            }
            for path in paths {
                let made = try evaluate("count(\(path)[*])", report).display
                #expect(try evaluate("count(\(path))", report).display == made, "count(\(path)), variant \(variant)")
                #expect(try evaluate("exists(\(path))", report).display == (made != "0" ? "true" : "false"), "exists(\(path)), variant \(variant)")
            }
        }
        #expect(try evaluate("count(categories)").display == "0")
        #expect(try evaluate("count(executive_summary)", report).display != "0")
    }

    /// `sum`, `mean`, `min`, `max` and `breaks` of a field read the numbers from the report
    /// without making the values; of `x[*]` they take the values made. Both agree, on results
    /// and on errors, over a report and one whose figures are broken.
    @Test func numbersReadFromTheReportAgreeWithTheValuesMade() throws {
        var report = try Support.page(String(decoding: try Support.read(Support.root + "/Samples/kyrgyzstan-2022.txt"), as: UTF8.self),
                                      file: "kyrgyzstan-2022.txt").report
        let arguments = ["categories[*].rating", "executive_summary[*].notes[*].number", "categories[*].findings[*].notes[*].number",
                         "democracy_score", "categories[0].rating", "categories[*].name", "nothing_of_the_kind", "country",
                         "score_changes.statements[*].to", "categories"]
        func outcome(_ text: String) -> String {
            do { return try evaluate(text, report).display } catch let e as EvaluationError { return "error: \(e.message)" } catch { return "error: \(error)" }
        }
        for variant in 0..<2 {
            if variant == 1 {
                // A rating that is no number (a model no reader would build): the error is the same.
                var categories = try #require(report["categories"]?.items)
                var first = try #require(categories[1].record)
                first.set("rating", "2.x5")
                categories[1] = .record(first)
                report["categories"] = .list(categories, .unknown)
            }
            for function in ["sum", "mean", "min", "max", "breaks"] {
                for argument in arguments {
                    #expect(outcome("\(function)(\(argument))") == outcome("\(function)(\(argument)[*])"), "\(function)(\(argument)), variant \(variant)")
                }
            }
        }
        #expect(outcome("sum(categories[*].rating)").hasPrefix("error: sum() takes numbers"))
        #expect(outcome("breaks(executive_summary[*].notes[*].number)") == "")
    }

    /// The plain-decimal path of a report's numbers agrees with the decimal parser everywhere,
    /// its refusals included.
    @Test(arguments: ["3.25", "0", "007", "2024", "1.50", "100.00", "1.", ".5", "-1.5", "+1", "1e5", "1.2.3", "",
                      "123456789012345", "1234567890123456", "12345678901234.5", "0.000000000000001", "1,5", " 1"])
    func numbersReadFromReportsAgreeWithTheDecimalParser(_ text: String) {
        #expect(Number(text: text)?.value == ExactDecimal(text).map { Rational($0) }, "\(text)")
    }

    /// A number keeps the shape of its text, not the text, and gives the text back byte for
    /// byte: leading zeros, trailing zeros, a minus on zero, fifteen digits.
    @Test(arguments: ["3.25", "0", "007", "00.50", "2024", "1.50", "100.00", "-1.5", "-0", "-0.00", "-007.10", "0.00000000000001",
                      "123456789012345", "12345678901234.5", "999999999999999", "-99999999999999.9", "0.5", "10", "1.20"])
    func aNumberGivesBackTheTextItWasReadFrom(_ text: String) throws {
        let n = try #require(Number(text: text))
        #expect(n.text == text)
        #expect(n.description == text)
        #expect(n.readPlaces == (text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0))
        #expect(Number(n.value).text == nil)
    }

    /// What `InPlace` lends a visitor is the record or list the value holds, in a value and in
    /// an optional one, and its kinds and numbers are the value's.
    @Test func recordsAndListsAreLentAsTheyAreHeld() throws {
        let schema = Transit().schema
        let type = try #require(schema.types.first { $0.fields.count > 2 })
        var r = Record(type, mark: Mark(line: 12, column: 7))
        r.fields[0] = .scalar("1.50", Mark(line: 12, column: 9))
        let items: [Value] = [.scalar("2", .unknown), .record(r), .list([.scalar("x", .unknown)], .unknown)]
        let values: [Value?] = [.record(r), .list(items, Mark(line: 3, column: 1)), .scalar("3.25", .unknown), nil]
        values.withUnsafeBufferPointer { buffer in
            let p = buffer.baseAddress!
            #expect(InPlace.kind(p) == 2 && InPlace.kind(p + 1) == 3 && InPlace.kind(p + 2) == 1 && InPlace.kind(p + 3) == 0)
            var seen: [Record] = []
            InPlace.withRecord(p) { seen.append($0.pointee) }
            #expect(seen == [r] && seen[0].mark == r.mark && seen[0].fields[0]?.mark == Mark(line: 12, column: 9))
            let read = InPlace.withItems(p + 1) { Array($0) }
            #expect(read == items)
            InPlace.withItems(p + 1) { list in
                let q = list.baseAddress!
                #expect(InPlace.kind(q) == 1 && InPlace.kind(q + 1) == 2 && InPlace.kind(q + 2) == 3)
                #expect(InPlace.number(q) == Rational(2))
                InPlace.withRecord(q + 1) { seen.append($0.pointee) }
                #expect(InPlace.withItems(q + 2) { Array($0) } == [.scalar("x", .unknown)])
            }
            #expect(seen == [r, r])
            #expect(InPlace.number(p + 2) == Number.value("3.25") && InPlace.number(p + 3) == nil)
        }
    }

    /// Whole numbers add and multiply without a divisor sought, and a negated fraction is not
    /// reduced again: the results equal the general constructor's, overflow included.
    @Test func wholeNumberArithmeticAgreesWithTheGeneralPath() {
        let values: [Int64] = [0, 1, -1, 2, 7, -13, 1_000_000_007, Int64.max, Int64.min + 1, Int64.max / 2 + 1, -(Int64.max / 3)]
        for a in values {
            for b in values {
                let sum = a.addingReportingOverflow(b), product = a.multipliedReportingOverflow(by: b)
                #expect(Rational(a).adding(Rational(b)) == (sum.overflow ? nil : Rational(sum.partialValue, 1)), "\(a) + \(b)")
                #expect(Rational(a).multiplied(by: Rational(b)) == (product.overflow ? nil : Rational(product.partialValue, 1)), "\(a) * \(b)")
            }
        }
        for (n, d) in [(3, 4), (-17, 4), (5, 1), (0, 1), (22, 7)] as [(Int64, Int64)] {
            #expect(Rational(n, d)!.negated() == Rational(-n, d), "-\(n)/\(d)")
        }
        #expect(Rational(Int64.min).negated() == nil)
        #expect(Rational(3, 4)!.adding(Rational(1, 4)!) == Rational(1))
    }

    /// The binary greatest common divisor agrees with Euclid's on zeros, powers of two, the
    /// largest numbers and a spread of others, so every fraction is reduced as before.
    @Test func binaryGCDAgreesWithEuclid() {
        func euclid(_ a: UInt64, _ b: UInt64) -> UInt64 {
            var (a, b) = (a, b)
            while b != 0 { (a, b) = (b, a % b) }
            return max(a, 1)
        }
        var values: [UInt64] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 25, 100, 425, 700, 1 << 32, 1 << 63, .max, .max - 1, UInt64(Int64.max), 600851475143]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<200 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            values.append(x >> (x % 61))
        }
        for a in values {
            for b in values {
                #expect(Rational.gcd(a, b) == euclid(a, b), "gcd(\(a), \(b))")
            }
        }
        #expect(Rational(425, 100) == Rational(17, 4))
        // A decimal's units over a power of ten, reduced without a divisor: as the general way.
        for units in [0, 1, 2, 5, 10, 25, 100, 125, 425, 640, 999, 1000, 3125, 123456789012345] as [Int64] {
            for scale in 0...18 {
                var d: Int64 = 1
                for _ in 0..<scale { d *= 10 }
                #expect(Rational(decimalUnits: units, scale: scale) == Rational(units, d), "\(units)e-\(scale)")
            }
        }
        #expect(Rational(-6, -4)?.numerator == 3 && Rational(-6, -4)?.denominator == 2)
        #expect(Rational(0, 5)?.denominator == 1)
    }

    /// The readers' one-pass check of decimal and whole-number scalars accepts exactly what
    /// the decimal parser reads without a leading zero: the edge cases, and every string of up
    /// to four characters from digits, sign, point and a letter.
    @Test func scalarChecksAgreeWithTheDecimalParser() {
        var texts = ["3.25", "0", "-0", "0.5", "-0.5", "007", "00.5", "10", "2024", "1.", ".5", "-", "-.5", "--1", "+1", "1e5",
                     "1.2.3", "", "123456789012345", "1234567890123456", "12345678901234.5", "1234567890123.45",
                     "0.000000000000001", "0.0000000000000001", "1,5", " 1", "1 ", "١٢", "1\u{0}"]
        let alphabet = ["0", "1", "9", "-", ".", "a"]
        var layer = [""]
        for _ in 1...4 {
            layer = layer.flatMap { t in alphabet.map { t + $0 } }
            texts += layer
        }
        for text in texts {
            let decimal = ExactDecimal(text) != nil && ScalarCheck.noLeadingZero(text)
            #expect(ScalarCheck.isDecimal(text) == decimal, "decimal \(text.debugDescription)")
            let integer = ExactDecimal(text).map { $0.scale == 0 && !text.contains(".") } == true && ScalarCheck.noLeadingZero(text)
            #expect(ScalarCheck.isInteger(text) == integer, "integer \(text.debugDescription)")
        }
    }

    @Test func breaksAndPick() throws {
        #expect(try display("breaks([1, 2, 3])") == "")
        #expect(try display("breaks([1, 2, 4, 5, 7])") == "2, 4")
        #expect(try display("breaks([2, 3])") == "0")
        #expect(try display("pick(['a', 'b'], [1, 2], 'b')") == "2")
        #expect(try evaluate("pick(['a', 'b'], [1, 2], 'c')").isNull)
    }

    @Test func evaluationErrorsAreFindingsNotCrashes() {
        #expect(throws: EvaluationError.self) { try evaluate("1 / 0") }
        #expect(throws: EvaluationError.self) { try evaluate("'a' + 1") }
        #expect(throws: EvaluationError.self) { try evaluate("999999999999 * 999999999999") }
    }

    /// Found by the expression fuzzer: a number too long for a decimal crashed the parser.
    @Test func aNumberTooLongIsASyntaxError() {
        do {
            _ = try ExpressionParser.parse("1 + 9999999999999999999999")
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 4)
            #expect(error.message == "the number 9999999999999999999999 has more than 15 digits")
        }
    }

    @Test func syntaxErrorsHaveOffsets() {
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse("round(1, ") }
        do {
            _ = try ExpressionParser.parse("a == 'b")
        } catch {
            #expect(error.offset == 5)
            #expect(error.message == "unterminated string")
        }
    }

    /// What is computed once per report or once per item of a list is shared between rules:
    /// every rule, run alone, finds exactly what it finds among all the others, on reports that
    /// break many rules (the fault pages) and on clean ones.
    @Test func eachRuleFindsAloneWhatItFindsAmongAllTheOthers() throws {
        let faults = Support.root + "/Tests/transitTests/Faults/"
        var paths = try FileManager.default.contentsOfDirectory(atPath: faults).filter { $0.hasSuffix(".txt") }.sorted().map { faults + $0 }
        paths += ["kyrgyzstan-2022.txt", "north-macedonia-2019.txt", "serbia-2021.txt"].map { Support.root + "/Samples/" + $0 }
        let validator = Validator(schema: .standard)
        var total = 0
        for path in paths {
            let report = try Support.page(String(decoding: try Support.read(path), as: UTF8.self), file: path).report
            let all = validator.validate(report, file: path)
            total += all.count
            for rule in Schema.standard.rules {
                let alone = validator.validate(report, file: path, only: [rule.id]).map(\.description)
                #expect(alone == all.filter { $0.rule == rule.id }.map(\.description), "\(rule.id) on \(path)")
            }
        }
        // Against a previous edition, a right one and a wrong one (another country's).
        func page(_ name: String) throws -> Record {
            let path = Support.root + "/Samples/" + name
            return try Support.page(String(decoding: try Support.read(path), as: UTF8.self), file: path).report
        }
        for (name, previousName) in [("series/ukraine-2021.txt", "series/ukraine-2020.txt"), ("series/ukraine-2023.txt", "kyrgyzstan-2022.txt")] {
            let report = try page(name), previous = try page(previousName)
            let all = validator.validate(report, previous: previous, file: name)
            total += all.count
            for rule in Schema.standard.rules {
                let alone = validator.validate(report, previous: previous, file: name, only: [rule.id]).map(\.description)
                #expect(alone == all.filter { $0.rule == rule.id }.map(\.description), "\(rule.id) on \(name) after \(previousName)")
            }
        }
        #expect(total >= 15)  // the fault pages and the wrong previous edition do break rules
    }

    /// A schema with one rule, to check what the loader says of it.
    private func loadRule(_ rule: String) -> [String] {
        let text = rulesFree + "\nrules:\n" + rule
        return Support.errors { _ = try Schema.load(bytes: Array(text.utf8), file: "s.yaml") }.map(\.description)
    }

    /// The standard schema up to its rules.
    private var rulesFree: String { Schema.standardText.components(separatedBy: "\nrules:\n")[0] }

    /// The line of `rules:` in the schema `loadRule` makes.
    private var rulesLine: Int { rulesFree.split(separator: "\n", omittingEmptySubsequences: false).count + 1 }

    @Test func theLoaderLocatesUnknownFieldsFunctionsAndEmptyRules() {
        let l = rulesLine
        #expect(loadRule("  - {id: a, check: democracy_scor > 1, message: m}\n")
                == ["s.yaml:\(l + 1):20: error: rule 'a': 'report' has no field 'democracy_scor' (fields: country, edition, scale, status, democracy_percentage, democracy_score, last_year, methodology, score_changes, authors, executive_summary, notice, categories, author_bio, footer_scores, page)"])
        #expect(loadRule("  - {id: b, check: \"average(categories[*].rating) > 1\", message: m}\n")
                == ["s.yaml:\(l + 1):21: error: rule 'b': unknown function 'average' (known: abs, attribute, band, band_exact, breaks, count, did_you_mean, editions, exists, first, items_for, join, last, lookup, matches, max, mean, min, pick, previous_edition, range, recover_mean, round, signed, starts_with, sum, words)"])
        #expect(loadRule("  - {id: c, check: 1 == 1, message: m}\n")
                == ["s.yaml:\(l + 1):5: error: rule 'c' looks at nothing of the report: its expressions name no field"])
        #expect(loadRule("  - {id: d, each: x of categories, check: exists(x), message: m}\n")
                == ["s.yaml:\(l + 1):19: error: rule 'd': 'each' must read 'NAME in EXPRESSION', 'NAME at INDEX in EXPRESSION' or 'NAME = EXPRESSION'",
                    // and, the loop being unreadable, its variable is unknown where it is used
                    "s.yaml:\(l + 1):50: error: rule 'd': 'report' has no field 'x' (fields: country, edition, scale, status, democracy_percentage, democracy_score, last_year, methodology, score_changes, authors, executive_summary, notice, categories, author_bio, footer_scores, page)"])
        #expect(loadRule("  - {id: e, actual: status, message: m}\n")
                == ["s.yaml:\(l + 1):5: error: rule 'e' needs 'check', or 'actual' and 'expect'"])
        #expect(loadRule("  - {id: f, check: \"status == 'x\", message: m}\n")
                == ["s.yaml:\(l + 1):31: error: rule 'f': unterminated string"])
        #expect(loadRule("  - {id: g, each: c in categories, check: c.rating > 1, message: \"{c.ratin}\"}\n")
                == ["s.yaml:\(l + 1):70: error: rule 'g': 'category' has no field 'ratin' (fields: name, rating, rounded, description, findings)"])
    }
}
