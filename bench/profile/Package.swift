// swift-tools-version:6.1
// A driver for profiling perfaudit under valgrind (see BENCHMARKS.md, "Profile").
// valgrind 3.19 crashes (internal SIGSEGV) as soon as the `perfaudit` binary's async main parks
// the main thread in libdispatch's sigsuspend, so this driver has a synchronous main.
import PackageDescription

let package = Package(
    name: "perfaudit-profile",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "perfaudit", path: "../..")],
    targets: [
        .executableTarget(
            name: "perfaudit-profile",
            dependencies: [.product(name: "PerfauditEngine", package: "perfaudit")]
        )
    ],
    swiftLanguageModes: [.v6]
)
