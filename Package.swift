// swift-tools-version:6.1
import PackageDescription

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `make` builds stamp the git revision into `Sources/smtpc/Stamp/Revision.swift` (not
/// committed, scripts/stamp-revision); `smtpc --version` shows it when the file is there.
let revisionStamped = FileManager.default.fileExists(
    atPath: Context.packageDirectory + "/Sources/smtpc/Stamp/Revision.swift")

// lld lays out these functions first (a name the binary no longer has is skipped quietly).
let symbolOrderFile = Context.packageDirectory + "/linker/symbol-order.txt"
let symbolOrdering =
    FileManager.default.fileExists(atPath: symbolOrderFile)
    ? ["-Xlinker", "--symbol-ordering-file=" + symbolOrderFile, "-Xlinker", "--no-warn-symbol-ordering"] : []

/// smtpc: an interactive terminal SMTP console.
///
/// Each module owns one concern and imports only those below it:
/// SMTPCore (pure protocol) ← SMTPTransport (SwiftNIO) / SMTPTranscript ←
/// SMTPConsole (the REPL, over LineEditor) ← smtpc (the thin executable); SystemIO (the
/// system calls' small wrappers: write everything) sits under all that write files.
let package = Package(
    name: "smtpc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smtpc", targets: ["smtpc"]),
        // For bench/micro (a package of its own), which measures the protocol core.
        .library(name: "SMTPCore", targets: ["SMTPCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        // The classroom's web view (issue 27). Without its default traits Hummingbird needs only
        // FoundationEssentials: no ICU data, start-up within the noise (docs/benchmarks.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        // Hummingbird logs through swift-log; the web view gives it a logger that says nothing.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        // Pure protocol: replies, parser, code tables, capabilities. No I/O.
        .target(name: "SMTPCore"),

        // The one way to write all of a buffer to a descriptor (EINTR, short writes, EAGAIN).
        // No dependencies, so that LineEditor, which knows nothing of SMTP, can use it too.
        .target(name: "SystemIO"),

        // Connections: TCP, TLS, reply decoding over SMTPCore's parser.
        .target(
            name: "SMTPTransport",
            dependencies: [
                "SMTPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),

        // SASL client mechanisms for AUTH (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER). No I/O.
        .target(name: "SMTPAuth", dependencies: ["SMTPCore", .product(name: "Crypto", package: "swift-crypto")]),

        // The practice server: a real RFC 5321 server on loopback, built on SMTPCore.
        .target(
            name: "SMTPServer",
            dependencies: [
                "SMTPCore",
                "SMTPDKIM",
                "SMTPTranscript",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),

        // DKIM signing (RFC 6376, RFC 8463): canonicalization, the DKIM-Signature field, PEM keys.
        .target(
            name: "SMTPDKIM",
            dependencies: [
                "SMTPCore",
                "SystemIO",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The message builder (issue 26): a MessageSpec to RFC 5322 / MIME bytes, its tree for display;
        // attachments read from their files as the message is written.
        .target(name: "SMTPMessage", dependencies: ["SMTPCore", "SystemIO"]),

        // The pure pieces of `smtpc check` (issue 25): MTA-STS records and policies, TLS-RPT
        // records, the IANA result types, DANE TLSA records matched against a chain. No I/O.
        .target(
            name: "SMTPCheck",
            dependencies: [
                "SMTPCore",
                "SMTPTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),

        // Transcript events and their writers.
        .target(name: "SMTPTranscript", dependencies: ["SMTPCore", "SystemIO"]),

        // libedit's declarations (libedit-dev, scripts/install-build-deps), and a C shim with
        // fixed-argument wrappers for its variadic API. The shim loads libedit when the editor
        // is first made: nothing links it, so script mode never loads it (docs/benchmarks.md,
        // tenth round).
        .systemLibrary(name: "CLibEdit"),
        .target(name: "CEditShim", dependencies: ["CLibEdit"]),

        // A line editor safe for asynchronous output. Knows nothing of SMTP.
        .target(name: "LineEditor", dependencies: ["CEditShim", "CLibEdit", "SystemIO"]),

        // The profile file: a TOML 1.0 reader of our own (it names the line of every key)
        // and the profiles in it. No dependencies.
        .target(name: "SMTPProfiles"),

        // The classroom (issue 27): the class's accounts, the SQLite database of conversations,
        // messages and progress, the lesson steps. No HTTP.
        .target(
            name: "SMTPClassroom",
            dependencies: [
                "SMTPCore", "SMTPServer", "SMTPTranscript", "SMTPProfiles",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // The web view of the practice server (`smtpc serve --web`): pages and live updates,
        // on Hummingbird, on the practice server's event loops.
        .target(
            name: "SMTPWeb",
            dependencies: [
                "SMTPCore", "SMTPServer", "SMTPTranscript", "SMTPConsole", "SMTPClassroom",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // The REPL: lines to commands, replies to annotated output.
        .target(
            name: "SMTPConsole",
            dependencies: [
                "SMTPMessage",
                "SMTPDKIM",
                "SMTPCheck",
                "SMTPCore", "SMTPAuth", "SMTPTransport", "SMTPTranscript", "SMTPServer", "LineEditor", "SystemIO",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // The libFuzzer targets (fuzz/, issue 11): scripts/fuzz builds them with the sanitizers
        // into .build/fuzz; in an ordinary debug build the program replays saved inputs.
        .executableTarget(
            name: "smtpc-fuzz",
            dependencies: ["SMTPCore", "SMTPTranscript", "SMTPTransport", "SMTPServer", "SMTPConsole", "SMTPProfiles"],
            path: "fuzz",
            exclude: ["corpus"],
            // gold stops on its own internal error when it reports a problem with this link
            // (DWARF 5); lld links it, and says what is wrong when something is.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))]
        ),

        // A small program that drives LineEditor in its tests (not a product).
        .executableTarget(name: "line-editor-demo", dependencies: ["LineEditor"]),

        // The thin executable.
        .executableTarget(
            name: "smtpc",
            dependencies: [
                "SMTPAuth",
                "SMTPCore",
                "SMTPConsole",
                "SMTPDKIM",
                "SMTPProfiles",
                "SMTPServer",
                "SMTPTranscript",
                "SMTPWeb",
                "SMTPClassroom",
                "SystemIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: revisionStamped ? [.define("SMTPC_REVISION_STAMPED")] : [],
            // Release builds link with lld, relative relocations packed (DT_RELR, glibc ≥ 2.36) and
            // no dynamic symbol table for the executable's own symbols: 4 MiB less resident and a
            // faster start (docs/benchmarks.md, "Linking"); the functions of the usual sessions
            // first in .text (bench/order-symbols writes the list): a third less resident code
            // (docs/benchmarks.md, sixth round).
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"]
                        + symbolOrdering,
                    .when(platforms: [.linux], configuration: .release)
                )
            ]
        ),

        .testTarget(name: "SMTPCoreTests", dependencies: ["SMTPCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SMTPTransportTests",
            dependencies: [
                "SMTPCore", "SMTPTransport", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "line-editor-demo", "TestSupport"]),
        .testTarget(name: "SMTPAuthTests", dependencies: ["SMTPAuth"]),
        .testTarget(
            name: "SMTPServerTests",
            dependencies: [
                "SMTPCore", "SMTPServer", "SMTPTranscript", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "SMTPTranscriptTests", dependencies: ["SMTPTranscript"]),
        .testTarget(
            name: "SMTPDKIMTests", dependencies: ["SMTPDKIM", "SMTPCore", "TestSupport"], exclude: ["dkimpy-verify.py"]),
        // Built messages read back by Python's email package.
        .testTarget(
            name: "SMTPMessageTests",
            dependencies: ["SMTPCore", "SMTPMessage", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO"]),
        .testTarget(
            name: "SMTPConsoleTests",
            dependencies: ["SMTPConsole", "SMTPCheck", "SMTPCore", "SMTPAuth", "SMTPTranscript", "SMTPTransport", "TestSupport"]),
        // Shared by the test targets: the real test servers' settings, the built binary, a pseudo-terminal.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["dkimpy-sign.py", "cdp.py"]),
        .testTarget(name: "SMTPProfilesTests", dependencies: ["SMTPProfiles"]),
        .testTarget(name: "SMTPClassroomTests", dependencies: ["SMTPClassroom", "SMTPServer", "SMTPTranscript", "TestSupport"]),
        .testTarget(name: "SMTPWebTests", dependencies: ["SMTPWeb", "SMTPServer", "SMTPTranscript", "TestSupport"]),
        .testTarget(name: "SMTPCheckTests", dependencies: ["SMTPCheck", "SMTPTransport", "TestSupport"]),
        .testTarget(name: "SmtpcTests", dependencies: ["smtpc", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["SMTPCore", "SMTPTranscript", "TestSupport"],
            exclude: ["Send/send-check.py", "Web/browser_checks.py"]),
    ]
)
