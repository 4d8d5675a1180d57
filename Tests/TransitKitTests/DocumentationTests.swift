import Foundation
import Testing
import TransitKit

/// The code of the documentation catalog's articles, run: each test holds an article's Swift
/// blocks word for word (a test below holds them to it), then checks what the article says they
/// give. `make docs` also type-checks the blocks as a client of the library would, against its
/// public interface alone. Paths are the package's (tests run from its root).
@Suite struct DocumentationTests {
    static let catalog = Support.root + "/Sources/TransitKit/TransitKit.docc"

    @Test func readingAndWriting() throws {
        let transit = Transit(schema: Families.standard.named("nit")!)
        let read = try transit.read(file: "Samples/series/ukraine-2023.txt")
        for warning in read.diagnostics {
            print(warning)
        }
        let report = read.report
        let score = report.text(at: ModelPath("democracy_score"))

        let yaml = try transit.write(report, format: .yaml)
        let fromYAML = try transit.read(yaml, format: .yaml, file: "ukraine-2023.yaml").report
        let page = try transit.write(fromYAML, format: .text)

        #expect(score == "3.54")
        #expect(fromYAML == report)
        #expect(page == Array(try Data(contentsOf: URL(fileURLWithPath: "Samples/series/ukraine-2023.txt"))))

        do throws(ReadError) {
            _ = try transit.read(Array("country: Ukraine\nedition: [2023\n".utf8), format: .yaml, file: "broken.yaml")
        } catch {
            for problem in error.diagnostics {
                print(problem)
            }
        }

        let error = #expect(throws: ReadError.self) {
            try transit.read(Array("country: Ukraine\nedition: [2023\n".utf8), format: .yaml, file: "broken.yaml")
        }
        #expect(error?.diagnostics.map(\.description) == ["broken.yaml:3:1: error: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 10)"])

        let family = Families.standard.family(ofFile: "Samples-FIW/hong-kong-2024.yaml", format: .yaml)
        let fiw = Transit(schema: family)
        let hongKong = try fiw.read(file: "Samples-FIW/hong-kong-2024.yaml").report

