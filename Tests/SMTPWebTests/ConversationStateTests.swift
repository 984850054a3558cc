import SMTPTranscript
import Testing

@testable import SMTPWeb

/// How far a conversation got, read from its entries' bytes as they pass.
@Suite struct ConversationStateTests {
    private func state(_ lines: [(TranscriptEntry.Direction, String)]) -> ConversationState {
        var state = ConversationState()
        for (direction, text) in lines {
            state.record(TranscriptEntry(direction: direction, bytes: Array(text.utf8), timestamp: 0))
        }
        return state
    }

    @Test func aPipelinedTransactionInLowerCaseIsAccepted() {
        let reached = state([
            (.server, "220 ready"), (.client, "ehlo a"), (.server, "250-x"), (.server, "250 PIPELINING"),
            (.client, "mail from:<a@x>"), (.client, "rcpt to:<b@y>"), (.client, "data"),
            (.server, "250 ok"), (.server, "250 ok"), (.server, "354 go"),
            (.client, "Subject: 250 in the body"), (.client, "."), (.server, "250 queued"),
        ])
        #expect(reached.summary == "greeted, EHLO, message accepted")
        #expect(reached.accepted == 1)
        #expect(reached.lastReply == "250 queued")
    }

    @Test func bdatLastEndsAMessageAndAnOpenTransactionShows() {
        let reached = state([
            (.server, "220 ready"), (.client, "EHLO a"), (.server, "250 ok"), (.client, "MAIL FROM:<a@x>"),
            (.server, "250 ok"), (.client, "BDAT 5 last"), (.server, "250 stored"), (.client, "MAIL FROM:<a@x>"),
            (.server, "250 ok"),
        ])
        #expect(reached.summary == "greeted, EHLO, in a transaction, message accepted")
    }

    @Test func aReplysContinuationLinesAreNotItsEnd() {
        let reached = state([(.server, "220-hello"), (.server, "220-more")])
        #expect(reached.summary == "connected")
        #expect(reached.lastReply == nil)
    }
}
