import Testing

@testable import SMTPDKIM

/// Canonicalization against the worked example of RFC 6376 §3.4.5.
@Suite("DKIM canonicalization")
struct CanonicalizationTests {
    /// RFC 6376 §3.4.5's message: `A: <SP> X`, a folded `B` field, then a body with
    /// whitespace runs and empty lines at the end.
    static let example = SignedMessage(
        Array("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n".utf8))

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func relaxedAsTheRFCExampleSays() {
        let headers = Self.example.fields.flatMap { CanonicalizationAlgorithm.relaxed.canonicalHeaderField(Array($0.bytes)) }
        #expect(Self.text(headers) == "a:X\r\nb:Y Z\r\n")
        #expect(Self.text(CanonicalizationAlgorithm.relaxed.canonicalBody(Self.example.body)) == " C\r\nD E\r\n")
    }

    @Test func simpleAsTheRFCExampleSays() {
        let headers = Self.example.fields.flatMap { CanonicalizationAlgorithm.simple.canonicalHeaderField(Array($0.bytes)) }
        #expect(Self.text(headers) == "A: X\r\nB : Y\t\r\n\tZ  \r\n")
        #expect(Self.text(CanonicalizationAlgorithm.simple.canonicalBody(Self.example.body)) == " C \r\nD \t E\r\n")
    }

    /// An empty body is CRLF for simple and nothing for relaxed (RFC 6376 §3.4.3, §3.4.4); a
    /// last line without CRLF gets one.
    @Test func emptyAndUnterminatedBodies() {
        for body in ["", "\r\n", "\r\n\r\n"] {
            #expect(Self.text(CanonicalizationAlgorithm.simple.canonicalBody(Array(body.utf8)[...])) == "\r\n")
            #expect(CanonicalizationAlgorithm.relaxed.canonicalBody(Array(body.utf8)[...]).isEmpty)
        }
        #expect(Self.text(CanonicalizationAlgorithm.simple.canonicalBody(Array("end".utf8)[...])) == "end\r\n")
        #expect(Self.text(CanonicalizationAlgorithm.relaxed.canonicalBody(Array("end \t".utf8)[...])) == "end\r\n")
    }

    @Test func messageSplitting() {
        let message = SignedMessage(Array("From: a\r\nSubject: b\r\n c\r\n\r\nbody\r\n\r\nFrom: not a field\r\n".utf8))
        #expect(message.fields.map(\.name) == ["from", "subject"])
        #expect(Self.text(Array(message.fields[1].bytes)) == "Subject: b\r\n c\r\n")
        #expect(Self.text(Array(message.body)) == "body\r\n\r\nFrom: not a field\r\n")
        let headersOnly = SignedMessage(Array("From: a\r\nTo: b\r\n".utf8))
        #expect(headersOnly.fields.map(\.name) == ["from", "to"])
        #expect(headersOnly.body.isEmpty)
    }

    /// `h=` selects fields bottom up; a name listed more often than there are fields selects
    /// nothing more (RFC 6376 §5.4.2).
    @Test func fieldsAreSelectedBottomUp() {
        let message = SignedMessage(Array("Received: 1\r\nFrom: a\r\nReceived: 2\r\n\r\n".utf8))
        let selected = message.fields(named: ["received", "from", "received", "received"])
        #expect(selected.map { Self.text(Array($0.bytes)) } == ["Received: 2\r\n", "From: a\r\n", "Received: 1\r\n"])
    }

    @Test func canonicalizationNames() {
        #expect(Canonicalization("relaxed") == Canonicalization(header: .relaxed, body: .simple))
        #expect(Canonicalization("simple/relaxed")?.description == "simple/relaxed")
        #expect(Canonicalization("relaxed/strict") == nil)
    }
}
