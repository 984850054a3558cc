/// What the session logic needs to know of the extensions a server advertised in EHLO/LHLO.
///
/// A protocol so the session code does not depend on how the EHLO reply is parsed:
/// `Capabilities` (Reply/Capabilities.swift) conforms with an empty extension, and tests
/// use the small `ExtensionKeywords` table below.
public protocol AdvertisedExtensions: Sendable {
    /// `true` when the keyword was advertised (case-insensitive).
    func contains(_ keyword: String) -> Bool
    /// The parameters advertised with a keyword (`["PLAIN", "LOGIN"]` for AUTH); `nil` when absent.
    func parameters(for keyword: String) -> [String]?
    /// The SASL mechanisms after `AUTH`, uppercased.
    var authMechanisms: [String] { get }
    /// The byte limit advertised with `SIZE`, when there is one (0 or absent means none).
    var sizeLimit: Int? { get }
}

extension AdvertisedExtensions {
    public var authMechanisms: [String] {
        (parameters(for: "AUTH") ?? []).map { ASCII.uppercased($0) }
    }

    public var sizeLimit: Int? {
        guard let text = parameters(for: "SIZE")?.first, let limit = Int(text), limit > 0 else { return nil }
        return limit
    }
}

/// A plain keyword → parameters table of advertised extensions.
///
/// Keys are compared case-insensitively (they are stored uppercased).
public struct ExtensionKeywords: AdvertisedExtensions, ExpressibleByDictionaryLiteral, Hashable {
    /// Uppercased keyword → its parameters, as advertised.
    public let table: [String: [String]]

    /// A table from keyword → parameters; keywords are uppercased.
    public init(_ table: [String: [String]]) {
        self.table = Dictionary(table.map { (ASCII.uppercased($0.key), $0.value) }) { first, _ in first }
    }

    public init(dictionaryLiteral elements: (String, [String])...) {
        self.init(Dictionary(elements) { first, _ in first })
    }

    public func contains(_ keyword: String) -> Bool { table[ASCII.uppercased(keyword)] != nil }

    public func parameters(for keyword: String) -> [String]? { table[ASCII.uppercased(keyword)] }
}
