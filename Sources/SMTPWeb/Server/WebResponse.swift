import Hummingbird
import NIOCore
import SMTPConsole

/// The responses the web view sends, each with the same protective headers.
enum WebResponse {
    /// An HTML page.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, script: Bool = true) -> Response {
        respond(status, "text/html; charset=utf-8", ByteBuffer(string: html), policy: HTML.policy(script: script))
    }

    /// A file to save (`attachment`), with a safe name.
    static func download(_ bytes: [UInt8], type: String, name: String) -> Response {
        var response = respond(.ok, type, ByteBuffer(bytes: bytes), policy: HTML.policy(script: false))
        response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return response
    }

    /// The live script.
    static func script(_ text: String) -> Response {
        respond(.ok, "text/javascript; charset=utf-8", ByteBuffer(string: text), policy: HTML.policy(script: false))
    }

    /// A refusal or an error, as a short page.
    static func refused(_ status: HTTPResponse.Status, _ why: String) -> Response {
        let body = "<h1>\(status.code) \(HTML.escape(status.reasonPhrase))</h1>\n<p>\(HTML.escape(why))</p>\n"
        return page(HTML.document(title: "\(status.code)", css: TranscriptPage.webCSS, body: body), status: status, script: false)
    }

    /// A stream of server-sent events.
    static func events(_ body: ResponseBody) -> Response {
        var response = Response(status: .ok, headers: headers("text/event-stream; charset=utf-8", policy: HTML.policy(script: false)))
        response.body = body
        return response
    }

    private static func respond(_ status: HTTPResponse.Status, _ type: String, _ buffer: ByteBuffer, policy: String) -> Response {
        Response(status: status, headers: headers(type, policy: policy), body: ResponseBody(byteBuffer: buffer))
    }

    /// No caching (the teacher's token is in the URL), no referrer, no framing, no sniffing.
    private static func headers(_ type: String, policy: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = type
        fields[.contentSecurityPolicy] = policy + "; frame-ancestors 'none'"
        fields[.cacheControl] = "no-store"
        fields[.init("Referrer-Policy")!] = "no-referrer"
        fields[.init("X-Content-Type-Options")!] = "nosniff"
        fields[.init("X-Frame-Options")!] = "DENY"
        return fields
    }
}
