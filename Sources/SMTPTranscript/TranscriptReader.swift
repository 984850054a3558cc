import Glibc
import SMTPCore
import SystemIO

/// One line of a transcript as read back: who, the exact bytes, and what else it said.
public struct TranscriptRecord: Sendable, Hashable {
    /// The line's number in the file, from 1.
    public var lineNumber: Int
    public var direction: TranscriptEntry.Direction
    /// The line's bytes with the escapes undone (for events, the event's words).
    public var bytes: [UInt8]
    /// When it crossed the wire (JSON Lines, or text written with `--timestamps`).
    public var time: Double?
    /// A credential was recorded as a placeholder (`[redacted]`), not as what was sent.
    public var redacted: Bool
    /// For an event, what happened, when the reader recognises it.
    public var event: TranscriptEvent?

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The lines recorded under one header: one session (a file made with `--append` holds several).
public struct TranscriptSession: Sendable, Hashable {
    /// Nil for lines before any header (a transcript from an older smtpc, or written by hand).
    public var header: TranscriptHeader?
    public var records: [TranscriptRecord]
}

/// A whole transcript file, read.
public struct Transcript: Sendable, Hashable {
    public var path: String
    public var format: TranscriptFormat
    public var sessions: [TranscriptSession]
}

/// Why a transcript cannot be read: the file, the line when there is one, and what is wrong.
public struct TranscriptReadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    /// The message often quotes the file; its control characters are escaped here, so the
    /// error can be printed on a terminal whatever the file holds.
    public init(path: String, line: Int?, message: String) {
        self.path = VisibleText.escape(path)
        self.line = line
        self.message = VisibleText.escape(message)
    }

    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// Reads both transcript formats, strictly: the first line that is not what smtpc writes
/// stops the reading with its line number and the reason, and nothing in a truncated or
/// hostile file can crash it.
public enum TranscriptReader {
    /// The largest transcript read (a guard against reading a disk image by mistake).
    public static let maximumSize = 1 << 30

    /// Reads the file at `path`; the format follows its extension unless given.
    public static func read(path: String, format: TranscriptFormat? = nil) throws(TranscriptReadError) -> Transcript {
        let bytes = try contents(of: path)
        return try parse(bytes, path: path, format: format ?? TranscriptFormat(path: path))
    }

    /// Reads transcript text already in memory; `path` names it in errors.
    public static func parse(_ bytes: [UInt8], path: String, format: TranscriptFormat) throws(TranscriptReadError) -> Transcript {
        var sessions: [TranscriptSession] = []
        var lineNumber = 0
        func fail(_ message: String) -> TranscriptReadError {
            TranscriptReadError(path: path, line: lineNumber, message: message)
        }
        let (lines, rest) = LineSplitter.split(bytes[...])
        for lineBytes in lines {
            lineNumber += 1
            guard let line = String(validating: lineBytes, as: UTF8.self) else { throw fail("the line is not valid UTF-8") }
            if line.allSatisfy(\.isWhitespace) { continue }
            do throws(TranscriptSyntax) {
                switch format {
                case .text:
                    try readText(line, number: lineNumber, into: &sessions)
                case .jsonLines:
                    try readJSON(line, number: lineNumber, into: &sessions)
                }
            } catch {
                throw fail(error.message)
            }
        }
        if !rest.isEmpty {
            lineNumber += 1
            throw fail("the last line has no newline: the file looks truncated")
        }
        return Transcript(path: path, format: format, sessions: sessions)
    }

    /// One line of a text transcript read as `parse` reads it inside a session: the web
    /// view turns each line it keeps into the record `smtpc render` would read from the file.
    /// Nil for a header line, a comment or a blank line.
    public static func record(textLine line: String, number: Int) throws(TranscriptReadError) -> TranscriptRecord? {
        guard !line.allSatisfy(\.isWhitespace) else { return nil }
        var sessions: [TranscriptSession] = []
        do throws(TranscriptSyntax) {
            try readText(line, number: number, into: &sessions)
        } catch {
            throw TranscriptReadError(path: "transcript", line: number, message: error.message)
        }
        return sessions.last?.records.last
    }

    // MARK: Text

