/// A domain name as DNS carries it: a list of labels, compared without regard to ASCII case.
///
/// Labels are kept as bytes because a DNS answer may hold any octet in a label; names
/// typed by the user are checked more strictly by ``init(parsing:)``.
struct DNSName: Sendable, CustomStringConvertible {
    /// The labels, most specific first, without the empty root label.
    let labels: [[UInt8]]

    /// The root name, `.` (a null MX points here, RFC 7505).
    static let root = DNSName(labels: [])

    /// The longest name on the wire, length octets and the root byte included (RFC 1035 §3.1).
    static let maximumWireLength = 255
    /// The longest label (RFC 1035 §2.3.4).
    static let maximumLabelLength = 63

    init(labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Whether this is the root name (`.`).
    var isRoot: Bool { labels.isEmpty }

    /// Why a typed name cannot be looked up.
    struct Invalid: Error {
        let reason: String
    }

    /// Reads a name typed by the user: `example.com` or `example.com.`, letters, digits, `-` and `_`.
    ///
    /// Non-ASCII names are refused rather than guessed at: the user must give the A-label
    /// (`xn--…`) form, since converting IDNs is not this client's job.
    init(parsing text: String) throws(Invalid) {
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        guard !body.isEmpty else { throw Invalid(reason: "the name is empty") }
        var labels: [[UInt8]] = []
        var wireLength = 1
        for part in body.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(part.utf8)
            guard !bytes.isEmpty else { throw Invalid(reason: "it has an empty label") }
            guard bytes.count <= Self.maximumLabelLength else {
                throw Invalid(reason: "the label \"\(part.prefix(20))…\" is longer than 63 characters")
            }
            guard bytes.allSatisfy(Self.isNameCharacter) else {
                throw Invalid(reason: "only letters, digits, '-' and '_' may appear (write internationalized names in their xn-- form)")
            }
            wireLength += bytes.count + 1
            labels.append(bytes)
        }
        guard wireLength <= Self.maximumWireLength else { throw Invalid(reason: "the name is longer than 253 characters") }
        self.labels = labels
    }

    /// ASCII letters, digits, hyphen and underscore: what mail domains and host names use.
    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// The name in its wire form, uncompressed: length-prefixed labels and a zero byte.
    var wireBytes: [UInt8] {
        var bytes: [UInt8] = []
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
        return bytes
    }

    /// The name for people: `mx.example.com`, `.` for the root; odd bytes escaped as `\DDD`.
    ///
    /// Escaping keeps a hostile answer from putting control characters on the terminal.
    var description: String {
        guard !isRoot else { return "." }
        return labels.map { label in
            var text = ""
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    text += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E:
                    text.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            return text
        }.joined(separator: ".")
    }
}

extension DNSName: Hashable {
    /// Names are equal when their labels match ignoring ASCII case (RFC 1035 §2.3.3).
    static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.folded == rhs.folded
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(folded)
    }

    /// The labels with ASCII upper case folded to lower case.
    private var folded: [[UInt8]] {
        labels.map { label in
            label.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        }
    }
}
