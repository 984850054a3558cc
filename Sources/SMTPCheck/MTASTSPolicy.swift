import SMTPCore

/// An MTA-STS policy, the file at `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`
/// (RFC 8461 §3.2): `key: value` lines ending in LF or CRLF.
///
/// ```
/// version: STSv1
/// mode: enforce
/// mx: mail.example.com
/// mx: *.example.net
/// max_age: 604800
/// ```
public struct MTASTSPolicy: Equatable, Sendable {
    /// What a sender does with an MX host that fails the policy.
    public enum Mode: String, Equatable, Sendable {
        /// Delivery to it fails.
        case enforce
        /// Delivery goes on; the failure is reported (TLS-RPT).
        case testing
        /// The policy is withdrawn.
        case none
    }

    /// The largest `max_age`: about one year, in seconds (RFC 8461 §3.2).
    public static let maxAgeLimit = 31_557_600

    public let mode: Mode
    /// The `mx` lines, in order; none only in mode `none`.
    public let mx: [MXPattern]
    /// How long, in seconds, a sender may keep the policy.
    public let maxAge: Int

    /// Parses the policy file. Field names are case-sensitive; unknown fields are ignored;
    /// `mx` may be repeated, the others may not. The first problem found is thrown, with its
    /// line when there is one.
    public init(parsing text: String) throws(MTASTSPolicyError) {
        var version: String?
        var mode: Mode?
        var maxAge: Int?
        var mx: [MXPattern] = []
        // Split by scalars: as Characters, CRLF is one and would not split at "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, scalars) in lines.enumerated() {
            let number = index + 1
            let line = Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else {
                throw MTASTSPolicyError(line: number, problem: .malformedLine(String(line)))
            }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            func once<T>(_ slot: T?) throws(MTASTSPolicyError) {
                if slot != nil { throw MTASTSPolicyError(line: number, problem: .duplicateField(name)) }
            }
            switch name {
            case "version":
                try once(version)
                guard value == "STSv1" else { throw MTASTSPolicyError(line: number, problem: .invalidVersion(value)) }
                version = value
            case "mode":
                try once(mode)
                guard let parsed = Mode(rawValue: value) else { throw MTASTSPolicyError(line: number, problem: .invalidMode(value)) }
                mode = parsed
            case "max_age":
                try once(maxAge)
                guard (1...10).contains(value.count), value.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int(value),
                    seconds <= Self.maxAgeLimit
                else { throw MTASTSPolicyError(line: number, problem: .invalidMaxAge(value)) }
                maxAge = seconds
            case "mx":
                guard let pattern = MXPattern(value) else { throw MTASTSPolicyError(line: number, problem: .invalidMX(value)) }
                mx.append(pattern)
            default:
                continue
            }
        }
        guard version != nil else { throw MTASTSPolicyError(line: nil, problem: .missingField("version")) }
        guard let mode else { throw MTASTSPolicyError(line: nil, problem: .missingField("mode")) }
        guard let maxAge else { throw MTASTSPolicyError(line: nil, problem: .missingField("max_age")) }
        guard mode == .none || !mx.isEmpty else { throw MTASTSPolicyError(line: nil, problem: .noMX(mode)) }
        self.mode = mode
        self.mx = mx
        self.maxAge = maxAge
    }

    /// Whether `host` matches one of the policy's `mx` patterns.
    public func allows(mxHost host: String) -> Bool {
        mx.contains { $0.matches(host) }
    }
}

/// Why a policy file was rejected: the sender then treats it as `sts-policy-invalid`.
public struct MTASTSPolicyError: Error, Equatable, Sendable {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// `version`, `mode` or `max_age` is absent.
        case missingField(String)
        /// A `version` other than `STSv1`.
        case invalidVersion(String)
        /// A `mode` other than `enforce`, `testing` or `none`.
        case invalidMode(String)
        /// A `max_age` that is not 1 to 10 digits up to ``MTASTSPolicy/maxAgeLimit``.
        case invalidMaxAge(String)
        /// An `mx` value that is not a host name, optionally with `*.` before it.
        case invalidMX(String)
        /// `version`, `mode` or `max_age` given twice.
        case duplicateField(String)
        /// A line without `name:`.
        case malformedLine(String)
        /// Mode `enforce` or `testing` with no `mx` line.
        case noMX(MTASTSPolicy.Mode)
    }

    /// The line (from 1) where the problem is; `nil` for a field that is missing.
    public let line: Int?
    public let problem: Problem

    /// The problem in plain words, with its line.
    public var description: String {
        let text =
            switch problem {
            case .missingField(let name): "the required field \"\(name)\" is missing"
            case .invalidVersion(let value): "version \"\(value)\" is not STSv1"
            case .invalidMode(let value): "mode \"\(value)\" is not enforce, testing or none"
            case .invalidMaxAge(let value): "max_age \"\(value)\" is not a number of seconds from 0 to \(MTASTSPolicy.maxAgeLimit)"
            case .invalidMX(let value): "mx \"\(value)\" is not a host name or *.domain"
            case .duplicateField(let name): "the field \"\(name)\" is given again"
            case .malformedLine(let line): "\"\(line)\" is not a name: value line"
            case .noMX(let mode): "mode \(mode.rawValue) needs at least one mx line"
            }
        return line.map { "line \($0): " + text } ?? text
    }
}
