import Foundation
import Testing

/// `transit trends`: one self-contained page, checked by an XML parser and rendered in a browser.
struct TrendsTests {
    @Test func thePageHoldsEachCountrysChartAndTheLatestTable() throws {
        let dir = try CLI.scratch()
        let r = try CLI.run(["trends", CLI.root + "/Samples/series", "-o", dir + "/trends.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let read = try Python.run(["Tests/consumers/read_trends.py", dir + "/trends.html"])
        #expect(read.status == 0, "\(read.stdout)\(read.stderr)")
        #expect(read.stdout == """
            Ukraine: 5 bands; 2019: 3.39; 2020: 3.36; 2021: 3.39; 2022: 3.43; 2023: 3.54; 2024: 3.54
            Country | Score | Change | Status | Categories that moved
            Ukraine | 3.54 → 3.54 | +0.00 |  | 

            """, "\(read.stdout)")
    }

    @Test func oldScaleScoresAreConvertedForTheChart() throws {
        let dir = try CLI.scratch()
        try FileManager.default.copyItem(atPath: CLI.root + "/Samples/north-macedonia-2019.txt", toPath: dir + "/north-macedonia-2019.txt")
        #expect(try CLI.run(["trends", dir, "-o", dir + "/trends.html"]).status == 0)
        let read = try Python.run(["Tests/consumers/read_trends.py", dir + "/trends.html"])
        #expect(read.stdout.hasPrefix("North Macedonia: 5 bands; 2019: "), "\(read.stdout)")
        #expect(read.stdout.contains("(converted from the inverted scale)"))
    }

    static let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The page rendered by headless Chromium, the screenshot kept in test-output/. Without a
    /// browser the test is skipped (never passed); under CI=true a missing browser fails it
    /// (`make test` installs Debian's chromium).
    @Test(.enabled(if: browser != nil || inCI, "no Chromium on this machine (make test-deps installs it)"))
    func rendersInABrowser() throws {
        let browser = try #require(Self.browser, "CI=true: Chromium must be installed (make test-deps)")
        let out = CLI.root + "/test-output"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        #expect(try CLI.run(["trends", CLI.root + "/Samples", "-o", out + "/trends.html"]).status == 0)
        try? FileManager.default.removeItem(atPath: out + "/trends.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400",
                             "--screenshot=" + out + "/trends.png", "file://" + out + "/trends.html"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that hangs fails the test instead of the run.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/trends.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(png.count > 10_000)
    }
}
