import Foundation
import TransitKit

/// A schema file: any bytes are loaded (or refused with a located error); a schema that loads
/// reads, validates and writes a report of each family at hand — a page and its YAML — without
/// crashing or hanging. Seeds are the schema files themselves (run from the project's root, as
/// `make fuzz` does), so mutations land in every section: model, layout, rules, wording, trends.
let samples: [(file: String, bytes: [UInt8], format: Format)] = [
    "Samples/armenia-2023.txt", "Samples/armenia-2023.yaml",
    "Samples-FIW/hong-kong-2024.txt", "Samples-FIW/hong-kong-2024.yaml",
    "Tests/Families/coastal/reports/north-pier-2023.txt", "Tests/Families/coastal/reports/north-pier-2023.yaml",
    "Tests/Families/scorecard/reports/oakmere-2024.txt", "Tests/Families/scorecard/reports/oakmere-2023.txt",
].compactMap { path in
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return ((path as NSString).lastPathComponent, Array(data), path.hasSuffix(".txt") ? .text : .yaml)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let schema = try? Schema.load(bytes: bytes, file: "fuzz.schema.yaml") else { return 0 }
    let transit = Transit(schema: schema)
    let validator = Validator(schema: schema)
    for sample in samples {
        guard let read = try? transit.read(sample.bytes, format: sample.format, file: sample.file) else { continue }
        _ = validator.validate(read.report, file: sample.file)
        for format in [Format.text, .yaml, .json, .xml] { _ = try? transit.write(read.report, format: format, file: sample.file) }
    }
    return 0
}
