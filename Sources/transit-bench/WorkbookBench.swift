import TransitKit

/// The publisher's all-data workbook (when `../shared` is beside the project), whole processes:
/// `transit validate` of the workbook (its sheet read, every row against the rules) against
/// openpyxl merely loading the same sheet in read-only mode and walking its rows.
func workbookBench(rounds: Int) {
    let book = "../shared/data/All_data_FIW_2013-2024.xlsx"
    print("")
    print("workbooks, whole processes on the publisher's all-data workbook; the median of the paired rounds' ratios")
    guard FileIO.exists(book) else {
        print("  not run: \(book) is not beside the project")
        return
    }
    guard spawn(["python3", "-c", "import openpyxl"]).status == 0 else {
        print("  openpyxl not run: the Python module is missing (make bench-deps installs it)")
        return
    }
    let script = """
        import sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1], read_only=True)
        rows = sum(1 for _ in book["FIW13-24"].iter_rows(values_only=True))
        """
    guard let r = paired(rounds: rounds, { spawn([".build/release/transit", "validate", book]) },
                         { spawn(["python3", "-c", script, book]) }) else { return }
    print("  " + pad("validate the workbook: transit", 52) + fixed(r.transit, 2) + " s, \(r.peakKiB / 1024) MiB")
    print("  " + pad("load the sheet: openpyxl (read-only)", 52) + fixed(r.peer, 2) + " s")
    report(Aim(name: "validate .xlsx / openpyxl load", ratio: r.ratio, aim: 2, note: "whole processes; \(r.spread)"))
}
