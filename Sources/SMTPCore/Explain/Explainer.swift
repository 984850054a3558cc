/// Renders the meaning of reply codes and enhanced status codes as text or Markdown.
///
/// One renderer serves `smtpc explain`, the console's `/explain` and the generated
/// `docs/reply-codes.md`, so the three never disagree.
public enum Explainer {
    /// The plain-text explanation of one query, several lines, no trailing newline.
    public static func text(for query: ExplainQuery) -> String {
        switch query {
        case .reply(let code):
            return text(for: ReplyCodeTable.meaning(of: code), info: ReplyCodeTable.info(for: code))
        case .enhanced(let code):
            return text(for: EnhancedStatusCodeTable.meaning(of: code))
        case .enhancedAnyClass(let subject, let detail):
            return textAnyClass(subject: subject, detail: detail)
        }
    }

    static func text(for meaning: ReplyMeaning, info: ReplyCodeInfo?) -> String {
        var lines = ["\(meaning.code)  \(meaning.description)"]
        lines.append(indent(meaning.explanation))
        if let info, !info.contextMeanings.isEmpty {
            for context in ReplyContext.allCases {
                if let text = info.meaning(after: context) {
                    lines.append(indent("After \(context.displayName): \(text)"))
                }
            }
        }
        lines.append(indent("Reference: " + references(meaning.references)))
        return lines.joined(separator: "\n")
    }

    static func text(for meaning: EnhancedMeaning) -> String {
        var lines = ["\(meaning.code)  \(meaning.summary)"]
        if let info = meaning.info {
            lines.append(indent(info.explanation))
        } else {
            lines.append(indent("Not a registered code; its class and subject still say:"))
        }
        if let classInfo = meaning.classInfo {
            lines.append(indent("Class \(classInfo.statusClass) (\(classInfo.title)): \(classInfo.explanation)"))
        }
        if let subject = meaning.subjectInfo {
            lines.append(indent("Subject \(subject.subject) (\(subject.title)): \(subject.explanation)"))
        }
        var refs = meaning.info?.references ?? []
        if refs.isEmpty { refs = meaning.subjectInfo?.references ?? ["RFC 3463"] }
        lines.append(indent("Reference: " + references(refs)))
        return lines.joined(separator: "\n")
    }

    static func textAnyClass(subject: Int, detail: Int) -> String {
        let subjectInfo = EnhancedStatusCodeTable.subjects.first { $0.subject == subject }
        guard let info = EnhancedStatusCodeTable.info(subject: subject, detail: detail) else {
            var lines = ["X.\(subject).\(detail)  not a registered enhanced status code"]
            if let subjectInfo {
                lines.append(indent("Subject \(subject) (\(subjectInfo.title)): \(subjectInfo.explanation)"))
            }
            lines.append(indent("Reference: RFC 3463"))
            return lines.joined(separator: "\n")
        }
        var lines = ["X.\(subject).\(detail)  \(info.title)", indent(info.explanation)]
        if let subjectInfo {
            lines.append(indent("Subject \(subject) (\(subjectInfo.title)): \(subjectInfo.explanation)"))
        }
        if !info.classes.isEmpty {
            lines.append(indent("Used with class " + info.classes.map(String.init).joined(separator: ", ")))
        }
        lines.append(indent("Reference: " + references(info.references)))
        return lines.joined(separator: "\n")
    }

    private static func indent(_ text: String) -> String { "     " + text }

    private static func references(_ refs: [String]) -> String {
        refs.isEmpty ? "none" : refs.joined(separator: ", ")
    }
}

extension ReplyContext {
    /// How the context reads in a sentence: "After RCPT TO: …".
    public var displayName: String {
        switch self {
        case .greeting: return "connecting (the greeting)"
        case .helo: return "HELO"
        case .ehlo: return "EHLO"
        case .lhlo: return "LHLO"
        case .mailFrom: return "MAIL FROM"
        case .rcptTo: return "RCPT TO"
        case .data: return "DATA"
        case .endOfData: return "the final dot of DATA"
        case .bdat: return "BDAT"
        case .auth: return "AUTH"
        case .authResponse: return "an answer to a 334 challenge"
        case .startTLS: return "STARTTLS"
        case .vrfy: return "VRFY"
        case .expn: return "EXPN"
        case .help: return "HELP"
        case .noop: return "NOOP"
        case .rset: return "RSET"
        case .quit: return "QUIT"
        case .other: return "another command"
        }
    }
}

extension Explainer {
    /// Every reply code, then every registered enhanced code, as plain text.
    public static func allText() -> String {
        var blocks = ReplyCodeTable.all.map { text(for: .reply($0.code)) }
        blocks += EnhancedStatusCodeTable.all.map { text(for: .enhancedAnyClass(subject: $0.subject, detail: $0.detail)) }
        return blocks.joined(separator: "\n\n")
    }
}
