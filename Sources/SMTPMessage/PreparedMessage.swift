import Glibc
import SystemIO

/// Where a message is written, a piece at a time; the pieces are valid only during the call.
/// A sink that cannot take them throws `MessageBuildError.cannotWrite`.
public typealias MessageSink = (UnsafeRawBufferPointer) throws(MessageBuildError) -> Void

/// A message ready to be written (`MessageBuilder.prepare`): its outline known, its files
/// open, their content scanned but not kept. Writing reads each file again block by block
/// and encodes it as it goes out, so memory stays small whatever the attachments' size;
/// it can be written more than once.
///
/// The files stay open until this goes. A file that changed since it was prepared (another
/// size, or no longer the text it was) stops the writing with `MessageBuildError.fileChanged`.
public final class PreparedMessage {
    /// Everything about the message but its bytes, known before they are written.
    public let outline: MessageOutline
    /// The header section and the blank line after it.
    private let header: [UInt8]
    /// The root entity, whose header fields end `header`.
    private let root: MIMEEntity

    init(headerLines: [String], root: MIMEEntity, messageID: String) {
        header = Array(headerLines.map { $0 + "\r\n" }.joined().utf8) + [0x0D, 0x0A]
        self.root = root
        let closing = root.bodySize > 0 && !root.bodyEndsInLineBreak ? 2 : 0
        outline = MessageOutline(
            headerLines: headerLines, structure: root.summary, messageID: messageID,
            needsSMTPUTF8: header.contains { $0 >= 0x80 }, needsEightBitMIME: Self.usesEightBit(root.summary),
            size: header.count + root.bodySize + closing)
    }

    /// Writes the message to `sink`: the header section, the body, and a CRLF after the
    /// body's last line when it has none.
    public func write(to sink: MessageSink) throws(MessageBuildError) {
        try emit(header[...], to: sink)
        try root.writeBody(to: sink)
        if root.bodySize > 0 && !root.bodyEndsInLineBreak { try emit([0x0D, 0x0A], to: sink) }
    }

    /// Writes the message to the open descriptor `fd` (`name` says which in an error).
    public func write(toDescriptor fd: Int32, name: String) throws(MessageBuildError) {
        try write { buffer throws(MessageBuildError) in
            if let failure = writeAll(fd, buffer) { throw .cannotWrite(name, reason: OpenedContent.reason(failure)) }
        }
    }

    /// Writes the message to the file at `path`, made (mode 0600) or emptied first.
    public func write(toFile path: String) throws(MessageBuildError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path, reason: OpenedContent.reason(errno)) }
        defer { close(fd) }
        try write(toDescriptor: fd, name: path)
    }

    private static func usesEightBit(_ part: MessagePart) -> Bool {
        part.transferEncoding == .eightBit || part.parts.contains(where: usesEightBit)
    }
}
