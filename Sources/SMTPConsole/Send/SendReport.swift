import SMTPCore
import SMTPTransport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `smtpc send` reports: one object, shown as a table of recipients or printed as
/// JSON (`--json`; its schema is docs/send-result.schema.json). Field names are the JSON's.
struct SendReport: Encodable {
    /// A reply, as the table and the JSON show it.
    struct ReplyInfo: Encodable {
        let code: Int
        let enhancedCode: String?
        let text: String

        init(_ summary: DeliveryResult.ReplySummary) {
            code = summary.code
            enhancedCode = summary.enhancedCode.map { "\($0)" }
            text = summary.text
        }
    }

    struct RecipientInfo: Encodable {
        let address: String
        let accepted: Bool
        let reply: ReplyInfo?
    }

    struct QueueInfo: Encodable {
        let format: String
        let value: String
    }

    /// One message sent (`--repeat` sends several over one connection).
    struct Transaction: Encodable {
        let outcome: String
        let mail: ReplyInfo?
        let recipients: [RecipientInfo]
        /// The reply to the end of the message (DATA's final dot or BDAT LAST).
        let final: ReplyInfo?
        let queueID: QueueInfo?
        /// The result it was made from (not in the JSON).
        let result: DeliveryResult

        private enum CodingKeys: String, CodingKey { case outcome, mail, recipients, final, queueID }

        init(_ result: DeliveryResult) {
            self.result = result
            outcome = result.outcome.rawValue
            mail = result.mail.map(ReplyInfo.init)
            recipients = result.recipients.map {
                RecipientInfo(address: $0.address, accepted: $0.isAccepted, reply: $0.reply.map(ReplyInfo.init))
            }
            final = result.final.map(ReplyInfo.init)
            queueID = result.queueID.map { QueueInfo(format: $0.format.rawValue, value: $0.value) }
        }
    }

    struct TLSDetails: Encodable {
        let version: String
        let cipher: String?
        let group: String?
        /// The certificate was verified (against the name `verifiedName`), or not checked (`--insecure`).
        let verified: Bool
        let verifiedName: String?
        /// With `--insecure`: what a check would have found, if anything.
        let problem: String?
        let peerCertificate: String?

        init(_ info: TLSInfo) {
            version = info.protocolVersion
            cipher = info.cipherSuite
            group = info.group
            switch info.verification {
            case .verified(let name): (verified, verifiedName, problem) = (true, name, nil)
            case .skipped(let problem): (verified, verifiedName, self.problem) = (false, nil, problem)
            case .checked(let acceptance, let problem): (verified, verifiedName, self.problem) = (acceptance.authenticated, nil, problem)
            }
            peerCertificate = info.certificates.first?.subject
        }
    }

    /// The milliseconds each phase took: from the connect call to the greeting, then from
    /// each command to its reply (summed over the transactions for `mail` and the rest).
    struct Timings: Encodable {
        var greeting: Int?
        var ehlo: Int?
        var starttls: Int?
        var auth: Int?
        var mail: Int?
        var rcpt: Int?
        var data: Int?
        var message: Int?
        var quit: Int?
        var total = 0
    }

    let server: String
    /// The overall outcome: `all-accepted`, `some-refused`, `all-refused`,
    /// `message-refused`, or `not-sent` when no transaction could start.
    var outcome = "not-sent"
    var exitStatus = 0
    var error: String?
    var messageID: String?
    var size: Int?
    var smtputf8 = false
    var tls: TLSDetails?
    var transactions: [Transaction] = []
    var timings = Timings()

    /// The overall outcome of `results`: the worst of them.
    static func outcome(of results: [DeliveryResult]) -> DeliveryResult.Outcome? {
        let order: [DeliveryResult.Outcome] = [.messageRefused, .allRefused, .someRefused, .allAccepted]
        return order.first { worst in results.contains { $0.outcome == worst } }
    }

    /// The JSON object, keys sorted, one line per member.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The table of recipients, one row each: address, code, enhanced code, text, and the
    /// queue ID of the transaction that accepted the message.
    func table(style: Style) -> [String] {
        var rows: [[String]] = [["recipient", "code", "enhanced", "text", "queue id"]]
        var codes: [Int?] = [nil]
        for transaction in transactions {
            let queue = transaction.queueID.map { "\($0.value) (\($0.format))" } ?? ""
            for recipient in transaction.recipients {
                let reply = recipient.accepted ? (transaction.final ?? recipient.reply) : recipient.reply
                rows.append([
                    recipient.address, reply.map { "\($0.code)" } ?? "-", reply?.enhancedCode ?? "",
                    VisibleText.escape(reply?.text ?? "no reply"), recipient.accepted ? queue : "",
                ])
                codes.append(reply?.code)
            }
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return zip(rows, codes).map { row, code in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            let line = cells.joined(separator: "  ").trimmingWhitespace()
            return code.map { style.reply(line, code: $0) } ?? style.event(line)
        }
    }
}
