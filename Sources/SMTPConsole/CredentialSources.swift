import LineEditor

/// `/auth` on a terminal: the user name is typed visibly, the password without echo.
struct TerminalCredentials: CredentialSource {
    let editor: LineEditor

    func readLine(prompt: String) -> String? {
        if case .line(let text) = editor.readLine(prompt: prompt) { return text }
        return nil
    }

    func readSecret(prompt: String) -> String? {
        if case .line(let text) = editor.readSecret(prompt: prompt) { return text }
        return nil
    }

    func confirm(_ question: String) -> Bool {
        guard let answer = readLine(prompt: question) else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: " ").lowercased())
    }
}

/// `/auth` in script mode: nothing can be asked, so credentials come from `--user`,
/// `--password-file`/`SMTPC_PASSWORD` or `--token-file`/`SMTPC_TOKEN`, and sending a
/// password without TLS needs `--auth-without-tls`.
struct ScriptCredentials: CredentialSource {
    let allowWithoutTLS: Bool
    /// Shows one of smtpc's errors.
    let report: (String) -> Void

    func readLine(prompt: String) -> String? {
        report("/auth in a script needs the user: /auth MECH USER, or --user")
        return nil
    }

    func readSecret(prompt: String) -> String? {
        report(
            "/auth in a script reads the password from --password-file or SMTPC_PASSWORD (the token from --token-file or SMTPC_TOKEN)"
        )
        return nil
    }

    func confirm(_ question: String) -> Bool {
        if !allowWithoutTLS {
            report("refusing to send credentials without TLS in a script; STARTTLS first, or --auth-without-tls")
        }
        return allowWithoutTLS
    }
}
