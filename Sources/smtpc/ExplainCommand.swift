import ArgumentParser
import SMTPCore

/// `smtpc explain CODE...`: the meaning of reply codes and enhanced status codes.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtpc explain",
        abstract: "Explain reply codes (550) or enhanced status codes (5.1.1, X.7.1).",
        discussion: """
            Prints each code's description, an explanation of what it means and what to do, \
            and the RFC that defines it. With --all, lists the whole built-in table.
            """
    )

    /// Output formats for `--all`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown
    }

    @Argument(help: "Reply codes such as 550, or enhanced status codes such as 5.1.1 or X.7.1.")
    var codes: [String] = []

    @Flag(help: "List the whole table instead of the given codes.")
    var all = false

    @Option(help: "Output format of --all: text or markdown.")
    var format: Format = .text

    func validate() throws {
        if all && !codes.isEmpty {
            throw ValidationError("Give either codes or --all, not both.")
        }
        if !all && codes.isEmpty {
            throw ValidationError("Give at least one code, e.g. 'smtpc explain 550 5.1.1', or --all.")
        }
        for code in codes where ExplainQuery(code) == nil {
            throw ValidationError(ExplainQuery.usageError(for: code))
        }
    }

    func run() throws {
        if all {
            switch format {
            case .markdown: print(ReferenceDocument.markdown(), terminator: "")
            case .text: print(Explainer.allText())
            }
            return
        }
        Self.explain(codes.compactMap(ExplainQuery.init))
    }

    /// Prints the explanations of `queries`, a blank line between them.
    static func explain(_ queries: [ExplainQuery]) {
        print(queries.map(Explainer.text(for:)).joined(separator: "\n\n"))
    }

    /// `smtpc explain` followed by codes alone (the usual line), read without the parser:
    /// the queries, or nil for anything else (an option, a word that is not a code), which
    /// the parser then reads. Its model is built by reflection at every start: most of the
    /// start-up of `smtpc explain 550` (docs/benchmarks.md).
    static func quickReading(_ arguments: [String]) -> [ExplainQuery]? {
        guard !arguments.isEmpty else { return nil }
        var queries: [ExplainQuery] = []
        for argument in arguments {
            guard !argument.hasPrefix("-"), let query = ExplainQuery(argument) else { return nil }
            queries.append(query)
        }
        return queries
    }
}
