import Glibc
import SMTPCore
import SMTPMessage

/// What a request becomes once the server's EHLO reply is known: the message to send and
/// the MAIL and RCPT lines for it (`smtpc send` and `/compose` alike). What the server lacks
/// is an error here, before anything is sent.
struct SendPlan {
    let message: OutgoingMessage
    let commands: EnvelopeCommands

    /// Plans `request` for a server that advertised `extensions` (`tlsActive`: the session
    /// is encrypted); `helloName` gives the Message-ID's domain.
    static func make(
        _ request: SendRequest, extensions: any AdvertisedExtensions, tlsActive: Bool, helloName: String
    ) throws(SendError) -> SendPlan {
        var envelope = request.envelope
        envelope.headerText = try headerText(of: request.message)
        let decided: EnvelopeCommands
        do { decided = try envelope.commands(advertised: extensions, tlsActive: tlsActive) } catch { throw .envelope(error) }
        let message = try OutgoingMessage.make(
            request.message, smtputf8: decided.usesSMTPUTF8, eightBitMIME: extensions.contains("8BITMIME"),
            domain: domain(of: helloName), dkim: request.dkim, now: Int64(time(nil)))
        envelope.size = extensions.contains("SIZE") ? message.size : nil
        envelope.eightBitMIME = message.needsEightBitMIME
        do {
            return SendPlan(message: message, commands: try envelope.commands(advertised: extensions, tlsActive: tlsActive))
        } catch {
            message.remove()
            throw .envelope(error)
        }
    }

    /// What the envelope must know of the message's header text (SMTPUTF8 or not).
    private static func headerText(of message: SendRequest.Message) throws(SendError) -> MailEnvelope.HeaderText {
        switch message {
        case .file(let path): return try OutgoingMessage.inspect(file: path).headerText
        case .build(let spec):
            let addresses = [spec.from] + spec.to + spec.cc
            if addresses.contains(where: { !$0.address.allSatisfy(\.isASCII) }) { return .needsUTF8 }
            let texts = addresses.compactMap(\.displayName) + [spec.subject ?? ""] + spec.headers
            return texts.allSatisfy { $0.allSatisfy(\.isASCII) } ? .ascii : .encodable
        }
    }

    /// The domain for the Message-ID: the EHLO name's (an address literal gives `localhost`).
    static func domain(of helloName: String) -> String {
        helloName.hasPrefix("[") || helloName.isEmpty ? "localhost" : helloName
    }
}
