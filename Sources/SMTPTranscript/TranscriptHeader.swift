/// What a transcript records before its first line: which smtpc, which server, when, and
/// the options that shape the conversation. Written as the first line of the file (and
/// again where `--append` adds a session).
public struct TranscriptHeader: Sendable, Hashable {
    /// The version of the formats described in docs/transcripts.md.
    public static let formatVersion = 1

    /// The smtpc that recorded (`smtpc --version`).
    public var smtpcVersion: String
    /// The server as given (`mx.example.org:25`, `unix:/path`); nil when recording began
    /// before any connection.
    public var target: String?
    /// When recording began, in seconds since the Unix epoch.
    public var started: Double
    /// `none`, `starttls` or `tls`: how the session was asked to use TLS.
    public var tls: String
    /// LMTP instead of SMTP.
    public var lmtp: Bool
    /// Text lines carry their time (`--timestamps`); JSON Lines always do.
    public var timestamps: Bool

    public init(smtpcVersion: String, target: String?, started: Double, tls: String, lmtp: Bool, timestamps: Bool) {
        self.smtpcVersion = smtpcVersion
        self.target = target
        self.started = started
        self.tls = tls
        self.lmtp = lmtp
        self.timestamps = timestamps
    }

    /// The text format's header line, e.g. `# smtpc transcript 1; smtpc 0.9.0; target
    /// mx.example.org:25; started 2026-12-03T09:30:00.000Z; tls starttls; lmtp no;
    /// timestamps no` (on one line).
    var textLine: String {
        let fields = [
            "smtpc transcript \(Self.formatVersion)", "smtpc \(Self.escape(smtpcVersion))",
            "target \(target.map(Self.escape) ?? "none")", "started \(ISOTime.format(started))", "tls \(tls)",
            "lmtp \(lmtp ? "yes" : "no")", "timestamps \(timestamps ? "yes" : "no")",
        ]
        return "# " + fields.joined(separator: "; ") + "\n"
    }

    /// The JSON Lines header object.
    var jsonLine: String {
        let members: [(String, JSONValue)] = [
            ("type", .string("header")), ("format", .number(Double(Self.formatVersion))), ("smtpc", .string(smtpcVersion)),
            ("target", target.map(JSONValue.string) ?? .null), ("started", .string(ISOTime.format(started))),
            ("tls", .string(tls)), ("lmtp", .bool(lmtp)),
        ]
        return "{" + members.map { "\(JSONString.quote($0.0)):\($0.1.encoded)" }.joined(separator: ",") + "}\n"
    }

    /// A value with `;` and unprintable bytes escaped, so the line splits back unambiguously.
    private static func escape(_ value: String) -> String {
        VisibleBytes.escape(Array(value.utf8)).replacing(";", with: "\\x3b").replacing(" ", with: "\\x20")
    }

    /// The text prefix that marks a header line.
    static let textPrefix = "# smtpc transcript "

    /// Reads a text header line (without its newline); the error says what is wrong.
    static func parse(textLine line: String) throws(TranscriptSyntax) -> TranscriptHeader {
        var values: [String: String] = [:]
        for field in line.dropFirst(2).split(separator: "; ", omittingEmptySubsequences: false) {
            guard let space = field.firstIndex(of: " ") else { throw .init("header field \"\(field)\" has no value") }
            let key = field[..<space] == "smtpc" && field.hasPrefix("smtpc transcript") ? "format" : String(field[..<space])
            let value = key == "format" ? String(field.dropFirst("smtpc transcript ".count)) : String(field[field.index(after: space)...])
            guard values.updateValue(value, forKey: key) == nil else { throw .init("header field \"\(key)\" appears twice") }
        }
        guard let format = values["format"], format == String(formatVersion) else {
            throw .init("transcript format \(values["format"] ?? "?") is not one this smtpc reads (\(formatVersion))")
        }
        let expected: Set<String> = ["format", "smtpc", "target", "started", "tls", "lmtp", "timestamps"]
        if let unknown = Set(values.keys).subtracting(expected).sorted().first {
            throw .init("unknown header field \"\(unknown)\"")
        }
        guard let version = values["smtpc"], let target = values["target"], let startedText = values["started"],
            let tls = values["tls"], let lmtp = values["lmtp"], let timestamps = values["timestamps"]
        else {
            let missing = expected.subtracting(values.keys).sorted().joined(separator: ", ")
            throw .init("the header lacks \(missing)")
        }
        guard let started = ISOTime.parse(startedText) else { throw .init("header: started \"\(startedText)\" is not a UTC time") }
        guard ["none", "starttls", "tls"].contains(tls) else { throw .init("header: tls \"\(tls)\" is not none, starttls or tls") }
        guard let isLMTP = yesNo(lmtp), let hasTimes = yesNo(timestamps) else {
            throw .init("header: lmtp and timestamps must be yes or no")
        }
        let unescapedTarget: String? =
            target == "none" ? nil : String(decoding: try VisibleBytes.unescape(target), as: UTF8.self)
        return TranscriptHeader(
            smtpcVersion: String(decoding: try VisibleBytes.unescape(version), as: UTF8.self), target: unescapedTarget,
            started: started, tls: tls, lmtp: isLMTP, timestamps: hasTimes)
    }

    /// Reads a JSON Lines header object's members.
    static func parse(jsonMembers members: [String: JSONValue]) throws(TranscriptSyntax) -> TranscriptHeader {
        guard case .number(let format)? = members["format"], format == Double(formatVersion) else {
            throw .init("transcript format is not one this smtpc reads (\(formatVersion))")
        }
        let expected: Set<String> = ["type", "format", "smtpc", "target", "started", "tls", "lmtp"]
        if let unknown = Set(members.keys).subtracting(expected).sorted().first {
            throw .init("unknown header member \"\(unknown)\"")
        }
        guard case .string(let version)? = members["smtpc"], case .string(let startedText)? = members["started"],
            case .string(let tls)? = members["tls"], case .bool(let lmtp)? = members["lmtp"]
        else { throw .init("the header needs smtpc, started, tls (strings) and lmtp (a boolean)") }
        let target: String?
        switch members["target"] {
        case .string(let value)?: target = value
        case .null?: target = nil
        default: throw .init("the header's target must be a string or null")
        }
        guard let started = ISOTime.parse(startedText) else { throw .init("header: started \"\(startedText)\" is not a UTC time") }
        guard ["none", "starttls", "tls"].contains(tls) else { throw .init("header: tls \"\(tls)\" is not none, starttls or tls") }
        return TranscriptHeader(smtpcVersion: version, target: target, started: started, tls: tls, lmtp: lmtp, timestamps: true)
    }

    private static func yesNo(_ text: String) -> Bool? { text == "yes" ? true : text == "no" ? false : nil }
}

/// What is wrong with one line of a transcript (the reader adds the file and line number).
public struct TranscriptSyntax: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
