#if DEBUG
    @testable import SMTPServer

    /// What a client sends the practice server, in pieces the input chooses: the session
    /// never traps; every reply it writes is well-formed SMTP that no client byte can break
    /// (each line CRLF-terminated, no CR, LF or other control byte inside); nothing follows a close;
    /// and, in the ordinary scenario, the replies do not depend on how the bytes were cut.
    func fuzzServerSession(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let strict = first & 1 == 1
        let stream = Array(bytes.dropFirst())
        let whole = converse(stream, cuts: [], strict: strict)
        // Cut points from the input itself: every byte with the top bit set ends a piece.
        let cuts = stream.indices.filter { stream[$0] & 0x80 != 0 }.map { $0 + 1 }
        let pieces = converse(stream, cuts: cuts, strict: strict)
        // Bytes that came in the same read as STARTTLS are plaintext sent before the
        // handshake, and are discarded (RFC 3207 §6); cut elsewhere they are not.
        guard !strict, !whole.containsTLSMarker, !pieces.containsTLSMarker else { return }
        precondition(whole == pieces, "the replies depend on how the input was cut")
        let prefix = Array(stream.prefix(512))
        let byByte = converse(prefix, cuts: Array(prefix.indices.dropFirst()), strict: false)
        let prefixWhole = converse(prefix, cuts: [], strict: false)
        guard !byByte.containsTLSMarker, !prefixWhole.containsTLSMarker else { return }
        precondition(byByte == prefixWhole, "the replies differ when sent byte by byte")
    }

    /// Feeds `stream` cut at `cuts`; returns the wire bytes of every reply, with markers for
    /// STARTTLS and close. A 220 to STARTTLS is followed by a finished handshake.
    private func converse(_ stream: [UInt8], cuts: [Int], strict: Bool) -> [UInt8] {
        var settings = SessionSettings()
        settings.strict = strict
        settings.allowPlainAuth = true
        settings.maxMessageSize = 4096
        settings.maxRecipients = 5
        let services = SessionServices(
            deliver: { _, _ in .success("FUZZ1") }, greylist: { _, _, _ in .pass }, nonce: { "1.2@fuzz" })
        var session = ServerSession(settings: settings, services: services)
        var wire: [UInt8] = []
        var closed = false
        func carryOut(_ actions: [SessionAction]) {
            for action in actions {
                precondition(!closed, "an action after close")
                switch action {
                case .reply(let reply):
                    let bytes = reply.wireBytes
                    checkWellFormed(bytes)
                    wire += bytes
                case .startTLS:
                    wire += Array("[TLS]".utf8)
                    carryOut(session.tlsEstablished())
                case .close:
                    wire += Array("[CLOSE]".utf8)
                    closed = true
                case .event:
                    break
                }
            }
        }
        carryOut(session.greeting())
        var start = 0
        for cut in cuts + [stream.count] where cut > start && cut <= stream.count {
            if closed { break }
            carryOut(session.receive(stream[start..<cut]))
            start = cut
        }
        return wire
    }

    extension [UInt8] {
        /// The conversation went through STARTTLS.
        fileprivate var containsTLSMarker: Bool {
            let marker = Array("[TLS]".utf8)
            guard count >= marker.count else { return false }
            return indices.dropLast(marker.count - 1).contains { self[$0..<$0 + marker.count].elementsEqual(marker) }
        }
    }

    /// Lines of three digits, `-` or space, text, CRLF; no other CR or LF, nothing a
    /// terminal would act on.
    private func checkWellFormed(_ bytes: [UInt8]) {
        func precondition(_ condition: Bool, _ message: String) {
            Swift.precondition(condition, "\(message): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        precondition(bytes.count >= 5 && bytes.suffix(2) == [13, 10], "a reply not ending in CRLF")
        for line in bytes.split(separator: 10) {
            precondition(line.last == 13 && line.dropLast().allSatisfy { $0 != 13 }, "a bare CR or LF in a reply")
            let content = Array(line.dropLast())
            precondition(content.count >= 4 && content.prefix(3).allSatisfy { (48...57).contains($0) }, "no code")
            precondition(content[3] == UInt8(ascii: " ") || content[3] == UInt8(ascii: "-"), "no separator")
            precondition(content.allSatisfy { $0 == 9 || ($0 >= 32 && $0 != 127) }, "a control byte in a reply")
            precondition(content.count <= 510, "a reply line over 512 bytes")
        }
    }
#endif
