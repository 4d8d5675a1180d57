import Foundation
import TransitKit

/// The rule language: any text as a rule's check is loaded (or refused with a located error)
/// and, when it loads, evaluated on a report, without crashing or hanging.
let head = Schema.standardText.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0 != "rules:" }
    .joined(separator: "\n") + "\nrules:\n  - id: fuzz\n    message: m\n    check: |-\n"
/// A whole report and its previous edition (run from the project's root, as `make fuzz` does), so
/// that expressions reach lists of records in lists; a small page where the samples are not at hand.
func page(_ path: String) -> Record? {
    guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
    return try? Transit().read(Array(bytes), format: .text, file: (path as NSString).lastPathComponent).report
}
let report: Record = page("Samples/series/ukraine-2021.txt") ?? {
    let page = Array("Consolidated Democracy\nDEMOCRACY-SCORE Democracy Score 5.04 7\n".utf8)
    return try! Transit().read(page, format: .text, file: "estonia-2022.txt").report
}()
let previous = page("Samples/series/ukraine-2020.txt")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    guard let schema = try? Schema.load(bytes: Array((head + body + "\n").utf8), file: "fuzz.yaml") else { return 0 }
    _ = Validator(schema: schema).validate(report, previous: previous, file: "fuzz")
    return 0
}
