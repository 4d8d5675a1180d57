import TransitKit

let transit = Transit()

/// The oracle of the YAML, XML and JSON targets: no crash, no hang; what reads is written and
/// read back as the same model through every structured format.
public func fuzzStructured(_ data: UnsafePointer<UInt8>, _ size: Int, format: Format) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = try? transit.read(bytes, format: format, file: "fuzz.\(format.fileExtension)") else { return 0 }
    for target in [Format.yaml, .xml, .json] {
        guard let out = try? transit.write(read.report, format: target) else { continue }  // e.g. text XML cannot carry
        let again = try! transit.read(out, format: target, file: "again").report
        precondition(again == read.report, "the model changed through \(target)")
    }
    return 0
}
