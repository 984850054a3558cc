import SMTPServer
import SMTPTranscript
import Testing

@testable import SMTPWeb

/// The hub's bounds: what it keeps whatever a client sends and however slow a browser is.
@Suite struct LiveHubTests {
    private let opening = Self.opening(1)

    private static func opening(_ number: Int) -> ConversationOpening {
        ConversationOpening(number: number, client: "127.0.0.1:5000", server: "127.0.0.1:25", started: 1_800_000_000)
    }

    /// A conversation opened in `hub`, told to it through the tap the server uses.
    private func tap(_ hub: LiveHub, _ opening: ConversationOpening) -> HubTap {
        HubTap(hub: hub, id: hub.open(opening))
    }

    private func line(_ text: String, _ direction: TranscriptEntry.Direction = .client) -> TranscriptEntry {
        TranscriptEntry(direction: direction, bytes: Array(text.utf8), timestamp: 1_800_000_001)
    }

    @Test func aConversationOverItsBoundKeepsItsStartAndSaysSo() {
        var limits = LiveHub.Limits()
        limits.bytesPerConversation = 16 * 1024
        let hub = LiveHub(limits: limits)
        let tap = tap(hub, opening)
        tap.record([line("EHLO flood.example"), line("250 ok", .server)])
        for number in 0..<10_000 { tap.record([line("NOOP \(number) " + String(repeating: "x", count: 100))]) }
        let kept = try! #require(hub.conversation(tap.id))
        #expect(kept.bytes <= 16 * 1024)
        #expect(kept.droppedLines > 9_000)
        #expect(kept.rows.last?.contains("The rest of this conversation is not kept") == true)
        #expect(kept.rows.first { $0.contains("EHLO flood.example") } != nil, "the start is kept")
    }

    @Test func theOldestEndedConversationsGoFirst() {
        var limits = LiveHub.Limits()
        limits.conversations = 3
        let hub = LiveHub(limits: limits, firstID: 41)
        let first = hub.open(Self.opening(1))
        let second = tap(hub, Self.opening(2))
        second.record([TranscriptEntry.event(.closed(by: .client, reason: nil), timestamp: 1_800_000_002)])
        second.ended()
        _ = hub.open(Self.opening(3))
        _ = hub.open(Self.opening(4))
        #expect(hub.listings().map(\.id) == [44, 43, 41], "the ended one went, the live first one stayed")
        #expect(hub.conversation(first) != nil)
    }

    @Test func aSlowBrowserIsToldToReloadAndHoldsNoMore() async {
        var limits = LiveHub.Limits()
        limits.pendingUpdates = 8
        let hub = LiveHub(limits: limits)
        let tap = tap(hub, opening)
        let stream = try! #require(hub.follow(tap.id, from: 0))
        for number in 0..<1_000 {
            tap.record([line("NOOP \(number)")])
            tap.record([line("250 2.0.0 OK", .server)])
        }
        tap.ended()
        var received: [LiveUpdate] = []
        for await update in stream { received.append(update) }
        #expect(received.count <= 9, "no more than the bound waited: \(received.count)")
        #expect(received.contains { if case .reload = $0 { true } else { false } })
    }

    @Test func aFollowerOfAnEndedConversationGetsTheRestAndStops() async {
        let hub = LiveHub()
        let tap = tap(hub, opening)
        tap.record([line("220 ready", .server)])
        tap.record([line("QUIT")])
        tap.ended()
        tap.record([TranscriptEntry.event(.closed(by: .client, reason: nil), timestamp: 1_800_000_003)])
        let stream = try! #require(hub.follow(tap.id, from: 1))
        var received: [String] = []
        for await update in stream {
            if case .rows(let html) = update { received.append(html) }
        }
        #expect(received.joined().contains("QUIT"))
        #expect(!received.joined().contains("220 ready"), "rows the page had are not sent again")
    }
}
