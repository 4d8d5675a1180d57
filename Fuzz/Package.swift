// swift-tools-version:6.0
// libFuzzer targets for transit's readers and its rule language, built apart from the main
// package (`make fuzz`): swift build --package-path Fuzz --sanitize=fuzzer --sanitize=address
import PackageDescription

let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "transit-fuzz",
    dependencies: [.package(name: "transit", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "TransitKit", package: "transit")]),
    ] + ["text", "yaml", "xml", "json", "expression", "schema", "xlsx"].map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "TransitKit", package: "transit")],
            path: "Sources/fuzz-\(name)",
            swiftSettings: fuzzFlags)
    }
)
