/// Builds a header field out of pieces, folding (CRLF, then a tab) before a piece that would
/// take a line past 78 characters, the width RFC 5322 §2.1.1 recommends.
struct HeaderFolder {
    static let width = 78

    private(set) var text: String
    private var lineLength: Int

    /// A field that starts `Name:`.
    init(name: String) {
        text = name + ":"
        lineLength = text.count
    }

    /// Adds `piece` after `joiner` (a space, or nothing where the pieces touch but folding
    /// whitespace is allowed between them) on the current line, or on a new line in place of
    /// the joiner when it would not fit.
    mutating func append(_ piece: String, joiner: String = " ") {
        if lineLength + joiner.count + piece.count > Self.width {
            text += "\r\n\t" + piece
            lineLength = 1 + piece.count
        } else {
            text += joiner + piece
            lineLength += joiner.count + piece.count
        }
    }
}
