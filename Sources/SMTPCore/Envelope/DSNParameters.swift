/// When the server should report on a recipient: the `NOTIFY=` parameter of RCPT TO
/// (RFC 3461 §4.1).
///
///   notify-esmtp-value = "NEVER" / 1#notify-list-element
///   notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"
///
/// NEVER must not appear with any other keyword.
public struct DSNNotify: Sendable, Hashable {
    /// One event that asks for a notification.
    public enum Condition: String, Sendable, CaseIterable {
        case success = "SUCCESS"
        case failure = "FAILURE"
        case delay = "DELAY"
    }

    /// The conditions, in the order SUCCESS, FAILURE, DELAY; empty for NEVER.
    public let conditions: [Condition]

    /// No notification whatever happens.
    public static let never = DSNNotify(conditions: [])

    /// The given conditions (in the canonical order); an empty set means NEVER.
    public init(conditions: Set<Condition>) {
        self.conditions = Condition.allCases.filter(conditions.contains)
    }

    /// Reads what a user typed: `never`, or conditions separated by commas
    /// (`success,failure`), without regard to case; spaces around the words are ignored.
    public init(parsing text: String) throws(DSNError) {
        let words = text.split(separator: ",", omittingEmptySubsequences: false).map {
            ASCII.uppercased($0.trimmingWhitespace())
        }
        if words.contains("NEVER") {
            guard words.count == 1 else { throw .notifyNeverWithOthers }
            self = .never
            return
        }
        var conditions = Set<Condition>()
        for word in words {
            guard !word.isEmpty else { throw .notifyEmpty }
            guard let condition = Condition(rawValue: word) else { throw .notifyUnknown(word) }
            guard conditions.insert(condition).inserted else { throw .notifyRepeated(condition) }
        }
        self.init(conditions: conditions)
    }

    /// The value after `NOTIFY=`: `NEVER` or the conditions joined by commas.
    public var parameterValue: String {
        conditions.isEmpty ? "NEVER" : conditions.map(\.rawValue).joined(separator: ",")
    }
}

/// How much of the message a failure notification returns: the `RET=` parameter of
/// MAIL FROM (RFC 3461 §4.3).
public enum DSNReturn: String, Sendable, CaseIterable {
    /// The whole message.
    case full = "FULL"
    /// Only its header section.
    case headers = "HDRS"

    /// Reads `full` or `hdrs`, without regard to case.
    public init(parsing text: String) throws(DSNError) {
        guard let value = DSNReturn(rawValue: ASCII.uppercased(text.trimmingWhitespace())) else { throw .returnUnknown(text) }
        self = value
    }
}

/// The sender's own name for the transaction, returned in every notification: the
/// `ENVID=` parameter of MAIL FROM (RFC 3461 §4.4).
///
/// Printable US-ASCII (space included) before encoding; at most 100 characters once
/// encoded as xtext.
public struct EnvelopeID: Sendable, Hashable {
    /// The identifier as given, not encoded.
    public let text: String

    /// Checks `text`; throws ``DSNError/invalidEnvelopeID(_:reason:)`` when it is empty,
    /// not printable ASCII, or too long.
    public init(_ text: String) throws(DSNError) {
        guard !text.isEmpty else { throw .invalidEnvelopeID(text, reason: "it is empty") }
        guard text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidEnvelopeID(text, reason: "only printable ASCII characters are allowed")
        }
        guard XText.encode(text).utf8.count <= 100 else {
            throw .invalidEnvelopeID(text, reason: "it is longer than 100 characters once encoded as xtext")
        }
        self.text = text
    }

    /// The value after `ENVID=`: the identifier as xtext.
    public var parameterValue: String { XText.encode(text) }
}

