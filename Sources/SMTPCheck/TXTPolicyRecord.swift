import SMTPCore

/// What is wrong with the TXT record of MTA-STS (`_mta-sts.DOMAIN`, RFC 8461 §3.1) or of
/// TLS-RPT (`_smtp._tls.DOMAIN`, RFC 8460 §3). For each of them the domain then has no
/// policy: senders act as if the record were not there.
public enum TXTRecordProblem: Error, Equatable, Sendable {
    /// No TXT record begins with the version (`v=STSv1`, `v=TLSRPTv1`).
    case noRecord
    /// More than one record begins with the version: the RFCs count that as none.
    case severalRecords(Int)
    /// A field that is not `name=value` with a name and value of the RFCs' grammar.
    case malformedField(String)
    /// A field given twice.
    case duplicateField(String)
    /// A required field is absent (`id` for MTA-STS, `rua` for TLS-RPT).
    case missingField(String)
    /// A known field whose value breaks its rule (an `id` of 33 characters, a `rua` URI of
    /// another scheme).
    case invalidValue(field: String, value: String)

    /// The problem in plain words.
    public var description: String {
        switch self {
        case .noRecord: "no TXT record begins with the version field"
        case .severalRecords(let count): "\(count) TXT records begin with the version field; there must be exactly one"
        case .malformedField(let field): "the field \"\(field)\" is not name=value"
        case .duplicateField(let name): "the field \"\(name)\" is given more than once"
        case .missingField(let name): "the required field \"\(name)\" is missing"
        case .invalidValue(let field, let value): "\"\(value)\" is not a valid value for \"\(field)\""
        }
    }
}

/// The `name=value` fields of one TXT record in the form MTA-STS and TLS-RPT share: a version
/// field first, then fields separated by `;` with optional spaces or tabs around it, a `;` at
/// the end allowed (RFC 8461 §3.1, RFC 8460 §3).
struct TXTPolicyRecord {
    /// The fields after the version by name, their values as written.
    let fields: [String: String]

    /// Picks the one record among `records` (each one's character-strings already joined)
    /// that begins with `version`, and splits it. Records that begin otherwise are discarded;
    /// none, or more than one, is a problem. `known` names the fields whose values the caller
    /// checks; the values of the others must keep to the extension grammar (printable ASCII
    /// without `=`, `;` or space).
    init(selectingFrom records: [String], version: String, known: Set<String>) throws(TXTRecordProblem) {
        let candidates = records.filter { Self.firstField(of: $0) == version }
        guard let record = candidates.first else { throw .noRecord }
        guard candidates.count == 1 else { throw .severalRecords(candidates.count) }
        var pieces = record.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        pieces.removeFirst()
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        var fields: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "="), Self.isFieldName(piece[..<equals]) else {
                throw .malformedField(piece)
            }
            let name = String(piece[..<equals])
            let value = String(piece[piece.index(after: equals)...])
            guard known.contains(name) || Self.isExtensionValue(value) else { throw .malformedField(piece) }
            guard fields.updateValue(value, forKey: name) == nil else { throw .duplicateField(name) }
        }
        self.fields = fields
    }

    /// The record's text before its first `;`, without the spaces around it.
    private static func firstField(of record: String) -> String {
        String(record.prefix { $0 != ";" }).trimmingWhitespace()
    }

    /// `(ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`.
    private static func isFieldName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric, name.unicodeScalars.count <= 32 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || "_-.".unicodeScalars.contains($0) }
    }

    /// `1*(%x21-3A / %x3C / %x3E-7E)`.
    private static func isExtensionValue(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != ";" && $0 != "=" }
    }
}

extension Unicode.Scalar {
    /// An ASCII letter or digit (ABNF's `ALPHA / DIGIT`).
    var isASCIIAlphanumeric: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }
}
