/// The service extensions a server advertised in its reply to EHLO (or LMTP's LHLO).
///
/// Keywords are compared without regard to case (RFC 5321 §2.4) and stored uppercased;
/// parameters are kept as advertised. The legacy `AUTH=LOGIN PLAIN` line, which old
/// Outlook clients needed and Postfix still sends beside `AUTH LOGIN PLAIN` when
/// `broken_sasl_auth_clients` is on, is merged into `AUTH`. After STARTTLS a client must
/// forget these (RFC 3207 §4.2): replace them with ``none`` until the next EHLO.
public struct Capabilities: Sendable, Hashable {
    /// One advertised extension: a keyword and its parameters.
    public struct Extension: Sendable, Hashable {
        /// The keyword, uppercased (`SIZE`, `AUTH`, `8BITMIME`).
        public let keyword: String
        /// The parameters after the keyword, as advertised (`["PLAIN", "LOGIN"]`).
        public let parameters: [String]

        public init(keyword: String, parameters: [String]) {
            self.keyword = keyword
            self.parameters = parameters
        }
    }

    /// The domain the server named on the first line of its reply, if any.
    public let domain: String?
    /// The rest of the first line after the domain (`ehlo-greet`), possibly empty.
    public let greeting: String
    /// The extensions in the order first advertised, one per keyword.
    public let extensions: [Extension]

    /// No capabilities: before EHLO, after a failed EHLO, or after STARTTLS.
    public static let none = Capabilities()

    /// No capabilities (the same as ``none``).
    public init() {
        self.init(domain: nil, greeting: "", extensions: [])
    }

    /// Capabilities with the given parts, for servers and tests that build them directly.
    public init(domain: String?, greeting: String, extensions: [Extension]) {
        self.domain = domain
        self.greeting = greeting
        self.extensions = extensions
    }

    /// Reads the capabilities from a reply to EHLO or LHLO.
    ///
    /// A reply other than 250 advertises nothing and gives ``none``. Empty lines (smtp-sink
    /// ends with `250 `) are skipped; a keyword seen twice keeps its first place and
    /// gains the new parameters it did not have.
    ///
    /// RFC 5321 §4.1.1.1:
    ///   ehlo-ok-rsp  = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
    ///                  / ( "250-" Domain [ SP ehlo-greet ] CRLF
    ///                      *( "250-" ehlo-line CRLF )
    ///                      "250" SP ehlo-line CRLF )
    public init(ehloReply: Reply) {
        guard ehloReply.code == 250 else {
            self.init()
            return
        }
        let (domain, greeting) = Self.parseGreetingLine(ehloReply.lines[0].textString)
        var extensions: [Extension] = []
        for line in ehloReply.lines.dropFirst() {
            guard let parsed = Self.parseEHLOLine(line.textString) else { continue }
            if let index = extensions.firstIndex(where: { $0.keyword == parsed.keyword }) {
                let merged = Self.merge(extensions[index].parameters, parsed.parameters)
                extensions[index] = Extension(keyword: parsed.keyword, parameters: merged)
            } else {
                extensions.append(parsed)
            }
        }
        self.init(domain: domain, greeting: greeting, extensions: extensions)
    }

    /// The advertised keywords, uppercased, in the order first advertised.
    public var keywords: [String] { extensions.map(\.keyword) }

    /// Whether nothing was advertised.
    public var isEmpty: Bool { extensions.isEmpty }

    /// Whether the server advertised `keyword` (compared without regard to case).
    public func contains(_ keyword: String) -> Bool {
        parameters(for: keyword) != nil
    }

    /// The parameters of `keyword` (compared without regard to case), or nil when it was
    /// not advertised; an empty array when it was advertised without parameters.
    public func parameters(for keyword: String) -> [String]? {
        let wanted = keyword.uppercased()
        return extensions.first { $0.keyword == wanted }?.parameters
    }

    /// The SASL mechanisms offered with AUTH (RFC 4954), uppercased, without repeats, in
    /// advertised order; empty when AUTH was not advertised.
    public var authMechanisms: [String] {
        Self.merge([], (parameters(for: "AUTH") ?? []).map { $0.uppercased() })
    }

    /// The largest message size the server declared with SIZE (RFC 1870), in bytes.
    ///
    /// nil when SIZE is absent, has no number, or has `0` — RFC 1870 §4: zero means no
    /// fixed maximum — or a parameter that is not a non-negative decimal number.
    /// Use `contains("SIZE")` to learn whether the `SIZE=` parameter may be sent.
    public var sizeLimit: Int? {
        guard let first = parameters(for: "SIZE")?.first,
            first.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = Int(first), value > 0
        else { return nil }
        return value
    }
}
