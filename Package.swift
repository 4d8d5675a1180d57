// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "transit",
    products: [
        .library(name: "TransitKit", targets: ["TransitKit"]),
        .executable(name: "transit", targets: ["transit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `make docs`: the DocC catalog of TransitKit (swift package generate-documentation).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // Workbooks (.xlsx) are zip archives: libzip reads them from memory (chosen over
        // minizip and libarchive, which inflate the publisher's 3 MB sheet as fast, for its
        // random access by name, its checks of sizes and checksums, and its plain C API).
        .systemLibrary(
            name: "CZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        .target(
            name: "TransitKit",
            dependencies: ["CYAML", "CLibXML2", "CZip"],
            resources: [.embedInCode("Resources/nit.schema.yaml"), .embedInCode("Resources/fiw.schema.yaml"), .embedInCode("Resources/fotn.schema.yaml"), .embedInCode("Resources/fiw-ratings.schema.yaml")]),
        // Process-wide settings of the command (the heap's trimming): glibc's mallopt, which
        // the Glibc module does not export, in a header (a C object of its own, compiled as
        // DWARF 5 beside Swift's DWARF 4, left valgrind 3.19 unable to read the binary).
        .systemLibrary(name: "CProcess"),
        .executableTarget(
            name: "transit",
            dependencies: [
                "TransitKit",
                "CProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "CBenchLoops", dependencies: ["CYAML", "CLibXML2"]),
        .executableTarget(
            name: "transit-bench",
            dependencies: ["TransitKit", "CBenchLoops"]),
        // A fresh process whose threads make their first use of libxml2 at once (the stress test).
        .executableTarget(name: "transit-stress", dependencies: ["TransitKit"]),
        .testTarget(name: "TransitKitTests", dependencies: ["TransitKit"]),
        // Inputs/ and Expected/ are read from the source tree by path, not bundled.
        .testTarget(name: "transitTests", dependencies: ["TransitKit"], exclude: ["Inputs", "Expected", "Faults"]),
        // Tests that read the sources: the layers' direction, no family named, files and functions short.
        .testTarget(name: "SourceTests"),
    ]
)
