import Foundation
import TestSupport
import Testing

/// Finds and starts `line-editor-demo`, the small program these tests drive.
enum DemoProgram {
    /// The demo's path: `$LINE_EDITOR_DEMO`, else beside the running test
    /// bundle (the build products directory), else `.build/debug` of the package.
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["LINE_EDITOR_DEMO"] { return override }
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let beside = bundleDirectory.appendingPathComponent("line-editor-demo").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/line-editor-demo").path
    }()

    /// Starts the demo on a fresh terminal and waits for its first prompt.
    static func start(_ arguments: [String] = [], columns: Int = 80) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(executable: path, arguments: arguments, columns: columns)
        try #require(terminal.waitFor("demo[1]> "), "no prompt; output: \(terminal.screenText)")
        return terminal
    }
}

extension PseudoTerminal {
    /// Types `line` and Enter, then waits for the demo's echo of `expected`.
    func enter(_ line: String, expecting expected: String? = nil) -> Bool {
        let mark = screenText.count
        send(line + "\r")
        return waitFor("you typed: \(expected ?? line)", after: mark)
    }

    /// The screen rows that contain `text`.
    func rows(containing text: String) -> [Int] {
        screenLines.indices.filter { screenLines[$0].contains(text) }
    }
}

/// Pauses the test briefly (the terminal flushes pending input on Ctrl-C).
func settle(milliseconds: UInt32 = 150) {
    usleep(milliseconds * 1000)
}
