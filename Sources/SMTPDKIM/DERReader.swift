/// Reads DER (ITU-T X.690) one element at a time: just enough of it to see which kind of key
/// a PEM file holds and to take an Ed25519 seed out of its PKCS#8 wrapping.
struct DERReader {
    /// One element: its tag byte and its contents.
    struct Element {
        let tag: UInt8
        let contents: ArraySlice<UInt8>
    }

    /// The DER was cut short or its lengths are inconsistent.
    struct Malformed: Error {}

    static let integer: UInt8 = 0x02
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06
    static let sequence: UInt8 = 0x30

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// The next element, whatever its tag.
    mutating func read() throws(Malformed) -> Element {
        guard bytes.count >= 2 else { throw Malformed() }
        let tag = bytes[bytes.startIndex]
        var index = bytes.startIndex + 1
        let first = Int(bytes[index])
        index += 1
        var length = first
        if first & 0x80 != 0 {
            // Long form: the low bits say how many length bytes follow (at most 4 here).
            let count = first & 0x7F
            guard (1...4).contains(count), bytes.endIndex - index >= count else { throw Malformed() }
            length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard bytes.endIndex - index >= length else { throw Malformed() }
        let contents = bytes[index..<index + length]
        bytes = bytes[(index + length)...]
        return Element(tag: tag, contents: contents)
    }

    /// The contents of the next element, which must have `tag`.
    mutating func read(_ tag: UInt8) throws(Malformed) -> ArraySlice<UInt8> {
        let element = try read()
        guard element.tag == tag else { throw Malformed() }
        return element.contents
    }
}
