import Foundation

/// An HTTP GET by curl (Debian's), for tests of the web view: status, headers, body.
public enum HTTP {
    public struct Response: Sendable {
        public let status: Int
        /// The header section, field names in lower case.
        public let headers: String
        public let body: String
    }

    public static func get(_ url: String, user: String? = nil, timeout: Int = 10) throws -> Response {
        var arguments = ["-s", "-i", "--max-time", String(timeout)]
        if let user { arguments += ["-u", user] }
        let run = try Binary.run(executable: "/usr/bin/curl", arguments + [url], timeout: TimeInterval(timeout + 5))
        let text = run.stdout
        guard let split = text.range(of: "\r\n\r\n") else { return Response(status: 0, headers: "", body: text) }
        let head = String(text[..<split.lowerBound])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let fields = head.split(separator: "\r\n").dropFirst().map { line -> String in
            guard let colon = line.firstIndex(of: ":") else { return String(line) }
            return line[..<colon].lowercased() + line[colon...]
        }
        return Response(status: status, headers: fields.joined(separator: "\n"), body: String(text[split.upperBound...]))
    }
}

/// Python's smtplib as the SMTP client: a real, independent client.
public enum Python {
    /// One message sent with EHLO `ehlo`; AUTH when `login` is given (after STARTTLS).
    public static func smtp(
        port: Int, ehlo: String, from: String, to: [String], message: String, login: (String, String)? = nil, count: Int = 1
    ) throws -> Binary.Result {
        let program = """
            import smtplib, ssl, sys, json
            a = json.loads(sys.argv[1])
            s = smtplib.SMTP("127.0.0.1", a["port"], local_hostname=a["ehlo"])
            if a["login"]:
                s.starttls(context=ssl._create_unverified_context())
                s.ehlo(a["ehlo"])
                s.login(a["login"][0], a["login"][1])
            for _ in range(a["count"]):
                s.sendmail(a["from"], a["to"], a["message"].encode())
            s.quit()
            """
        let arguments: [String: Any] = [
            "port": port, "ehlo": ehlo, "from": from, "to": to, "message": message, "count": count,
            "login": login.map { [$0.0, $0.1] } ?? NSNull(),
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        return try Binary.run(executable: "/usr/bin/python3", ["-c", program, json])
    }

    /// Two connections logged in as `user` at once: what the second login got.
    public static func holdAndLogin(port: Int, user: String, password: String) throws -> String {
        let program = """
            import base64, smtplib, ssl, sys
            def login():
                s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
                s.starttls(context=ssl._create_unverified_context())
                s.ehlo("twice")
                s.login(sys.argv[2], sys.argv[3])
                return s
            first = login()
            second = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
            second.starttls(context=ssl._create_unverified_context())
            second.ehlo("twice")
            plain = base64.b64encode(("\\0" + sys.argv[2] + "\\0" + sys.argv[3]).encode()).decode()
            print(second.docmd("AUTH", "PLAIN " + plain))
            first.quit()
            """
        let run = try Binary.run(executable: "/usr/bin/python3", ["-c", program, String(port), user, password])
        return run.stdout + run.stderr
    }
}