/// The recipient's address as the sender first knew it, reported back in notifications:
/// the `ORCPT=` parameter of RCPT TO (RFC 3461 §4.2, RFC 6533 §3).
///
///   orcpt-parameter = "ORCPT=" original-recipient-address
///   original-recipient-address = addr-type ";" xtext
///
/// An ASCII address is sent as `rfc822;` and its xtext; a non-ASCII one as `utf-8;` and its
/// 7-bit utf-8-addr-xtext, which needs no SMTPUTF8.
public struct OriginalRecipient: Sendable, Hashable {
    /// The address, not encoded.
    public let address: String

    /// Reads `ADDRESS`, `rfc822;ADDRESS` or `utf-8;ADDRESS` (the type without regard to
    /// case); the address is given as it is, not encoded.
    ///
    /// Throws ``DSNError/invalidOriginalRecipient(_:reason:)`` for an empty address, control
    /// characters, a non-ASCII address typed as `rfc822;`, or a value over 500 characters.
    public init(parsing text: String) throws(DSNError) {
        var address = Substring(text)
        var saidRFC822 = false
        if ASCII.hasPrefix(address, "rfc822;") {
            address = address.dropFirst("rfc822;".count)
            saidRFC822 = true
        } else if ASCII.hasPrefix(address, "utf-8;") {
            address = address.dropFirst("utf-8;".count)
        }
        self.address = String(address)
        guard !address.isEmpty else { throw .invalidOriginalRecipient(text, reason: "the address is empty") }
        guard !address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidOriginalRecipient(text, reason: "it contains control characters")
        }
        guard !saidRFC822 || isASCII else {
            throw .invalidOriginalRecipient(text, reason: "a non-ASCII address is of type utf-8, not rfc822 (RFC 6533)")
        }
        guard parameterValue.utf8.count <= 500 else {
            throw .invalidOriginalRecipient(text, reason: "it is longer than 500 characters once encoded")
        }
    }

    /// Whether the address is all ASCII (and so of type rfc822).
    public var isASCII: Bool { address.utf8.allSatisfy { $0 < 0x80 } }

    /// The value after `ORCPT=`: `rfc822;` and the xtext, or `utf-8;` and the utf-8-addr-xtext.
    public var parameterValue: String {
        isASCII ? "rfc822;" + XText.encode(address) : "utf-8;" + XText.utf8AddressXText(address)
    }
}

/// A DSN value that cannot be sent as given (RFC 3461); the description says why.
public enum DSNError: Error, Sendable, Hashable, CustomStringConvertible {
    /// NOTIFY (or one item of its list) is empty.
    case notifyEmpty
    /// A NOTIFY word that is not SUCCESS, FAILURE, DELAY or NEVER.
    case notifyUnknown(String)
    /// NEVER together with other conditions.
    case notifyNeverWithOthers
    /// A condition named twice.
    case notifyRepeated(DSNNotify.Condition)
    /// A RET value other than FULL or HDRS.
    case returnUnknown(String)
    /// An ENVID that cannot be sent.
    case invalidEnvelopeID(String, reason: String)
    /// An ORCPT that cannot be sent.
    case invalidOriginalRecipient(String, reason: String)
    /// Text that is not xtext.
    case invalidXText(String, reason: String)

    public var description: String {
        switch self {
        case .notifyEmpty: "NOTIFY needs SUCCESS, FAILURE or DELAY (separated by commas), or NEVER."
        case .notifyUnknown(let word): "NOTIFY: “\(word)” is not SUCCESS, FAILURE, DELAY or NEVER."
        case .notifyNeverWithOthers: "NOTIFY: NEVER cannot be combined with other conditions (RFC 3461 §4.1)."
        case .notifyRepeated(let condition): "NOTIFY: \(condition.rawValue) is given twice."
        case .returnUnknown(let text): "RET: “\(text)” is not FULL or HDRS."
        case .invalidEnvelopeID(let text, let reason): "ENVID “\(text)”: \(reason) (RFC 3461 §4.4)."
        case .invalidOriginalRecipient(let text, let reason): "ORCPT “\(text)”: \(reason)."
        case .invalidXText(let text, let reason): "“\(text)” is not xtext: \(reason) (RFC 3461 §4)."
        }
    }
}
