import Foundation
import Testing

/// The GitHub Action (action.yml) run here as a runner would run its check step
/// (action/validate.sh): a throwaway repository with a base commit holding last year's reports
/// and a head commit adding this year's, the runner's environment (`GITHUB_WORKSPACE`,
/// `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`, the commits), transit on PATH. A clean submission of
/// each family passes with a summary of its changes; a broken one of each family fails with an
/// annotation on the line.
struct ActionTests {
    /// This year's report of each family, last year's in the base commit.
    static let submissions = [
        (family: "Nations in Transit", old: "Samples/series/ukraine-2023.txt", new: "Samples/series/ukraine-2024.txt", into: "nit",
         broken: ("civic activism. 5.506 7.007", "civic activism. 7.257 7.007"), rule: "rating-range"),
        (family: "Freedom in the World", old: "Samples-FIW/tunisia-2023.txt", new: "Samples-FIW/tunisia-2024.txt", into: "fiw",
         broken: ("PR Political Rights 16 40", "PR Political Rights 17 40"), rule: "pr-score"),
        (family: "Freedom on the Net", old: "Samples-FOTN/kazakhstan-2023.txt", new: "Samples-FOTN/kazakhstan-2024.txt", into: "fotn",
         broken: ("A Obstacles to Access 12 25", "A Obstacles to Access 13 25"), rule: "access-is-sum"),
    ]

    struct Run {
        var status: Int32
        var annotations: String
        var summary: String
        var outputs: String
    }

