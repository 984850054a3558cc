import SMTPCore
import Testing

/// The guided tour: the reference page's conversation, complete, in order, and coherent.
@Suite struct TeachingTourTests {
    /// The client's lines and the server's codes of the reference page's "Typical SMTP Conversation".
    static let referenceCommands = [
        "HELO client.mydomain.com", "MAIL FROM:<somebody@mydomain.com>", "RCPT TO:<mailbox@example.com>", "DATA", ".", "QUIT",
    ]
    static let referenceCodes = [220, 250, 250, 250, 354, 250, 221]

    @Test func theTourShowsEveryCommandOfTheReferenceConversationInOrder() {
        let shownCommands = GuidedTour.lines.compactMap { line -> String? in
            line.hasPrefix("  C: ") ? String(line.dropFirst(5)) : nil
        }
        var remaining = shownCommands[...]
        for command in Self.referenceCommands {
            guard let index = remaining.firstIndex(of: command) else {
                Issue.record("\(command) missing from the tour, or out of order")
                return
            }
            remaining = remaining[(index + 1)...]
        }
        let codes = GuidedTour.lines.compactMap { line in line.hasPrefix("  S: ") ? Int(line.dropFirst(5).prefix(3)) : nil }
        #expect(codes == Self.referenceCodes)
    }

    @Test func everyStepHasItsNoteOnTheNextLine() throws {
        for step in GuidedTour.steps {
            let shown = "  \(step.speaker == .server ? "S" : "C"): \(step.line.isEmpty ? "(empty line)" : step.line)"
            let index = try #require(GuidedTour.lines.firstIndex(of: shown), "\(shown) is not in the tour")
            guard let note = step.note else { continue }
            #expect(GuidedTour.lines[index + 1].trimmingLeadingSpaces == note)
        }
        let notes = GuidedTour.steps.filter { $0.note != nil }
        #expect(notes.count >= 12, "each command and reply is explained")
    }

    @Test func theTourIsAConversationTheSessionMachineFollows() {
        var conversation = TeachingConversation()
        var contexts: [ReplyContext] = []
        for step in GuidedTour.steps {
            switch step.speaker {
            case .client:
                conversation.machine.lineSent(step.line)
            case .server:
                let before = conversation.machine
                conversation.receive(step.line)
                contexts.append(before.pending.first?.context ?? .greeting)
            }
        }
        #expect(contexts == [.greeting, .helo, .mailFrom, .rcptTo, .data, .endOfData, .quit])
        #expect(conversation.machine.serverIsClosing && conversation.machine.transaction == nil)
        #expect(conversation.lastHint?.contains("closes the connection") == true)
    }

    @Test func theTourNamesEHLOAndHowToTryItHere() {
        let text = GuidedTour.lines.joined(separator: "\n")
        #expect(text.contains("EHLO client.mydomain.com"), "EHLO is named as the modern form")
        #expect(text.contains("`smtpc` with no host"))
        #expect(text.contains("learner / practice"))
        #expect(text.contains("STARTTLS"))
    }

    @Test func tourLinesFitATerminal() {
        for line in GuidedTour.lines {
            #expect(line.count <= 100, "\(line.count) characters: \(line)")
            #expect(!line.contains("\n") && !line.contains("\r"))
        }
    }
}

extension String {
    /// The string without its leading spaces.
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
