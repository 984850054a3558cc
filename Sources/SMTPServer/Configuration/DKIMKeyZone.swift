#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The DKIM key records the practice server verifies with, from `serve --dkim-keys FILE`: a
/// small zone of TXT records at `SELECTOR._domainkey.DOMAIN`, one per line.
///
///     sel._domainkey.example.com TXT "v=DKIM1; k=ed25519; p=…"
///     sel._domainkey.example.com "v=DKIM1; k=rsa; p=…"
///     sel._domainkey.example.com. 3600 IN TXT ( "v=DKIM1; k=rsa; "
///         "p=MIIB…" )
///
/// As in a zone file: the name may end in a dot, a TTL and the class IN may come before TXT,
/// the text may be several quoted strings (joined, as DNS joins them) inside parentheses that
/// span lines, and `;` starts a comment (so does `#` at the start of a line). What `smtpc dkim
/// keygen` prints is one such record.
public struct DKIMKeyZone: Sendable, Hashable {
    /// A line that is not a record: where and why.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let reason: String
        public var description: String { "\(path):\(line): \(reason)" }
    }

    /// The records by name, lower case and without the final dot.
    public private(set) var records: [String: String] = [:]

    /// A zone with no record.
    public init() {}

    /// The zone in `text`; `path` names the file in errors.
    public init(text: String, path: String = "keys") throws(Failure) {
        var pending: (line: Int, words: [String])?
        var open = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func fail(_ reason: String) -> Failure { Failure(path: path, line: pending?.line ?? number, reason: reason) }
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if !open && line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") { continue }
            var words = pending?.words ?? []
            do {
                try Words.split(line, into: &words, open: &open)
            } catch {
                throw fail(error.reason)
            }
            if open {
                pending = (pending?.line ?? number, words)
                continue
            }
            let start = pending?.line ?? number
            pending = nil
            guard !words.isEmpty else { continue }
            do {
                try add(words)
            } catch {
                throw Failure(path: path, line: start, reason: error.reason)
            }
        }
        if let pending { throw Failure(path: path, line: pending.line, reason: "a '(' is not closed") }
    }

    /// The zone in the file at `path`.
    public init(contentsOfFile path: String) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(path: path, line: 0, reason: "cannot read the file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The record at `SELECTOR._domainkey.DOMAIN`, or nil.
    public func record(selector: String, domain: String) -> String? {
        records["\(selector)._domainkey.\(domain)".lowercased()]
    }

    /// One record from its words: the name, then TTL, IN and TXT as they come, then the strings.
    private mutating func add(_ words: [String]) throws(Failure) {
        func fail(_ reason: String) -> Failure { Failure(path: "", line: 0, reason: reason) }
        var name = words[0].lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard name.contains("._domainkey."), !name.hasPrefix("\"") else {
            throw fail("'\(words[0])' is not a name of the form SELECTOR._domainkey.DOMAIN")
        }
        var rest = words.dropFirst()
        if let ttl = rest.first, ttl.allSatisfy(\.isNumber) { rest = rest.dropFirst() }
        if rest.first?.uppercased() == "IN" { rest = rest.dropFirst() }
        if let type = rest.first, !type.hasPrefix("\"") {
            guard type.uppercased() == "TXT" else { throw fail("a \(type) record; DKIM keys are TXT records") }
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { throw fail("no text: give the record in quotes, \"v=DKIM1; k=…; p=…\"") }
        guard rest.allSatisfy({ $0.hasPrefix("\"") }) else { throw fail("text must be in quotes: \(rest.joined(separator: " "))") }
        guard records[name] == nil else { throw fail("\(name) is given twice") }
        records[name] = rest.map { String($0.dropFirst()) }.joined()
    }
}

extension DKIMKeyZone {
    /// A zone file line cut into words; a quoted string is one word, kept with its opening quote
    /// (and without the closing one) so that it is told from a bare word.
    enum Words {
        struct Malformed: Error {
            let reason: String
        }

        /// Adds the words of `line` to `words`; `open` is `true` inside parentheses, before and after.
        static func split(_ line: Substring, into words: inout [String], open: inout Bool) throws(Malformed) {
            var characters = line.makeIterator()
            var word: String?
            func finish() {
                if let word { words.append(word) }
                word = nil
            }
            while let character = characters.next() {
                switch character {
                case "\"":
                    finish()
                    var text = "\""
                    var closed = false
                    while let next = characters.next() {
                        if next == "\"" {
                            closed = true
                            break
                        }
                        text.append(next == "\\" ? (characters.next() ?? "\\") : next)
                    }
                    guard closed else { throw Malformed(reason: "a quoted string is not closed on its line") }
                    words.append(text)
                case ";":
                    finish()
                    return
                case "(":
                    guard !open else { throw Malformed(reason: "a '(' inside another") }
                    finish()
                    open = true
                case ")":
                    guard open else { throw Malformed(reason: "a ')' without '('") }
                    finish()
                    open = false
                case " ", "\t":
                    finish()
                default:
                    word = (word ?? "") + String(character)
                }
            }
            finish()
        }
    }
}
