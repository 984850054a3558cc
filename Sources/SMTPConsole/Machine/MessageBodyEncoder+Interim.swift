/// Interim: the streaming body encoder over `WireLines`, until SMTPCore's own lands.
struct MessageBodyEncoder: Sendable {
    private var lines: WireLines

    init(dotStuffing: Bool) { lines = WireLines(dotStuffing: dotStuffing) }

    var lineCount: Int { lines.lineCount }
    var firstNonASCIILine: Int? { lines.firstNonASCIILine }
    var firstLongLine: Int? { lines.firstLongLine }

    mutating func encode(_ input: [UInt8], into output: inout [UInt8]) {
        for piece in lines.feed(input) { output += piece }
    }

    mutating func finish(into output: inout [UInt8]) {
        for piece in lines.finish() { output += piece }
    }
}
