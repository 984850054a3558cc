/// HTML text: the five characters that could start markup or end an attribute, escaped.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page: the head (a content security policy that forbids scripts and remote
    /// content, inline CSS) around `body`, which is HTML already escaped. With `script` (a
    /// same-origin path) the policy lets that one script run and connect back to its origin,
    /// and nothing else: the web view's live updates.
    public static func document(title: String, css: String, body: String, script: String? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(policy(script: script != nil))">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>\(css)</style>
        \(script.map { "<script src=\"\(escape($0))\" defer></script>\n" } ?? "")</head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// The content security policy of a page: nothing but inline style, and with `script`
    /// the page's own script and its connections to the same origin.
    public static func policy(script: Bool) -> String {
        script
            ? "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; "
                + "base-uri 'none'; form-action 'self'"
            : "default-src 'none'; style-src 'unsafe-inline'"
    }
}
