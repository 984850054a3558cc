// swift-tools-version: 6.1
import PackageDescription

/// Microbenchmarks of SMTPCore (ordo-one's package-benchmark): time and allocations per
/// operation. A package of its own, so the root package's build and `make test` never see it.
/// Run with `bench/micro/run`.
let package = Package(
    name: "smtpc-micro-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "smtpc", path: "../.."),
        // ordo-one's package-benchmark (its current name and URL). The MallocInterposer trait counts
        // allocations; naming the traits turns off the default RuntimeInterposer (ARC counts),
        // whose package is not needed here.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SMTPCoreBenchmarks",
            dependencies: [
                .product(name: "SMTPCore", package: "smtpc"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SMTPCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
