import SMTPCore
import SystemIO

/// `/compose OPTIONS`: a message built as `smtpc send` builds it (the same options), shown
/// (its header, then its MIME tree with sizes), and sent as MAIL, RCPT, DATA and the
/// message's lines, typed as if by hand, so that every line that goes out is on the screen
/// (with `--bdat`, MAIL, RCPT and `/bdat` of the message's file; `--repeat N`: N times).
struct ComposeCommand {
    let loop: ConsoleLoop

    func run(_ arguments: String) {
        guard let parse = loop.configuration.compose else {
            loop.error("/compose is not available here")
            return
        }
        guard loop.machine.isConnected, let extensions = loop.machine.session.extensions else {
            loop.error("/compose needs to know what the server offers: connect and say EHLO first")
            return
        }
        var words = Self.words(arguments)
        let edit = words.contains("--edit")
        words.removeAll { $0 == "--edit" }
        var request: SendRequest
        do { request = try parse(words) } catch {
            loop.error("/compose: \(error)")
            return
        }
        if edit {
            guard loop.machine.settings.pacing == .interactive, case .build(let spec) = request.message else {
                loop.error("/compose --edit opens an editor: it needs the console on a terminal, and a message to build")
                return
            }
            do { request.message = .build(try ComposeEditing.edit(spec, environment: loop.configuration.environment)) } catch {
                loop.error("/compose --edit: \(error)")
                return
            }
        }
        let plan: SendPlan
        do {
            plan = try SendPlan.make(
                request, extensions: extensions, tlsActive: loop.machine.tls != nil,
                helloName: loop.configuration.helloName ?? HelloName.local())
        } catch {
            loop.error("/compose: \(error)")
            return
        }
        // With BDAT, /bdat streams the file once the envelope is answered: it stays until smtpc leaves.
        if request.bdat { loop.filesLeft.append(plan.message.path) }
        defer { if !request.bdat { plan.message.remove() } }
        var lines: [String] = []
        if !request.bdat {
            do { lines = ["DATA"] + (try Self.lines(of: plan.message.path)) + ["."] } catch {
                loop.error("/compose: \(plan.message.path): \(error)")
                return
            }
        }
        let style = loop.style
        var shown = [style.event("--- the message: \(plan.message.size) bytes")]
        shown += plan.message.headerLines.map { "  " + VisibleText.escape($0) }
        if !plan.message.treeLines.isEmpty {
            shown += [style.event("--- its parts")] + plan.message.treeLines.map { "  " + VisibleText.escape($0) }
        }
        loop.show(shown)
        let message = request.bdat ? ["/bdat " + plan.message.path] : lines
        let transaction = [plan.commands.mail] + plan.commands.recipients + message
        loop.typed(Array(repeatElement(transaction, count: request.repeatCount).joined()), composed: true)
    }

    /// The message file's lines, without their line ends.
    static func lines(of path: String) throws(FileReadError) -> [String] {
        var splitter = LineSplitter()
        var lines: [String] = []
        try forEachBlock(of: path) { block in
            lines += splitter.lines(in: block).map { String(decoding: $0, as: UTF8.self) }
        }
        if let last = splitter.finish() { lines.append(String(decoding: last, as: UTF8.self)) }
        return lines
    }

    /// The words of `text` as a shell would split them: spaces separate words, and quotes
    /// (double or single) and a backslash keep spaces in one (`--subject "Hello there"`).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
