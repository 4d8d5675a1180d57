import Foundation
import Testing
import TransitKit

/// `transit trends`: one self-contained page, read by an independent XML parser, and rendered in
/// a real browser at a desktop's and a phone's width.
struct TrendsTests {
    /// What Python's ElementTree reads off the page (see Tests/consumers/read_trends.py).
    static func read(_ page: String) throws -> String {
        let r = try Python.run(["Tests/consumers/read_trends.py", page])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        return r.stdout
    }

    @Test func everyValueOfTheSeriesIsOnThePage() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["trends", CLI.root + "/Samples/series", "-o", dir + "/trends.html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.read(dir + "/trends.html") == """
            Ukraine: 3.39, 3.36, 3.39, 3.43, 3.54, 3.54 (8 charts)
            Country | Editions | Score | Change | Status | Categories that moved
            Ukraine | 2023 → 2024 | 3.54 → 3.54 | 0.00 | Transitional or Hybrid Regime |

            """)
        let page = try String(contentsOfFile: dir + "/trends.html", encoding: .utf8)
        // The categories that moved, with their direction, in the table of editions.
        #expect(page.contains("<td data-label=\"Categories that moved\"><span class=\"down\">▼ Local Democratic Governance -0.25</span></td>"))
        #expect(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"))
        #expect(page.contains("default-src 'none'"))
    }

    /// Each subject's latest edition is set against its own previous one, never a global pair of
    /// years: a subject with only the newest edition, or only an old one, is not "lost".
    @Test func eachLatestEditionAgainstItsOwnPrevious() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Samples/series/ukraine-2021.yaml", "Samples/series/ukraine-2023.yaml", "Samples/estonia-2022.yaml", "Samples/georgia-2024.yaml", "Samples/armenia-2023.yaml"], into: dir)
        #expect(try CLI.run(["trends", dir, "-o", dir + "/trends.html", "--order", "name"]).status == 0)
        let lines = try Self.read(dir + "/trends.html").split(separator: "\n").map(String.init)
        #expect(lines.contains("Ukraine | 2021 → 2023 | 3.39 → 3.54 | +0.15 | Transitional or Hybrid Regime | ▲ National Democratic Governance +0.25; ▲ Electoral Process +0.25; ▲ Civil Society +0.25; ▲ Judicial Framework and Independence +0.25"), "\(lines)")
        #expect(lines.contains("Georgia | 2024 (first in the archive) | 3.14 | – | Transitional or Hybrid Regime |"))
        #expect(lines.contains("Estonia | 2022 (first in the archive) | 6.00 | – | Consolidated Democracy |"))
        #expect(!lines.contains { $0.contains("none") })
        // --order name: the sections by name.
        #expect(lines.filter { $0.hasSuffix("charts)") }.map { String($0.prefix { $0 != ":" }) } == ["Armenia", "Estonia", "Georgia", "Ukraine"])
    }

    @Test func theOverviewIsOrderedAsStated() throws {
        let dir = try CLI.scratch()
        #expect(try CLI.run(["trends", CLI.root + "/Samples", "-o", dir + "/group.html"]).status == 0)
        #expect(try CLI.run(["trends", CLI.root + "/Samples", "-o", dir + "/latest.html", "--order", "latest"]).status == 0)
        func order(_ file: String) throws -> [String] {
            try Self.read(dir + "/" + file).split(separator: "\n").filter { $0.hasSuffix("charts)") }.map { String($0.prefix { $0 != ":" }) }
        }
        #expect(try order("group.html") == ["Czech Republic", "Estonia", "Poland", "North Macedonia", "Serbia",
                                            "Armenia", "Georgia", "Kyrgyzstan", "Moldova", "Ukraine"])
        #expect(try order("latest.html") == ["Estonia", "Czech Republic", "Poland", "North Macedonia", "Armenia",
                                             "Ukraine", "Serbia", "Moldova", "Georgia", "Kyrgyzstan"])
        let page = try String(contentsOfFile: dir + "/group.html", encoding: .utf8)
        #expect(page.contains("Grouped as the schema groups them (Central Europe, Balkans, Eurasia), then by name."))
        #expect(try String(contentsOfFile: dir + "/latest.html", encoding: .utf8).contains("Ordered by the latest Democracy Score, highest first."))
    }

    @Test func oldScaleScoresAreShownRestatedAndMarked() throws {
        let dir = try CLI.scratch()
        try FileManager.default.copyItem(atPath: CLI.root + "/Samples/north-macedonia-2019.txt", toPath: dir + "/north-macedonia-2019.txt")
        #expect(try CLI.run(["trends", dir, "-o", dir + "/trends.html"]).status == 0)
        let read = try Self.read(dir + "/trends.html")
        #expect(read.hasPrefix("North Macedonia: 4.11* (8 charts)"), "\(read)")
        let page = try String(contentsOfFile: dir + "/trends.html", encoding: .utf8)
        #expect(page.contains("restated from the inverted scale"))
        #expect(page.contains("* printed on the inverted scale; shown restated on the current one."))
    }

    @Test func freedomInTheWorldIsDrawnByItsStatusAndScores() throws {
        let dir = try CLI.scratch()
        #expect(try CLI.run(["trends", CLI.root + "/Samples-FIW", "-o", dir + "/fiw.html"]).status == 0)
        let read = try Self.read(dir + "/fiw.html")
        #expect(read.contains("Tunisia: 64, 56, 51 (27 charts)"), "\(read)")
        #expect(read.contains("Tunisia | 2023 → 2024 | 56 → 51 | -5 | Partly Free | ▼ B1 -1; ▼ B2 -2; ▼ C3 -1; ▼ F4 -1"), "\(read)")
        let page = try String(contentsOfFile: dir + "/fiw.html", encoding: .utf8)
        // Each edition shaded by its own status; Political Rights and Civil Liberties charted.
        #expect(page.contains("<title>2024: Partly Free</title>"))
        #expect(page.contains("Tunisia: Political Rights and Civil Liberties scores"))
    }

    @Test func aMixedFolderMakesAPagePerFamily() throws {
        let dir = try CLI.scratch()
        try CLI.copy(["Samples/series/ukraine-2023.yaml", "Samples/series/ukraine-2024.yaml", "Samples-FIW/tunisia-2023.yaml", "Samples-FIW/tunisia-2024.json"], into: dir)
        let refused = try CLI.run(["trends", dir, "-o", dir + "/page.html"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the inputs hold reports of 2 families (1 of Freedom in the World, 1 of Nations in Transit), a page each: give -o DIRECTORY"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/page.html"))
        #expect(try CLI.run(["trends", dir, "-o", dir + "/pages/"]).status == 0)
        #expect(try Self.read(dir + "/pages/nations-in-transit.html").hasPrefix("Ukraine: 3.54, 3.54"))
        #expect(try Self.read(dir + "/pages/freedom-in-the-world.html").hasPrefix("Tunisia: 56, 51"))
    }

    @Test func anUnreadableInputWritesNoPage() throws {
        let dir = try CLI.scratch()
        try FileManager.default.copyItem(atPath: CLI.root + "/Samples/series/ukraine-2023.yaml", toPath: dir + "/ukraine-2023.yaml")
        let missing = try CLI.run(["trends", dir + "/nothing-here", "-o", dir + "/trends.html"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nothing-here:1:1: error: no such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/trends.html"))
    }

    // MARK: - In a browser

    static let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// An archive of 29 countries × the `editions` (on the current scale), generated from the
    /// schema and written as YAML.
    static func generatedArchive(_ dir: String, editions: ClosedRange<Int>) throws -> [String] {
        let transit = Transit()
        let countries = transit.schema.subjects!.values
        for country in countries {
            for report in ArchiveGenerator(seed: 11).series(subject: country, editions: Array(editions)) {
                let stem = country.lowercased().replacingOccurrences(of: " ", with: "-") + "-" + report.text("edition")!
                try Data(transit.write(report, format: .yaml)).write(to: URL(fileURLWithPath: dir + "/" + stem + ".yaml"))
            }
        }
        return countries
    }

    struct Rendered: Decodable {
        struct Part: Decodable {
            var name: String?
            var charts: Int
            var without_value: Int
            var figures: Int?
        }
        var width: Int
        var overflow: Int
        var requests: [String]
        var sections: [Part]
        var overview: Part?
        var min_value_px: Double?
        var screenshot: Int?
        var error: String?
    }

    /// Renders `page` in Chromium at `width`×`height` (a phone when `mobile`), the screenshot
    /// into test-output/.
    static func render(_ page: String, width: Int, height: Int, mobile: Bool, screenshot: String) throws -> Rendered {
        let out = CLI.root + "/test-output"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let r = try Python.run(["Tests/browser/check_page.py", page, "--width", String(width), "--height", String(height),
                                "--screenshot", out + "/" + screenshot, "--browser", browser!] + (mobile ? ["--mobile"] : []))
        let rendered = try JSONDecoder().decode(Rendered.self, from: Data(r.stdout.utf8))
        #expect(rendered.error == nil && r.status == 0, "\(rendered.error ?? "") \(r.stderr)")
        return rendered
    }

    /// The checks of a reader's page: no sideways scrolling at a phone's width, a chart for every
    /// subject of the archive, a visible value in every chart, nothing requested from outside.
    static func checkPage(_ page: String, subjects: [String], name: String) throws {
        for (width, height, mobile) in [(1400, 1000, false), (390, 844, true)] {
            let r = try render(page, width: width, height: height, mobile: mobile, screenshot: "\(name)-\(width).png")
            #expect(r.width == width, "the page laid out at \(r.width) px, not \(width)")
            #expect(r.overflow == 0, "\(name) at \(width) px: \(r.overflow) px of sideways scrolling")
            #expect(r.requests.isEmpty, "\(name) requests \(r.requests)")
            #expect(Set(r.sections.compactMap(\.name)) == Set(subjects), "\(name): sections \(r.sections.compactMap(\.name))")
            for s in r.sections {
                #expect(s.charts >= 1, "\(name) at \(width) px: \(s.name ?? "?") has no chart")
                #expect(s.without_value == 0, "\(name) at \(width) px: \(s.without_value) chart(s) of \(s.name ?? "?") show no value")
            }
            #expect(r.overview?.figures == subjects.count, "\(name): the overview has \(r.overview?.figures ?? 0) charts for \(subjects.count) subjects")
            #expect(r.overview?.without_value == 0)
            #expect((r.min_value_px ?? 0) >= 8, "\(name) at \(width) px: values \(r.min_value_px ?? 0) px high")
            #expect((r.screenshot ?? 0) > 10_000, "a screenshot")
        }
    }

    /// Without a browser this is skipped (never passed); under CI=true a missing browser fails it
    /// (`make test` installs Debian's chromium).
    @Test(.enabled(if: browser != nil || inCI, "no Chromium on this machine (make test-deps installs it)"), .timeLimit(.minutes(10)))
    func thePagesPassTheBrowserChecks() throws {
        _ = try #require(Self.browser, "CI=true: Chromium must be installed (make test-deps)")
        let dir = try CLI.scratch()
        // The samples' series, and the samples of both families.
        #expect(try CLI.run(["trends", CLI.root + "/Samples/series", "-o", dir + "/series.html"]).status == 0)
        try Self.checkPage(dir + "/series.html", subjects: ["Ukraine"], name: "trends-series")
        #expect(try CLI.run(["trends", CLI.root + "/Samples", "-o", dir + "/samples.html"]).status == 0)
        try Self.checkPage(dir + "/samples.html", subjects: ["Czech Republic", "Estonia", "Poland", "North Macedonia", "Serbia",
                                                              "Armenia", "Georgia", "Kyrgyzstan", "Moldova", "Ukraine"], name: "trends-samples")
        #expect(try CLI.run(["trends", CLI.root + "/Samples-FIW", "-o", dir + "/fiw.html"]).status == 0)
        try Self.checkPage(dir + "/fiw.html", subjects: ["Hong Kong", "Nicaragua", "Peru", "Syria", "Tunisia", "Uruguay"], name: "trends-fiw")
        // Generated archives of 29 countries × 10 editions (2015–2024) and × 20 (2005–2024).
        for (editions, name) in [(2015...2024, "archive-10"), (2005...2024, "archive-20")] {
            let archive = dir + "/" + name
            try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
            let countries = try Self.generatedArchive(archive, editions: editions)
            #expect(try CLI.run(["trends", archive, "-o", dir + "/\(name).html"]).status == 0)
            try Self.checkPage(dir + "/\(name).html", subjects: countries, name: "trends-\(name)")
        }
        // The publisher's whole FIW sheet: 211 countries and territories, 12 editions.
        if FIWSheet.available {
            let names = try Python.run(["-c", "import csv, sys; print('\\n'.join(sorted({r['Country/Territory'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))})))", FIWSheet.path])
            let subjects = names.stdout.split(separator: "\n").map(String.init)
            #expect(subjects.count == 211)
            #expect(try CLI.run(["trends", FIWSheet.path, "-o", dir + "/fiw-sheet.html"]).status == 0)
            try Self.checkPage(dir + "/fiw-sheet.html", subjects: subjects, name: "trends-fiw-sheet")
        }
    }

    /// The checks can fail: a page made wider than a phone, loading an image from elsewhere
    /// (with its policy removed, and with it kept), and with its values hidden, is caught.
    @Test(.enabled(if: browser != nil || inCI, "no Chromium on this machine (make test-deps installs it)"), .timeLimit(.minutes(5)))
    func theBrowserChecksCatchABadPage() throws {
        _ = try #require(Self.browser, "CI=true: Chromium must be installed (make test-deps)")
        let dir = try CLI.scratch()
        #expect(try CLI.run(["trends", CLI.root + "/Samples/series", "-o", dir + "/good.html"]).status == 0)
        let good = try String(contentsOfFile: dir + "/good.html", encoding: .utf8)
        let wide = good.replacingOccurrences(of: "<main>", with: "<main><div style=\"width:700px\">wide</div><img src=\"http://127.0.0.1:9/x.png\" alt=\"\"/>")
        try wide.write(toFile: dir + "/wide.html", atomically: true, encoding: .utf8)
        let policy = try #require(good.range(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, options: .regularExpression))
        try wide.replacingOccurrences(of: String(good[policy]), with: "").write(toFile: dir + "/open.html", atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: "class=\"value\"", with: "class=\"value\" visibility=\"hidden\"").write(toFile: dir + "/blind.html", atomically: true, encoding: .utf8)
        for page in ["wide", "open"] {
            let r = try Self.render(dir + "/\(page).html", width: 390, height: 844, mobile: true, screenshot: "bad-\(page).png")
            #expect(r.overflow > 200, "\(page): \(r.overflow)")
            #expect(r.requests == ["http://127.0.0.1:9/x.png"], "\(page): \(r.requests)")
        }
        let blind = try Self.render(dir + "/blind.html", width: 1400, height: 1000, mobile: false, screenshot: "bad-blind.png")
        #expect(blind.sections.first?.without_value == blind.sections.first?.charts)
        #expect(blind.overview?.without_value == 1)
        for bad in ["wide", "open", "blind"] { try? FileManager.default.removeItem(atPath: CLI.root + "/test-output/bad-\(bad).png") }
    }

    @Test(.enabled(if: browser != nil || inCI, "no Chromium on this machine (make test-deps installs it)"), .timeLimit(.minutes(5)))
    func theSummaryPassesTheBrowserChecks() throws {
        _ = try #require(Self.browser, "CI=true: Chromium must be installed (make test-deps)")
        let dir = try CLI.scratch()
        #expect(try CLI.run(["summary", CLI.root + "/Samples/series", "--edition", "2023", "--format", "html", "-o", dir + "/summary.html"]).status == 0)
        for (width, height, mobile) in [(1400, 1000, false), (390, 844, true)] {
            let r = try Self.render(dir + "/summary.html", width: width, height: height, mobile: mobile, screenshot: "summary-\(width).png")
            #expect(r.overflow == 0, "summary at \(width) px: \(r.overflow) px of sideways scrolling")
            #expect(r.requests.isEmpty)
        }
    }
}
