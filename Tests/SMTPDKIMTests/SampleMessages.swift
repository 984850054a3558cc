/// Messages to sign, each with CRLF line ends as a builder makes them, chosen for what makes
/// canonicalization hard.
enum SampleMessages {
    /// The bytes of `lines` joined with CRLF.
    static func message(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    static let headers = [
        "From: Joe SixPack <joe@football.example.com>",
        "To: Suzie Q <suzie@shopping.example.net>",
        "Subject: Is dinner ready?",
        "Date: Fri, 11 Jul 2003 21:00:37 -0700",
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
    ]

    static let plain = message(headers + ["", "Hi.", "", "We lost the game. Are you hungry yet?", "", "Joe.", ""])

    static let multipart = message(
        headers + [
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;",
            "\tboundary=\"=_smtpc_boundary_1\"",
            "",
            "This is a multi-part message in MIME format.",
            "",
            "--=_smtpc_boundary_1",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Dinner is at eight =E2=80=94 bring the game=",
            " results.",
            "",
            "--=_smtpc_boundary_1",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 7bit",
            "",
            "<p>Dinner is at <b>eight</b>.</p>",
            "",
            "--=_smtpc_boundary_1--",
            "",
        ])

    static let longFoldedHeaders = message(
        [
            "From: Joe SixPack <joe@football.example.com>",
            "To: a@example.net, b@example.net, c@example.net,",
            " d@example.net, e@example.net,",
            "\t f@example.net",
            "Subject: " + String(repeating: "a rather long subject that goes on ", count: 3),
            "   and on, folded with spaces,",
            "\tand with a tab",
            "References: " + (1...12).map { "<id\($0)@football.example.com>" }.joined(separator: "\r\n "),
            "Date: Fri, 11 Jul 2003 21:00:37 -0700",
            "",
            "Short body.",
            "",
        ])

    static let trailingBlankLines = message(headers + ["", "Text, then empty lines.", "", "", "", ""])

    static let whitespaceRuns = message(
        [
            "From:   Joe   SixPack\t<joe@football.example.com>   ",
            "To:suzie@shopping.example.net",
            "Subject:\t\tspaced   \t out  ",
            "",
            "  leading spaces, then  runs \t of\t\twhitespace   ",
            "trailing tab\t",
            " \t ",
            "last line",
            "",
        ])

    static let emptyBody = message(headers + ["", ""])

    static let headersOnly = message(headers + [""])

    static let utf8Body = message(
        headers + [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße aus Köln — 日本語のテキスト, ελληνικά.",
            "",
        ])

    /// Every sample, named for the test's messages.
    static let all: [(name: String, bytes: [UInt8])] = [
        ("plain", plain), ("multipart", multipart), ("long folded headers", longFoldedHeaders),
        ("trailing blank lines", trailingBlankLines), ("whitespace runs", whitespaceRuns),
        ("empty body", emptyBody), ("headers only", headersOnly), ("UTF-8 body", utf8Body),
    ]
}
