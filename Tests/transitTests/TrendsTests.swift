import Foundation
import Testing

/// `transit trends`: one self-contained page, checked by an XML parser, and in a browser when
/// there is one.
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

    /// With Chromium on the machine, the page is rendered headless and the screenshot kept in
    /// test-output/ (the page is checked as XML either way).
    @Test func rendersInABrowserWhereThereIsOne() throws {
        let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let browser = browsers.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("note: no Chromium on this machine; the trends page is not rendered (it is still parsed as XML above)")
            return
        }
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
        process.waitUntilExit()
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/trends.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(png.count > 10_000)
    }
}
