// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "perfaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "perfaudit", targets: ["perfaudit"]),
        .library(name: "PerfauditEngine", targets: ["PerfauditEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "PerfauditXLSX", dependencies: ["CXlsxWriter"]),
        /// SHA-256 blocks with the x86 SHA extensions, for PerfauditCore's SHA256 where the processor has them.
        .target(name: "CSHA256"),
        .target(name: "PerfauditCore", dependencies: ["CSHA256"]),
        /// The C allocator's arenas and thresholds for a batch, and handing freed pages back between phases.
        .target(name: "CAllocator"),
        .target(name: "PerfauditXML", dependencies: ["PerfauditCore", "CLibXML2"]),
        .target(name: "PerfauditEngine", dependencies: ["PerfauditCore", "PerfauditXML", "PerfauditXLSX", "CAllocator"]),
        /// The sample city generator and the record writers: for `generate`, tests and benchmarks only.
        .target(name: "PerfauditSample", dependencies: ["PerfauditCore", "PerfauditEngine"]),
        .executableTarget(
            name: "perfaudit",
            dependencies: [
                "PerfauditEngine",
                "PerfauditSample",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// What the test targets share: the repository's root, running the built binary as a child.
        .target(name: "PerfauditTestSupport", path: "Tests/PerfauditTestSupport"),
        .testTarget(name: "PerfauditCoreTests", dependencies: ["PerfauditCore", "PerfauditTestSupport"]),
        .testTarget(name: "PerfauditXMLTests", dependencies: ["PerfauditXML", "PerfauditCore", "PerfauditTestSupport"]),
        .testTarget(
            name: "PerfauditEngineTests",
            dependencies: ["PerfauditEngine", "PerfauditCore", "PerfauditXML", "PerfauditSample", "PerfauditTestSupport"]
        ),
        .testTarget(
            name: "PerfauditSampleTests",
            dependencies: ["PerfauditSample", "PerfauditEngine", "PerfauditCore", "PerfauditTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
