extension ManualPage {
    /// EXAMPLES: a command line and what it does.
    static let examples: [(String, String)] = [
        ("smtpc", "Open the console on the built-in practice server (a tour: /help tour)."),
        ("smtpc --starttls mail.example.com 587", "Connect, EHLO, STARTTLS and EHLO again before the first prompt."),
        ("smtpc @work", "Connect with the settings of profile work."),
        ("smtpc --record session.txt mail.example.com", "Record the conversation as a transcript."),
        ("printf 'EHLO me\\nQUIT\\n' | smtpc -q mail.example.com", "Script mode: only the server's replies."),
        ("smtpc explain 550 5.7.1", "What a reply code means."),
        (
            "smtpc dkim keygen --selector s2026 --domain example.com",
            "Make a DKIM key in s2026.pem and print the TXT record to publish."
        ),
        (
            "smtpc check --dns-server 127.0.0.1 example.com",
            "Every MX and address of example.com, timed, with DANE, MTA-STS and TLS-RPT, by the validating resolver on 127.0.0.1."
        ),
    ]
}
