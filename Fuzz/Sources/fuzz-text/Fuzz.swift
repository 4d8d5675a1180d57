import TransitKit

/// The compiled-in families, each page read as the family it says it is (its figures' words), and
/// the test families written as schema files alone (run from the project's root, as `make fuzz`
/// does): the Scorecard's lines of several fields and plain item lines, the coastal survey's page.
let families = Families.standard
let transits = (0..<families.count).map { Transit(schema: families.schema($0)) }
let local = ["Tests/Families/scorecard/scorecard.schema.yaml", "Tests/Families/coastal/coastal.schema.yaml"]
    .compactMap { try? Schema.load(path: $0) }.map { Transit(schema: $0) }

/// Page text: anything that reads must be written back byte for byte (the reader is lossless),
/// and must survive YAML.
func check(_ transit: Transit, _ bytes: [UInt8]) {
    guard let read = try? transit.read(bytes, format: .text, file: "fuzz-2021.txt") else { return }
    let back = try! transit.write(read.report, format: .text, file: "fuzz-2021.txt")
    precondition(back == bytes, "page text not written back as read")
    let yaml = try! transit.write(read.report, format: .yaml)
    let again = try! transit.read(yaml, format: .yaml, file: "fuzz.yaml").report
    precondition(again == read.report, "the model changed through YAML")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let family = families.family(of: bytes[...], path: "fuzz-2021.txt", format: .text)
    check(transits[families.index(of: family) ?? 0], bytes)
    for transit in local { check(transit, bytes) }
    return 0
}
