import TransitKit

let transit = Transit()

/// XML: no crash, no hang; what reads is written and read back as the same model.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = try? transit.read(bytes, format: .xml, file: "fuzz.xml") else { return 0 }
    for format in [Format.yaml, .xml, .json] {
        guard let out = try? transit.write(read.report, format: format) else { continue }  // e.g. text XML cannot carry
        let again = try! transit.read(out, format: format, file: "again").report
        precondition(again == read.report, "the model changed through \(format)")
    }
    return 0
}
