import TransitKit

let transit = Transit()

/// Page text: anything that reads must be written back byte for byte (the reader is lossless),
/// and must survive YAML.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = try? transit.read(bytes, format: .text, file: "fuzz-2021.txt") else { return 0 }
    let back = try! transit.write(read.report, format: .text, file: "fuzz-2021.txt")
    precondition(back == bytes, "page text not written back as read")
    let yaml = try! transit.write(read.report, format: .yaml)
    let again = try! transit.read(yaml, format: .yaml, file: "fuzz.yaml").report
    precondition(again == read.report, "the model changed through YAML")
    return 0
}
