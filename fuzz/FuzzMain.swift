// smtpc-fuzz: the libFuzzer targets of issue 11, one binary for all of them.
//
// `scripts/fuzz` builds it with `-sanitize=fuzzer,address -DSMTPC_FUZZING` into
// .build/fuzz, where `main` hands over to libFuzzer (LLVMFuzzerRunDriver) with the target
// named by SMTPC_FUZZ_TARGET. In the ordinary debug build the same binary replays saved
// inputs instead — `smtpc-fuzz TARGET FILE|DIR...` — so a crashing input can be run
// without the sanitizers. Each target checks invariants, not only the absence of a crash.
//
// The targets reach internal types through `@testable import`, which only debug builds
// allow; a release build of this product says so and exits.

#if canImport(Glibc)
    import Glibc
#endif

@main
struct FuzzMain {
    static func main() {
        #if DEBUG
            #if SMTPC_FUZZING
                runLibFuzzer()
            #else
                replay(Array(CommandLine.arguments.dropFirst()))
            #endif
        #else
            complain("smtpc-fuzz: build it in debug (it uses @testable import); see scripts/fuzz")
            exit(64)
        #endif
    }
}

/// Writes one line to standard error.
func complain(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

#if DEBUG
    /// The target chosen for this process.
    nonisolated(unsafe) var chosenTarget: FuzzTarget = .replyParser

    #if SMTPC_FUZZING
        @_silgen_name("LLVMFuzzerRunDriver")
        func llvmFuzzerRunDriver(
            _ argc: UnsafeMutablePointer<CInt>,
            _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
            _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
        ) -> CInt

        /// libFuzzer's own entry points, for a link where its `main` is the one used.
        @_cdecl("LLVMFuzzerInitialize")
        func fuzzInitialize(
            _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
        ) -> CInt {
            chooseTarget()
            return 0
        }

        @_cdecl("LLVMFuzzerTestOneInput")
        func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
            chosenTarget.run(Array(UnsafeBufferPointer(start: data, count: count)))
            return 0
        }

        /// The target SMTPC_FUZZ_TARGET names; exits 64 when it names none.
        func chooseTarget() {
            let name = getenv("SMTPC_FUZZ_TARGET").map { String(cString: $0) } ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
                complain("smtpc-fuzz: set SMTPC_FUZZ_TARGET to one of: \(known)")
                exit(64)
            }
            chosenTarget = target
        }

        func runLibFuzzer() {
            chooseTarget()
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                llvmFuzzerRunDriver(&argc, &argv) { data, count in fuzzOne(data, count) })
        }
    #endif

    /// `smtpc-fuzz TARGET FILE|DIR...`: runs each input (each file of a directory) once.
    func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            complain("usage: smtpc-fuzz \(known) FILE|DIR...")
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in filesAt(path) {
                guard let bytes = readAll(file) else {
                    complain("smtpc-fuzz: cannot read \(file)")
                    exit(66)
                }
                target.run(bytes)
                count += 1
            }
        }
        print("smtpc-fuzz: \(target.rawValue): \(count) input(s) ran without a failed check")
    }

    private func filesAt(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    private func readAll(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
#endif
