import SMTPCore

/// The text of a 334 reply, decoded from base64 for display (RFC 4954 §4).
///
/// Used both by ``AuthExchange`` and by a console showing the challenges of an `AUTH`
/// the user typed by hand: `334 VXNlcm5hbWU6` is shown as `Username:`.
public struct SASLChallenge: Sendable, Equatable {
    /// The base64 text as the server sent it (surrounding spaces removed).
    public let encoded: String
    /// The decoded bytes, or why the text is not base64.
    public let decoded: Result<[UInt8], Base64.DecodingError>

    /// The challenge carried by the text of a 334 reply.
    ///
    /// A 334 reply has one line; should a server send more, their texts are joined, since
    /// a base64 text split over lines is still one text.
    public init(reply: Reply) {
        self.init(text: reply.lines.map(\.textString).joined())
    }

    /// The challenge carried by a 334 reply's text (`VXNlcm5hbWU6`); empty is allowed.
    public init(text: String) {
        let trimmed = text.trimmingSpacesAndTabs()
        encoded = trimmed
        decoded = Result { () throws(Base64.DecodingError) in try Base64.decode(trimmed) }
    }

    /// The decoded bytes, or nil when the text is not base64.
    public var bytes: [UInt8]? { try? decoded.get() }

    /// `true` for the empty challenge a server sends when it waits for the client to
    /// begin (`334 ` before a PLAIN or OAUTHBEARER response).
    public var isEmpty: Bool { encoded.isEmpty }

    /// What to show the user: the decoded text made safe for a terminal, `(empty)`, or
    /// `not valid base64: …` with the reason.
    public var displayText: String {
        switch decoded {
        case .success(let bytes): bytes.isEmpty ? "(empty)" : VisibleText.escape(bytes)
        case .failure(let error): "not valid base64: \(error.description)"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
