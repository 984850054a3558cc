import SMTPTransport
import Synchronization

/// `/send` and `/bdat` on the loop's side: the open message file, whether the machine asked
/// for its next block, the bytes handed to the channel and not yet written, and the
/// progress bar. The machine plans and encodes; this reads, as fast as the socket takes it.
final class FileTransfer {
    /// The file being sent, open until its last block is read or the transfer ends.
    private var file: MessageFile?
    /// The machine asked for the next block (``ConsoleMachine/Output/readFile``).
    var wantsBlock = false
    /// Bytes handed to the channel and not yet written to the socket. The channel's
    /// writability flips only once a write reaches the event loop, so a fast reader could
    /// queue many blocks before it does: this count bounds a transfer's memory instead.
    let unwritten = ByteCount()
    /// Most unwritten bytes before the next block of a file is read.
    static let unwrittenLimit = 2 << 20
    /// A progress bar is on screen.
    var statusShown = false

    /// Opens `path` for sending; returns its size.
    func open(path: String) throws(MessageFileError) -> Int {
        let file = try MessageFile(path: path)
        self.file = file
        return file.size
    }

    /// The machine asked for a block, and the socket and the unwritten bytes leave room for it.
    func mayRead(on connection: SMTPConnection?) -> Bool {
        guard wantsBlock, let connection, connection.isWritable else { return false }
        return unwritten.value.load(ordering: .relaxed) < Self.unwrittenLimit
    }

    /// The next block (a BDAT chunk when `chunked`) and whether it is the last; nil with no
    /// file open. The file is closed after its last block or a read error.
    func readNext(chunked: Bool) -> Result<(block: [UInt8], isLast: Bool), MessageFileError>? {
        wantsBlock = false
        guard let file else { return nil }
        do {
            let block = try file.read(maximum: chunked ? MessageFile.chunkSize : MessageFile.blockSize)
            let isLast = block.isEmpty || file.offset >= file.size
            if isLast { self.file = nil }
            return .success((block, isLast))
        } catch {
            self.file = nil
            return .failure(error)
        }
    }

    /// Closes the file: the transfer ended (or never started).
    func cancel() {
        file = nil
        wantsBlock = false
    }
}

/// A count shared with the event loop's write callbacks.
final class ByteCount: Sendable {
    let value = Atomic<Int>(0)
}