        #expect(family.roles.family == "Freedom in the World")
        #expect(hongKong.text(at: family.roles.subject.path) == "Hong Kong")
    }

    @Test func overview() throws {
        let transit = Transit(schema: Families.standard.named("fiw")!)
        let report = try transit.read(file: "Samples-FIW/hong-kong-2024.txt").report
        let json = try transit.write(report, format: .json)
        let findings = Validator(schema: transit.schema).validate(report, file: "hong-kong-2024.txt")

        #expect(try transit.read(json, format: .json, file: "hong-kong-2024.json").report == report)
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings)")
    }

    @Test func validating() throws {
        let transit = Transit(schema: Families.standard.named("nit")!)
        let report = try transit.read(file: "Samples/series/ukraine-2023.txt").report
        let validator = Validator(schema: transit.schema)
        var edited = report
        try edited.setField("democracy_score", to: .scalar("6.50", .unknown))
        let findings = validator.validate(edited, file: "ukraine-2023.yaml")
        for finding in findings where finding.severity == .error {
            print(finding.rule ?? "", finding.pointer ?? "", finding.message)
        }

        let lastYear = try transit.read(file: "Samples/series/ukraine-2022.yaml").report
        let againstLastYear = validator.validate(report, previous: lastYear, file: "ukraine-2023.txt")

        let run = ValidationRun(transit: transit)
        run.addToArchive(["Samples/series/ukraine-2022.yaml"])
        let outcome = run.validate(file: "Samples/series/ukraine-2023.txt")
        let annotations = FindingReporter(format: .github).render([outcome])
        let failed = outcome.fails(strict: false)

        // The edited score is no longer the mean of the ratings, nor in its status's band.
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.contains { $0.rule == "score-is-mean" && $0.pointer == "/democracy_score" }, "\(errors.map(\.rule))")
        #expect(validator.validate(report, file: "ukraine-2023.txt").allSatisfy { $0.severity != .error })
        #expect(againstLastYear.allSatisfy { $0.severity != .error }, "\(againstLastYear)")
        #expect(!failed)
        // The sample page is clean against its previous edition: no finding, no annotation.
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
        #expect(annotations == "")
    }

    @Test func comparingEditions() throws {
        let transit = Transit(schema: Families.standard.named("nit")!)
        let old = try transit.read(file: "Samples/series/ukraine-2022.yaml").report
        let new = try transit.read(file: "Samples/series/ukraine-2023.yaml").report
        let diff = ReportDiff(old: old, new: new, schema: transit.schema)
        for change in diff.changes where change.kind == .changed {
            print(change.label, change.old ?? "–", "→", change.new ?? "–", change.direction ?? "")
        }
        let patch = JSONPatch.patch(from: old, to: new)

        let sentences = try ChangesSection.lines(old: old, new: new, schema: transit.schema,
                                                 oldFile: "ukraine-2022.yaml", newFile: "ukraine-2023.yaml")

        let years = 2019...2024
        let reports = try years.map { year in
            try transit.read(file: "Samples/series/ukraine-\(year).yaml").report
        }
        let table = ArchiveDiff(old: [old], new: [new], schema: transit.schema)
        print(table.markdown)
        let series = try ArchiveSeries(reports: reports, schema: transit.schema)
        let summary = try EditionSummary(series, edition: 2024)
        print(summary.markdown)
        let page = Trends.html(series, order: .group)

        let score = diff.changes.first { $0.path == "/democracy_score" }
        #expect(score?.old == old.text(at: ModelPath("democracy_score")) && score?.new == new.text(at: ModelPath("democracy_score")))
        #expect(patch.contains("\"op\": \"replace\""))
        // The sentences are the 2023 page's own, each cut before its reason (`due to …`).
        let printed = try String(contentsOfFile: "Samples/series/ukraine-2023.txt", encoding: .utf8)
            .components(separatedBy: "\n").drop { !$0.hasPrefix("header1 Score changes") }.dropFirst(2).prefix { !$0.isEmpty }
            .map { $0.components(separatedBy: " due to ")[0].trimmingCharacters(in: CharacterSet(charactersIn: ".")) + "." }
        #expect(sentences == Array(printed), "\(sentences)")
        #expect(table.rows.map(\.subject) == ["Ukraine"])
        #expect(series.subjects.count == 1 && series.subjects[0].entries.map(\.edition) == Array(years))
        #expect(summary.markdown.hasPrefix("# "))
        // Ukraine's row: its 2023 score against its 2024 score, as the two pages print them.
        let score2024 = try transit.read(file: "Samples/series/ukraine-2024.txt").report.text(at: ModelPath("democracy_score")) ?? "?"
        #expect(summary.markdown.contains("| Ukraine | 2023 | 3.54 → \(score2024) |"), "\(summary.markdown)")
        #expect(page.contains("Ukraine"))
    }

    @Test func describingAFamily() throws {
        let river = try Schema.load(path: "Tests/Families/river/river.schema.yaml")
        let watch = Transit(schema: river)
        let thames = """
            river: Thames
            year: 2025
            health: 12
            grade: Fair
            measures:
              - {code: Oxygen, value: 4}
              - {code: Clarity, value: 4}
              - {code: Life, value: 3}

            """
        let survey = try watch.read(Array(thames.utf8), format: .yaml, file: "thames-2025.yaml").report
        let xml = try watch.write(survey, format: .xml)
        let problems = Validator(schema: river).validate(survey, file: "thames-2025.yaml")

        let csv = """
            River,Year,Health,Grade,Oxygen,Clarity,Life
            Thames,2024,9,Fair,3,2,4
            Severn,2024,13,Good,5,4,4

            """
        let sheet = try watch.readSheet(Array(csv.utf8), file: "river-watch-2024.csv")
        let rivers = sheet.reports.map { $0.text(at: ModelPath("river")) ?? "?" }

        let families = Families([Schema.standard, river])
        let same = families.named("river-watch") === river

        // What the article says these give, checked by hand.
        #expect(problems.map { "\($0.rule ?? "") \($0.mark)" } == ["health-sum 3:9", "grade-band 4:8"])
        let article = try Self.article("DescribingAFamily")
        #expect(article.contains(Self.blocks(article, "xml")[0]), "the article's XML")
        #expect(String(decoding: xml, as: UTF8.self) == Self.blocks(article, "xml")[0])
        #expect(rivers == ["Thames", "Severn"])
        #expect(sheet.diagnostics.isEmpty, "\(sheet.diagnostics)")
        #expect(same)
        // The schema the article shows is the file the code loads.
        let file = try String(contentsOfFile: "Tests/Families/river/river.schema.yaml", encoding: .utf8)
        #expect(Self.blocks(article, "yaml") == [file])
    }

    /// Every Swift block of every article is in this file, word for word (its `import` lines
    /// aside, which a test file has once at its top), indented as a test's body.
    @Test func articlesCodeIsTested() throws {
        let tests = try String(contentsOfFile: #filePath, encoding: .utf8)
        let articles = try FileManager.default.contentsOfDirectory(atPath: Self.catalog).filter { $0.hasSuffix(".md") }
        #expect(articles.count == 5, "\(articles)")
        var blocks = 0
        for name in articles {
            let article = try Self.article(String(name.dropLast(3)))
            for block in Self.blocks(article, "swift") {
                let body = block.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                    .filter { !$0.hasPrefix("import ") }
                    .map { $0.isEmpty ? "" : "        " + $0 }
                    .joined(separator: "\n")
                    .trimmingCharacters(in: .newlines)
                #expect(tests.contains(body), "a Swift block of \(name) is not in DocumentationTests.swift:\n\(body)")
                blocks += 1
            }
        }
        #expect(blocks >= 12)
    }

    static func article(_ name: String) throws -> String {
        try String(contentsOfFile: "\(catalog)/\(name).md", encoding: .utf8)
    }

    /// The fenced blocks of `language` in `markdown`, each its lines with their newlines.
    static func blocks(_ markdown: String, _ language: String) -> [String] {
        var out: [String] = []
        var current: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = ""
            } else if current != nil, line == "```" {
                out.append(current!)
                current = nil
            } else if current != nil {
                current! += line + "\n"
            }
        }
        return out
    }
}
