// libFuzzer entry point for SMTPCore's parsers, compiled together with SMTPCore's sources
// by scripts/fuzz (swiftc -sanitize=fuzzer,address). One binary serves every target; the
// environment variable SMTPC_FUZZ_TARGET picks one: reply-parser, capabilities,
// enhanced-code. Each target checks invariants, not only the absence of a crash.

#if canImport(Glibc)
    import Glibc
#endif

private enum Target: String {
    case replyParser = "reply-parser"
    case capabilities
    case enhancedCode = "enhanced-code"
}

nonisolated(unsafe) private var target = Target.replyParser

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    if let name = getenv("SMTPC_FUZZ_TARGET").map({ String(cString: $0) }), let chosen = Target(rawValue: name) {
        target = chosen
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    switch target {
    case .replyParser: fuzzReplyParser(bytes)
    case .capabilities: fuzzCapabilities(bytes)
    case .enhancedCode: fuzzEnhancedCode(bytes)
    }
    return 0
}

/// Small limits so that the bounds are reached; the same events whether the bytes come
/// at once or one by one; every reply well formed.
private func fuzzReplyParser(_ bytes: [UInt8]) {
    let limits = ReplyParser.Limits(maxLineLength: 64, maxLinesPerReply: 8, maxReplyBytes: 256)
    var whole = ReplyParser(limits: limits)
    let atOnce = whole.feed(bytes) + whole.finish()
    var split = ReplyParser(limits: limits)
    var byByte: [ReplyParser.Event] = []
    for byte in bytes { byByte += split.feed([byte]) }
    byByte += split.finish()
    precondition(atOnce == byByte, "the events depend on how the bytes were split")
    for event in atOnce {
        guard case .reply(let reply) = event else { continue }
        precondition(!reply.lines.isEmpty && reply.lines.count <= limits.maxLinesPerReply)
        precondition(reply.lines.allSatisfy { $0.code == reply.code }, "a reply mixes codes")
        precondition(reply.lines.last?.isLast == true && reply.lines.dropLast().allSatisfy { !$0.isLast })
        precondition((100...599).contains(reply.code) || (0...999).contains(reply.code))
        precondition(reply.lines.allSatisfy { $0.raw.count <= limits.maxLineLength })
    }
}

/// Any EHLO-shaped reply yields capabilities whose queries do not trap.
private func fuzzCapabilities(_ bytes: [UInt8]) {
    var parser = ReplyParser()
    for event in parser.feed(bytes) + parser.finish() {
        guard case .reply(let reply) = event else { continue }
        let capabilities = Capabilities(ehloReply: reply)
        _ = capabilities.authMechanisms
        _ = capabilities.sizeLimit
        for keyword in capabilities.keywords {
            precondition(capabilities.contains(keyword))
            _ = capabilities.parameters(for: keyword)
        }
    }
}

/// A code read from the start of the text is exactly its own description there.
private func fuzzEnhancedCode(_ bytes: [UInt8]) {
    guard let (code, length) = EnhancedStatusCode.prefix(of: bytes) else { return }
    precondition(Array(code.description.utf8) == Array(bytes.prefix(length)), "the code does not round-trip")
    precondition(length == bytes.count || bytes[length] == UInt8(ascii: " "))
    _ = EnhancedStatusCodeTable.meaning(of: code)
}