    /// A repository whose head commit adds this year's reports (one of them broken, by name)
    /// and a note that is no report; the action's check run on it.
    static func run(broken: String? = nil, _ name: String = #function) throws -> Run {
        let dir = try CLI.scratch(name)
        let repo = dir + "/repo"
        let fm = FileManager.default
        try fm.createDirectory(atPath: repo, withIntermediateDirectories: true)
        func git(_ args: String...) throws -> String {
            let r = try Shell.run("git", ["-C", repo] + args, environment: ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"])
            try #require(r.status == 0, "git \(args): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git("init", "-q", "-b", "main")
        for s in submissions {
            try fm.createDirectory(atPath: "\(repo)/\(s.into)", withIntermediateDirectories: true)
            try fm.copyItem(atPath: CLI.root + "/" + s.old, toPath: "\(repo)/\(s.into)/\((s.old as NSString).lastPathComponent)")
        }
        try "Reports of three families.\n".write(toFile: repo + "/NOTES.md", atomically: true, encoding: .utf8)
        _ = try git("add", "-A")
        _ = try git("commit", "-q", "-m", "last year")
        let base = try git("rev-parse", "HEAD")
        for s in submissions {
            var text = try String(contentsOfFile: CLI.root + "/" + s.new, encoding: .utf8)
            if s.into == broken {
                try #require(text.contains(s.broken.0))
                text = text.replacingOccurrences(of: s.broken.0, with: s.broken.1)
            }
            try text.write(toFile: "\(repo)/\(s.into)/\((s.new as NSString).lastPathComponent)", atomically: true, encoding: .utf8)
        }
        try "Reports of three families, two editions.\n".write(toFile: repo + "/NOTES.md", atomically: true, encoding: .utf8)
        _ = try git("add", "-A")
        _ = try git("commit", "-q", "-m", "this year")
        let head = try git("rev-parse", "HEAD")
        let summary = dir + "/summary.md", outputs = dir + "/outputs"
        let bin = (CLI.executable as NSString).deletingLastPathComponent
        let r = try Shell.run(CLI.root + "/action/validate.sh", [], in: repo, environment: [
            "GITHUB_WORKSPACE": repo, "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs,
            "INPUT_BASE": base, "INPUT_HEAD": head, "INPUT_PATHS": ".", "INPUT_ARCHIVE": ".", "INPUT_SARIF": "true",
            "PATH": bin + ":/usr/bin:/bin",
        ])
        #expect(r.stderr.isEmpty || !r.stderr.contains("error"), "\(r.stderr)")
        return Run(status: r.status, annotations: r.stdout,
                   summary: (try? String(contentsOfFile: summary, encoding: .utf8)) ?? "",
                   outputs: (try? String(contentsOfFile: outputs, encoding: .utf8)) ?? "")
    }

    @Test func aCleanSubmissionPassesWithItsChangesInTheSummary() throws {
        let r = try Self.run()
        #expect(r.status == 0, "\(r.annotations)\(r.summary)")
        #expect(!r.annotations.contains("::error"), "\(r.annotations)")
        #expect(r.summary.hasPrefix("### transit validate: 3 files checked, 0 errors, 0 warnings\n\nNo findings.\n"), "\(r.summary)")
        // Each report against last year's: its changes section and the figures side by side.
        for s in Self.submissions {
            let old = "\(s.into)/\((s.old as NSString).lastPathComponent)", new = "\(s.into)/\((s.new as NSString).lastPathComponent)"
            #expect(r.summary.contains("#### \(new) against \(old)\n"), "\(s.family): \(r.summary)")
        }
        #expect(r.summary.contains("| "), "a diff table: \(r.summary)")
        #expect(r.outputs.contains("files=3\n") && r.outputs.contains("status=0\n") && r.outputs.contains("sarif-file=transit.sarif\n"), "\(r.outputs)")
    }

    @Test(arguments: ["nit", "fiw", "fotn"])
    func aBrokenSubmissionFailsWithAnAnnotationOnTheLine(family: String) throws {
        let s = try #require(Self.submissions.first { $0.into == family })
        let r = try Self.run(broken: family, "broken-\(family)")
        #expect(r.status == 1, "\(r.annotations)")
        let file = "\(s.into)/\((s.new as NSString).lastPathComponent)"
        let annotation = r.annotations.split(separator: "\n").first { $0.hasPrefix("::error file=\(file),line=") && $0.contains("title=\(s.rule)::") }
        #expect(annotation != nil, "\(s.family): \(r.annotations)")
        #expect(r.summary.contains("| \(s.rule) | error |"), "\(r.summary)")
        #expect(r.summary.hasPrefix("### transit validate: 3 files checked, "), "\(r.summary)")
        #expect(r.outputs.contains("status=1\n"))
    }

    /// A pull request that changes no report passes, and says so.
    @Test func noReportChangedIsSaid() throws {
        let dir = try CLI.scratch()
        let repo = dir + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        let env = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"]
        for args in [["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "a"]] { _ = try Shell.run("git", ["-C", repo] + args, environment: env) }
        let base = try Shell.run("git", ["-C", repo, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try "notes\n".write(toFile: repo + "/NOTES.md", atomically: true, encoding: .utf8)
        for args in [["add", "-A"], ["commit", "-q", "-m", "b"]] { _ = try Shell.run("git", ["-C", repo] + args, environment: env) }
        let bin = (CLI.executable as NSString).deletingLastPathComponent
        let r = try Shell.run(CLI.root + "/action/validate.sh", [], in: repo, environment: [
            "GITHUB_WORKSPACE": repo, "GITHUB_STEP_SUMMARY": dir + "/summary.md", "INPUT_BASE": base, "PATH": bin + ":/usr/bin:/bin",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: dir + "/summary.md", encoding: .utf8).hasPrefix("### transit validate: no report file changed\n\nOf the 1 files changed, none is a report or a sheet.\n"))
    }

    /// `transit previous`: the file of a report's previous edition, in the report's own format
    /// where the archive has that copy; exit 1 where the archive has none.
    @Test func previousFindsLastYearsFile() throws {
        let series = CLI.root + "/Samples/series"
        let txt = try CLI.run(["previous", series + "/ukraine-2024.txt", "--archive", series])
        #expect(txt.status == 0 && txt.stdout == series + "/ukraine-2023.txt\n", "\(txt.stdout)\(txt.stderr)")
        let yaml = try CLI.run(["previous", series + "/ukraine-2024.yaml", "--archive", series])
        #expect(yaml.stdout == series + "/ukraine-2023.yaml\n")
        let none = try CLI.run(["previous", series + "/ukraine-2024.txt", "--archive", CLI.root + "/Samples-FIW"])
        #expect(none.status == 1 && none.stdout.isEmpty)
    }
}
