/// A MIME entity ready to be written: its Content-* header fields, its body (encoded text,
/// content read from its source as it goes out, or parts between boundaries), what it shows
/// as a `MessagePart`, and the boundary lookalikes in its wire form.
///
/// Sizes are known before anything is written (a file's from fstat(2), base64's from the
/// octet count), so the message's size and tree can be shown first.
struct MIMEEntity {
    /// What follows the entity's blank line.
    enum Body {
        /// Text encoded already, in memory.
        case encoded(EncodedBody)
        /// Content read block by block as it is written, encoded as `scan` chose.
        case content(OpenedContent, ExactContentScan)
        /// Parts, each after a delimiter line (`--boundary`), then the close delimiter.
        case parts([MIMEEntity], delimiter: [UInt8])
    }

    let headers: [HeaderField]
    let body: Body
    let summary: MessagePart
    /// The boundary lookalikes in the header fields and the body: a multipart around this
    /// entity draws its boundary again while it is among them.
    let lookalikes: Set<String>

    /// A part with content: Content-Type (with `name` for a file), Content-Transfer-Encoding,
    /// Content-Disposition (with `filename`) when `disposition` is given, Content-ID when
    /// `contentID` is.
    static func leaf(
        contentType: String, body: Body, fileName: String? = nil, disposition: String? = nil, contentID: String? = nil
    ) -> MIMEEntity {
        let (encoding, size, bodyLookalikes): (TransferEncoding, Int, Set<String>) =
            switch body {
            case .encoded(let encoded): (encoded.encoding, encoded.size, BoundaryLookalikes.find(in: encoded.bytes))
            case .content(let content, let scan): (scan.encoding, content.size, scan.encoding == .base64 ? [] : scan.lookalikes)
            case .parts: preconditionFailure("a leaf has content")
            }
        let nameParameter = fileName.map { "; " + HeaderField.parameter("name", $0) } ?? ""
        var headers = [
            HeaderField(name: "Content-Type", value: contentType + nameParameter),
            HeaderField(name: "Content-Transfer-Encoding", value: encoding.rawValue),
        ]
        if let disposition {
            let fileParameter = fileName.map { "; " + HeaderField.parameter("filename", $0) } ?? ""
            headers.append(HeaderField(name: "Content-Disposition", value: disposition + fileParameter))
        }
        if let contentID { headers.append(HeaderField(name: "Content-ID", value: "<\(contentID)>")) }
        let summary = MessagePart(
            contentType: contentType, fileName: fileName, contentID: contentID, transferEncoding: encoding, size: size, parts: [])
        return MIMEEntity(
            headers: headers, body: body, summary: summary,
            lookalikes: bodyLookalikes.union(BoundaryLookalikes.find(in: headerBytes(headers))))
    }

    /// A multipart of `parts` (RFC 2046 §5.1) with a boundary found in none of them: the
    /// lookalikes' prefix and random letters and digits, drawn again while the parts hold
    /// it. `parameters` go after the boundary (multipart/related's `type`).
    static func multipart(
        _ subtype: String, parts: [MIMEEntity], parameters: [String] = [], using generator: inout some RandomNumberGenerator
    ) -> MIMEEntity {
        let taken = parts.reduce(into: Set<String>()) { $0.formUnion($1.lookalikes) }
        var random: String
        repeat {
            random = RandomText.alphanumeric(BoundaryLookalikes.randomLength, using: &generator)
        } while taken.contains(random)
        let boundary = String(decoding: BoundaryLookalikes.prefix, as: UTF8.self) + random
        let contentType = "multipart/" + subtype
        let value = ([contentType, HeaderField.parameter("boundary", boundary)] + parameters).joined(separator: "; ")
        let summary = MessagePart(
            contentType: contentType, fileName: nil, contentID: nil, transferEncoding: nil, size: 0, parts: parts.map(\.summary))
        return MIMEEntity(
            headers: [HeaderField(name: "Content-Type", value: value)], body: .parts(parts, delimiter: Array("--\(boundary)".utf8)),
            summary: summary, lookalikes: taken.union([random]))
    }

    /// Header fields as they are written, each line ending in CRLF.
    static func headerBytes(_ headers: [HeaderField]) -> [UInt8] {
        Array(headers.map(\.wireText).joined().utf8)
    }

    /// Octets of the body as it is written.
    var bodySize: Int {
        switch body {
        case .encoded(let encoded): encoded.bytes.count
        case .content(let content, let scan):
            scan.encoding == .base64 ? Base64Lines.encodedSize(content.size) : content.size
        case .parts(let parts, let delimiter):
            parts.reduce(0) { $0 + delimiter.count + 2 + Self.headerBytes($1.headers).count + 2 + $1.bodySize + 2 }
                + delimiter.count + 2
        }
    }

    /// The body's last line ends in CRLF: the message's end then needs none added.
    var bodyEndsInLineBreak: Bool {
        switch body {
        case .encoded(let encoded): encoded.bytes.last == 0x0A
        case .content(_, let scan): scan.encoding != .base64 && scan.endsInLineBreak
        case .parts: false
        }
    }

    /// Writes the body to `sink`: content block by block, parts with their header fields
    /// between delimiter lines.
    func writeBody(to sink: MessageSink) throws(MessageBuildError) {
        switch body {
        case .encoded(let encoded): try emit(encoded.bytes[...], to: sink)
        case .content(let content, let scan): try Self.write(content, as: scan, to: sink)
        case .parts(let parts, let delimiter):
            for part in parts {
                try emit((delimiter + [0x0D, 0x0A] + Self.headerBytes(part.headers) + [0x0D, 0x0A])[...], to: sink)
                try part.writeBody(to: sink)
                try emit([0x0D, 0x0A], to: sink)
            }
            try emit((delimiter + Array("--".utf8))[...], to: sink)
        }
    }

    /// Writes `content`: base64 a block at a time (whole lines each, CRLF between blocks), or
    /// as it is, scanned again on the way so that a file that changed since its scan, and
    /// would no longer go as it is, stops the writing with an error.
    private static func write(_ content: OpenedContent, as scan: ExactContentScan, to sink: MessageSink) throws(MessageBuildError) {
        var rescan = ExactContentScan(eightBit: scan.eightBit)
        var offset = 0
        while offset < content.size {
            let block = try content.block(at: offset)
            if scan.encoding == .base64 {
                try emit(((offset > 0 ? [0x0D, 0x0A] : []) + Base64Lines.encode(block))[...], to: sink)
            } else {
                rescan.feed(block)
                if !rescan.undecided { throw .fileChanged(content.path) }
                try emit(block, to: sink)
            }
            offset += block.count
        }
        rescan.finish()
        if scan.encoding != .base64 && (rescan.encoding != scan.encoding || !rescan.lookalikes.isSubset(of: scan.lookalikes)) {
            throw .fileChanged(content.path)
        }
    }
}

/// Hands `bytes` to `sink`.
func emit(_ bytes: ArraySlice<UInt8>, to sink: MessageSink) throws(MessageBuildError) {
    let result = bytes.withUnsafeBytes { buffer in Result { () throws(MessageBuildError) in try sink(buffer) } }
    try result.get()
}
