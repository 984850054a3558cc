/// 3yz, positive intermediate: accepted, waiting for more input (RFC 5321 §4.2.1).
extension ReplyCodeTable {
    /// The 3yz rows of the table.
    static let positiveIntermediate: [ReplyCodeInfo] = [
        ReplyCodeInfo(
            334, "Authentication challenge: send the next response",
            explanation: "The server is in the middle of an AUTH exchange; the text after the code is a "
                + "base64 challenge (for LOGIN it decodes to prompts such as \"Username:\"). "
                + "Answer with one base64-encoded line, or a line with a single \"*\" to cancel.",
            references: ["RFC 4954 §4"],
            contexts: [
                .auth: "Challenge: send your first base64-encoded response",
                .authResponse: "Response taken: answer the next base64-encoded challenge",
            ]
        ),
        ReplyCodeInfo(
            354, "Start mail input; end with <CRLF>.<CRLF>", seed: true,
            explanation: "The server accepted DATA and waits for the message: send the header and body, "
                + "doubling any dot that starts a line, and finish with a line holding a single dot. "
                + "Nothing is delivered until the server answers that final dot.",
            references: ["RFC 5321 §4.2.2", "RFC 5321 §4.1.1.4", "RFC 5321 §4.5.2"],
            contexts: [.data: "Go ahead: send the message and end it with a line containing only \".\""]
        ),
    ]
}
