import ArgumentParser
import Glibc
import SMTPConsole
import SMTPCore
import SMTPMessage
import SystemIO

extension SendArguments {
    /// `/compose`'s words read as these options; the error's description is what to show.
    @Sendable static func compose(_ words: [String]) throws -> SendRequest {
        do {
            return try parse(words).request(quiet: false)
        } catch let status as ExitStatus {
            throw ComposeError(description: "cannot go on (status \(status.rawValue))")
        } catch {
            throw ComposeError(description: message(for: error))
        }
    }

    /// The request the options describe; `quiet` (`--quiet`): only the result is shown.
    /// A file that cannot be read ends smtpc with its name and the reason (status 66).
    func request(quiet: Bool) throws -> SendRequest {
        let sender = try mailbox(from, option: "--from")
        let toBoxes = try to.map { try mailbox($0, option: "--to") }
        let ccBoxes = try cc.map { try mailbox($0, option: "--cc") }
        let bccBoxes = try bcc.map { try mailbox($0, option: "--bcc") }
        let notifyValue = try notify.map { text in try parse("--notify") { () throws(DSNError) in try DSNNotify(parsing: text) } }
        let recipients = try (toBoxes + ccBoxes + bccBoxes).map { box in
            MailEnvelope.Recipient(
                box.address, notify: notifyValue,
                originalRecipient: orcpt
                    ? try parse("--orcpt") { () throws(DSNError) in try OriginalRecipient(parsing: box.address) } : nil)
        }
        var envelope = MailEnvelope(sender: sender.address, recipients: recipients, smtpUTF8: smtputf8, requireTLS: requiretls)
        envelope.ret = try ret.map { text in try parse("--ret") { () throws(DSNError) in try DSNReturn(parsing: text) } }
        envelope.envelopeID = try envid.map { text in try parse("--envid") { () throws(DSNError) in try EnvelopeID(text) } }
        let source: SendRequest.Message
        if let message {
            try Self.checkFile(Self.path(of: message))
            source = .file(Self.path(of: message))
        } else {
            var spec = MessageSpec(
                from: sender, to: toBoxes, cc: ccBoxes, subject: subject, headers: headers, messageIDDomain: "")
            spec.text = try body.map(Self.text)
            spec.html = try html.map { String(decoding: try Self.contents(of: Self.path(of: $0)), as: UTF8.self) }
            spec.attachments = try attach.map(Self.attachment)
            spec.inlineImages = try inline.map { path in
                try Self.checkFile(path)
                let name = Self.baseName(path)
                return MessageSpec.InlineImage(.file(path), fileName: name, contentID: name)
            }
            source = .build(spec)
        }
        return SendRequest(
            envelope: envelope, message: source, dkim: try dkimRequest(), repeatCount: repeatCount, bdat: bdat,
            report: json ? .json : quiet ? .quiet : .conversation)
    }

    /// `--dkim DOMAIN:SELECTOR:KEYFILE` (the key file may hold colons).
    private func dkimRequest() throws -> SendRequest.DKIM? {
        guard let dkim else { return nil }
        let parts = dkim.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--dkim \(dkim): give DOMAIN:SELECTOR:KEYFILE")
        }
        let names = dkimHeaders.map { $0.split(separator: ":").map { $0.trimmingWhitespace() } }
        return SendRequest.DKIM(domain: parts[0], selector: parts[1], keyFile: parts[2], headers: names)
    }

    private func mailbox(_ text: String, option: String) throws -> Mailbox {
        do { return try Mailbox(parsing: text) } catch { throw ValidationError("\(option) \(text): \(error)") }
    }

    private func parse<T>(_ option: String, _ body: () throws(DSNError) -> T) throws -> T {
        do { return try body() } catch { throw ValidationError("\(option): \(error)") }
    }

    // MARK: Files

    /// `@FILE` or `FILE`: the path.
    static func path(of argument: String) -> String {
        argument.hasPrefix("@") ? String(argument.dropFirst()) : argument
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `--body`: the text itself, `@FILE`, or `-` for standard input.
    static func text(_ argument: String) throws -> String {
        if argument == "-" { return String(decoding: try contents(of: "/dev/stdin", shown: "standard input"), as: UTF8.self) }
        if argument.hasPrefix("@") { return String(decoding: try contents(of: path(of: argument)), as: UTF8.self) }
        return argument
    }

    /// `--attach FILE[;type=TYPE][;name=NAME]`.
    static func attachment(_ argument: String) throws -> MessageSpec.Attachment {
        var pieces = argument.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let path = path(of: pieces.removeFirst())
        var type: String?
        var name = baseName(path)
        for piece in pieces {
            if piece.hasPrefix("type=") {
                type = String(piece.dropFirst(5))
            } else if piece.hasPrefix("name=") {
                name = String(piece.dropFirst(5))
            } else {
                throw ValidationError("--attach \(argument): after the file, give ;type=TYPE or ;name=NAME")
            }
        }
        try checkFile(path)
        return MessageSpec.Attachment(.file(path), mediaType: type, fileName: name)
    }

    /// Checks that the file at `path` can be read (before connecting: the attachments are read
    /// as they go out); one that cannot ends smtpc (status 66).
    static func checkFile(_ path: String) throws {
        do { try checkReadable(path) } catch {
            StandardError.write("smtpc send: \(path): \(error)")
            throw ExitStatus.noInput
        }
    }

    /// The bytes of the file at `path`; one that cannot be read ends smtpc (status 66).
    static func contents(of path: String, shown: String? = nil) throws -> [UInt8] {
        do {
            return try readFile(path)
        } catch {
            StandardError.write("smtpc send: \(shown ?? path): \(error)")
            throw ExitStatus.noInput
        }
    }
}

/// Why `/compose`'s words were refused.
struct ComposeError: Error, CustomStringConvertible {
    let description: String
}
