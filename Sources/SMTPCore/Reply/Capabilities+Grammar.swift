/// The grammar of the lines of an EHLO reply, kept apart from the lookups built on it.
extension Capabilities {
    /// Splits the first line's text into the server's domain and the greeting after it.
    ///
    /// RFC 5321 §4.1.1.1 (the first line, after `250-` or `250 `):
    ///   Domain [ SP ehlo-greet ]
    ///   ehlo-greet = 1*(%d0-9 / %d11-12 / %d14-127)
    static func parseGreetingLine(_ text: String) -> (domain: String?, greeting: String) {
        let words = words(text)
        guard let first = words.first else { return (nil, "") }
        // The greeting is kept as sent after the first separator, inner spacing included.
        let afterDomain: Substring = text.drop(while: isSeparator).drop(while: { !isSeparator($0) })
        return (String(first), String(afterDomain.drop(while: isSeparator)))
    }

    /// Reads one extension line; nil for a line with no keyword (smtp-sink's closing `250 `).
    ///
    /// RFC 5321 §4.1.1.1:
    ///   ehlo-line    = ehlo-keyword *( SP ehlo-param )
    ///   ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    ///   ehlo-param   = 1*(%d33-126)
    ///
    /// Tolerated: runs of spaces or tabs between words, keywords outside the ABNF (kept as
    /// advertised, uppercased), and the pre-RFC `AUTH=MECH MECH…` form, read as `AUTH MECH MECH…`.
    static func parseEHLOLine(_ text: String) -> Extension? {
        let words = words(text)
        guard let first = words.first else { return nil }
        var keyword = first.uppercased()
        var parameters = words.dropFirst().map(String.init)
        if keyword.hasPrefix("AUTH=") {
            let mechanism = first.dropFirst("AUTH=".count)
            keyword = "AUTH"
            if !mechanism.isEmpty { parameters.insert(String(mechanism), at: 0) }
        }
        return Extension(keyword: keyword, parameters: parameters)
    }

    /// `existing` followed by those of `added` not already there (compared without regard to case).
    static func merge(_ existing: [String], _ added: [String]) -> [String] {
        var result = existing
        var seen = Set(existing.map { $0.uppercased() })
        for parameter in added where seen.insert(parameter.uppercased()).inserted {
            result.append(parameter)
        }
        return result
    }

    /// The words of a line, split at spaces and tabs.
    private static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: isSeparator)
    }

    /// SP, or HTAB from servers that pad with tabs.
    private static func isSeparator(_ character: Character) -> Bool {
        character == " " || character == "\t"
    }
}
