#if DEBUG
    @testable import SMTPCore

    /// Small limits so that the bounds are reached; the same events whether the bytes come
    /// at once or one by one (an over-long line's pieces joined); every reply well formed;
    /// an over-long line's pieces add up to its length.
    func fuzzReplyParser(_ bytes: [UInt8]) {
        let limits = ReplyParser.Limits(maxLineLength: 64, maxLinesPerReply: 8, maxReplyBytes: 256)
        var whole = ReplyParser(limits: limits)
        let atOnce = (whole.feed(bytes) + whole.finish()).joiningOverflow()
        var split = ReplyParser(limits: limits)
        var byByte: [ReplyParser.Event] = []
        for byte in bytes { byByte += split.feed([byte]) }
        byByte += split.finish()
        precondition(atOnce == byByte.joiningOverflow(), "the events depend on how the bytes were split")
        for event in atOnce {
            guard case .reply(let reply) = event else { continue }
            precondition(!reply.lines.isEmpty && reply.lines.count <= limits.maxLinesPerReply)
            precondition(reply.lines.allSatisfy { $0.code == reply.code }, "a reply mixes codes")
            precondition(reply.lines.last?.isLast == true && reply.lines.dropLast().allSatisfy { !$0.isLast })
            precondition((100...599).contains(reply.code) || (0...999).contains(reply.code))
            precondition(reply.lines.allSatisfy { $0.raw.count <= limits.maxLineLength })
        }
        for (index, event) in atOnce.enumerated() {
            guard case .overflow(let piece) = event else { continue }
            guard index > 0, case .error(let error) = atOnce[index - 1], error.kind == .lineTooLong else {
                preconditionFailure("an over-long line's bytes without its error")
            }
            precondition(piece.endedAtLength == error.line.count + piece.bytes.count, "an over-long line's length is wrong")
        }
    }

    /// Any EHLO-shaped reply yields capabilities whose queries do not trap.
    func fuzzCapabilities(_ bytes: [UInt8]) {
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
    func fuzzEnhancedCode(_ bytes: [UInt8]) {
        guard let (code, length) = EnhancedStatusCode.prefix(of: bytes) else { return }
        precondition(Array(code.description.utf8) == Array(bytes.prefix(length)), "the code does not round-trip")
        precondition(length == bytes.count || bytes[length] == UInt8(ascii: " "))
        _ = EnhancedStatusCodeTable.meaning(of: code)
    }
#endif
