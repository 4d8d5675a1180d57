import Foundation
@_spi(Fuzzing) import TransitKit

/// Workbooks. An input that opens as a zip archive is read as a workbook whole; any other input
/// is a sheet's XML and, after a NUL byte, the shared strings' XML, packed into a workbook around
/// them (so that mutations reach the sheet parser instead of the zip's checksums). The oracle: no
/// crash, no hang; what reads is written as a workbook and read back as the same rows.
let schemas: [Schema] = ["Tests/Families/coastal/coastal.schema.yaml", "Schemas/fiw.schema.yaml"].compactMap { try? Schema.load(path: $0) }
let limits = ReadLimits(maxDepth: 64, maxBytes: 4 << 20)

func part(_ name: String) -> [UInt8] {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    let text: String = switch name {
    case "_rels/.rels": "<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    case "xl/workbook.xml": "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    default: "<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
    }
    return Array(text.utf8)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if !bytes.starts(with: [0x50, 0x4B]) {
        let cut = bytes.firstIndex(of: 0) ?? bytes.count
        let sheet = Array(bytes[..<cut]), strings = cut < bytes.count ? Array(bytes[(cut + 1)...]) : Array("<sst/>".utf8)
        guard let book = try? Transit.zipArchive([("_rels/.rels", part("_rels/.rels")), ("xl/workbook.xml", part("xl/workbook.xml")),
                                                  ("xl/_rels/workbook.xml.rels", part("rels")), ("xl/sharedStrings.xml", strings),
                                                  ("xl/worksheets/sheet1.xml", sheet)]) else { return 0 }
        bytes = book
    }
    for schema in schemas {
        let transit = Transit(schema: schema, limits: limits)
        guard let read = try? transit.readSheet(bytes, file: "fuzz.xlsx") else { continue }
        var table = PanelTable(schema: schema)
        table.inInputOrder = true
        for r in read.reports { table.add(table.row(r)) }
        guard let written = try? table.xlsx(sheetName: "Data") else { continue }
        let again = try! transit.readSheet(written, file: "again.xlsx")
        precondition(again.reports.map { table.row($0) } == table.rows, "the rows changed through a written workbook")
    }
    return 0
}