    private static func readText(_ line: String, number: Int, into sessions: inout [TranscriptSession]) throws(TranscriptSyntax) {
        if line.hasPrefix(TranscriptHeader.textPrefix) {
            sessions.append(TranscriptSession(header: try TranscriptHeader.parse(textLine: line), records: []))
            return
        }
        if line.hasPrefix("#") { return }  // a comment
        var rest = Substring(line)
        var time: Double?
        if let first = rest.first, first.isASCII, first.isNumber {
            guard rest.count > 25, let parsed = ISOTime.parse(rest.prefix(24)), rest.dropFirst(24).first == " " else {
                throw TranscriptSyntax("a line starting with a digit must start with its time (YYYY-MM-DDTHH:MM:SS.mmmZ)")
            }
            time = parsed
            rest = rest.dropFirst(25)
        }
        let timestamps = sessions.last?.header?.timestamps ?? false
        if timestamps, time == nil { throw TranscriptSyntax("the header says timestamps yes, but this line has no time") }
        let direction: TranscriptEntry.Direction
        if rest.hasPrefix("CLIENT: ") {
            direction = .client
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("SMTPD: ") {
            direction = .server
            rest = rest.dropFirst(7)
        } else if rest.hasPrefix("--- ") {
            direction = .event
            rest = rest.dropFirst(4)
        } else {
            let shown = VisibleBytes.escape(Array(rest.prefix(20).utf8))
            throw TranscriptSyntax("\"\(shown)\" is not a transcript line (expected CLIENT: , SMTPD: , --- or #)")
        }
        let bytes = try VisibleBytes.unescape(String(rest))
        let text = String(decoding: bytes, as: UTF8.self)
        let record = TranscriptRecord(
            lineNumber: number, direction: direction, bytes: bytes, time: time,
            redacted: direction == .client && isRedaction(text), event: direction == .event ? event(fromText: text) : nil)
        append(record, to: &sessions)
    }

    /// The typed event a text transcript's words stand for, when they are one smtpc writes.
    static func event(fromText text: String) -> TranscriptEvent? {
        if text == "recording started" { return .recordingStarted }
        if text == "connection closed by the server" { return .closed(by: .server, reason: nil) }
        if text == "connection closed" { return .closed(by: .client, reason: nil) }
        if text.hasPrefix("connection lost: ") { return .closed(by: .lost, reason: String(text.dropFirst(17))) }
        if text.hasPrefix("PROXY header sent ") { return .proxyHeader(text) }
        if text.hasPrefix("authenticated with ") { return .authenticated(mechanism: String(text.dropFirst(19))) }
        if text.hasPrefix("cannot connect to ") { return .connectFailed(target: String(text.dropFirst(18))) }
        if text.hasPrefix("connected to ") {
            let rest = text.dropFirst(13)
            if rest.hasSuffix(")"), let open = rest.firstRange(of: " (") {
                return .connected(target: String(rest[..<open.lowerBound]), address: String(rest[open.upperBound...].dropLast()))
            }
            return .connected(target: String(rest), address: nil)
        }
        if text.hasPrefix("TLS established: ") {
            let summary = String(text.dropFirst(17))
            let parts = summary.split(separator: ", ").map(String.init)
            func field(_ prefix: String) -> String? {
                parts.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            }
            let cipher = parts.count > 1 && parts[1].hasPrefix("TLS_") ? parts[1] : nil
            return .tlsEstablished(
                .init(
                    protocolVersion: parts.first ?? "", cipher: cipher, subject: field("subject "), issuer: field("issuer "),
                    verified: parts.contains("verified"), summary: summary))
        }
        return nil
    }

    private static func isRedaction(_ text: String) -> Bool {
        text == TranscriptFormat.redacted || text.hasSuffix(" " + TranscriptFormat.redacted) || text.hasPrefix("[redacted: ")
    }

    private static func append(_ record: TranscriptRecord, to sessions: inout [TranscriptSession]) {
        if sessions.isEmpty { sessions.append(TranscriptSession(header: nil, records: [])) }
        sessions[sessions.count - 1].records.append(record)
    }

    // MARK: JSON Lines

    private static func readJSON(_ line: String, number: Int, into sessions: inout [TranscriptSession]) throws(TranscriptSyntax) {
        let list: [(String, JSONValue)]
        do {
            list = try FlatJSONParser.parse(line)
        } catch {
            throw TranscriptSyntax(error.description)
        }
        let members = Dictionary(list, uniquingKeysWith: { first, _ in first })
        if case .string("header")? = members["type"] {
            sessions.append(TranscriptSession(header: try TranscriptHeader.parse(jsonMembers: members), records: []))
            return
        }
        guard members["type"] == nil else { throw TranscriptSyntax("\"type\" is only for the header (\"header\")") }
        guard case .string(let timeText)? = members["time"], let time = ISOTime.parse(timeText) else {
            throw TranscriptSyntax("\"time\" must be a UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ)")
        }
        guard case .string(let directionText)? = members["direction"],
            let direction = TranscriptEntry.Direction(rawValue: directionText)
        else { throw TranscriptSyntax("\"direction\" must be \"client\", \"server\" or \"event\"") }
        guard case .string(let text)? = members["text"] else { throw TranscriptSyntax("\"text\" must be a string") }
        var redacted = false
        switch members["redacted"] {
        case nil: break
        case .bool(let value)?: redacted = value
        default: throw TranscriptSyntax("\"redacted\" must be true or false")
        }
        var known: Set<String> = ["time", "direction", "text", "redacted"]
        var event: TranscriptEvent?
        if let kind = members["event"] {
            guard direction == .event else { throw TranscriptSyntax("only an event line has \"event\"") }
            guard case .string(let kindText) = kind else { throw TranscriptSyntax("\"event\" must be a string") }
            let (parsed, fields) = try typedEvent(kindText, members, text: text)
            event = parsed
            known.formUnion(fields + ["event"])
        } else if direction == .event {
            event = Self.event(fromText: text)
        }
        if let unknown = Set(members.keys).subtracting(known).sorted().first {
            throw TranscriptSyntax("unknown member \"\(unknown)\"")
        }
        let record = TranscriptRecord(
            lineNumber: number, direction: direction, bytes: try VisibleBytes.unescape(text), time: time, redacted: redacted,
            event: event)
        append(record, to: &sessions)
    }

    /// A JSON Lines event of kind `kind`, and the member names it uses.
    private static func typedEvent(
        _ kind: String, _ members: [String: JSONValue], text: String
    ) throws(TranscriptSyntax) -> (TranscriptEvent, [String]) {
        func string(_ name: String) throws(TranscriptSyntax) -> String {
            guard case .string(let value)? = members[name] else { throw TranscriptSyntax("\(kind): \"\(name)\" must be a string") }
            return value
        }
        func optional(_ name: String) throws(TranscriptSyntax) -> String? {
            switch members[name] {
            case .string(let value)?: return value
            case .null?, nil: return nil
            default: throw TranscriptSyntax("\(kind): \"\(name)\" must be a string or null")
            }
        }
        switch kind {
        case "recording-started": return (.recordingStarted, [])
        case "connected": return (.connected(target: try string("target"), address: try optional("address")), ["target", "address"])
        case "connect-failed": return (.connectFailed(target: try string("target")), ["target"])
        case "authenticated": return (.authenticated(mechanism: try string("mechanism")), ["mechanism"])
        case "proxy-header": return (.proxyHeader(text), [])
        case "closed":
            guard let closer = TranscriptEvent.Closer(rawValue: try string("by")) else {
                throw TranscriptSyntax("closed: \"by\" must be \"client\", \"server\" or \"lost\"")
            }
            return (.closed(by: closer, reason: try optional("reason")), ["by", "reason"])
        case "tls-established":
            guard case .bool(let verified)? = members["verified"] else {
                throw TranscriptSyntax("tls-established: \"verified\" must be true or false")
            }
            let summary = text.hasPrefix("TLS established: ") ? String(text.dropFirst(17)) : text
            let details = TranscriptEvent.TLSDetails(
                protocolVersion: try string("protocol"), cipher: try optional("cipher"), subject: try optional("subject"),
                issuer: try optional("issuer"), verified: verified, summary: summary)
            return (.tlsEstablished(details), ["protocol", "cipher", "subject", "issuer", "verified"])
        default:
            throw TranscriptSyntax("unknown event \"\(kind)\"")
        }
    }

    // MARK: The file

    private static func contents(of path: String) throws(TranscriptReadError) -> [UInt8] {
        do {
            return try readFile(path, limit: maximumSize)
        } catch {
            let message = error.description == "is a directory" ? "is a directory, not a transcript" : error.description
            throw TranscriptReadError(path: path, line: nil, message: message)
        }
    }
}

extension TranscriptRecord {
    /// The line as the text format writes it: control bytes as `\r`, `\n`, `\xHH` — the
    /// escapes `/raw` takes, so a raw line can be sent again exactly.
    public var escapedText: String { VisibleBytes.escape(bytes) }
}
