/// Hand-built DNS packets for the MX tests: every byte is spelt out here, not made by the code under test.
enum MXTestPackets {
    /// A name in uncompressed wire form: `mx.test` → 02 'm' 'x' 04 't' 'e' 's' 't' 00.
    static func name(_ text: String) -> [UInt8] {
        guard text != "." else { return [0] }
        var bytes: [UInt8] = []
        for label in text.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes.append(contentsOf: label.utf8)
        }
        return bytes + [0]
    }

    /// A compression pointer to `offset`.
    static func pointer(_ offset: Int) -> [UInt8] {
        [0xC0 | UInt8(offset >> 8), UInt8(offset & 0xFF)]
    }

    static func u16(_ value: Int) -> [UInt8] {
        [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// A 12-byte header.
    static func header(id: Int, flags: Int, questions: Int = 1, answers: Int = 0) -> [UInt8] {
        u16(id) + u16(flags) + u16(questions) + u16(answers) + u16(0) + u16(0)
    }

    /// Flags of a normal answer: QR, RD, RA set, response code `rcode`, TC when asked.
    static func responseFlags(rcode: Int = 0, truncated: Bool = false) -> Int {
        0x8180 | rcode | (truncated ? 0x0200 : 0)
    }

    /// A question: name bytes, type, class IN.
    static func question(_ name: [UInt8], type: Int) -> [UInt8] {
        name + u16(type) + u16(1)
    }

    /// A resource record of class IN with TTL 300.
    static func record(owner: [UInt8], type: Int, data: [UInt8]) -> [UInt8] {
        owner + u16(type) + u16(1) + [0, 0, 1, 0x2C] + u16(data.count) + data
    }

    /// MX record data: preference then exchange bytes.
    static func mxData(_ preference: Int, _ exchange: [UInt8]) -> [UInt8] {
        u16(preference) + exchange
    }

    /// An answer to `query` (a query made by the client): same ID and question, then `answers`.
    ///
    /// `idDelta` and `question` let a test forge answers that must be ignored.
    static func response(
        to query: [UInt8], rcode: Int = 0, truncated: Bool = false, answers: [[UInt8]] = [],
        idDelta: Int = 0, question: [UInt8]? = nil
    ) -> [UInt8] {
        let id = (Int(query[0]) << 8 | Int(query[1])) ^ idDelta
        let asked = question ?? Array(query[12...])
        return header(id: id, flags: responseFlags(rcode: rcode, truncated: truncated), answers: answers.count)
            + asked + answers.joined()
    }

    /// The name asked in `query`, as dotted text (the client never compresses its question).
    static func askedName(_ query: [UInt8]) -> String {
        var labels: [String] = []
        var index = 12
        while index < query.count, query[index] != 0 {
            let length = Int(query[index])
            labels.append(String(decoding: query[(index + 1)..<min(query.count, index + 1 + length)], as: UTF8.self))
            index += 1 + length
        }
        return labels.joined(separator: ".")
    }

    /// The type asked in `query`.
    static func askedType(_ query: [UInt8]) -> Int {
        let end = query.count
        return Int(query[end - 4]) << 8 | Int(query[end - 3])
    }
}
