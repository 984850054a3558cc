import Hummingbird
import HummingbirdAuth
import Synchronization

/// Who may see the pages.
public enum WebAccess: Sendable {
    /// Everyone who reaches the address sees every conversation (loopback, no classroom).
    case open
    /// A classroom: the teacher's pages under `/teacher/TOKEN/`, each student's under
    /// `/student/` behind their own account (HTTP Basic over the same accounts as AUTH).
    case classroom(token: String, verify: @Sendable (_ user: String, _ password: String) -> Bool)
}

/// Who a page is being made for, and where their pages are.
struct Audience: Sendable {
    /// The one account whose conversations they see; nil for all.
    let account: String?
    /// The path their pages start with (`""`, `/teacher/TOKEN`, `/student`).
    let base: String
    /// The teacher (classroom): sees the progress table.
    let isTeacher: Bool
    /// Accounts are shown (classroom).
    let showsAccounts: Bool

    static let everyone = Audience(account: nil, base: "", isTeacher: false, showsAccounts: false)
}

/// Why a request is refused, as the response it gets.
struct Refusal: Error {
    let response: Response
}

extension WebAccess {
    /// The teacher, when `token` is theirs (compared in constant time).
    func teacher(token: String?) throws(Refusal) -> Audience {
        guard case .classroom(let expected, _) = self, let token, Self.same(token, expected) else {
            throw Refusal(response: WebResponse.refused(.forbidden, "This is the teacher's page: it needs the URL printed at start-up."))
        }
        return Audience(account: nil, base: "/teacher/\(expected)", isTeacher: true, showsAccounts: true)
    }

    /// The student whose account the request's Basic credentials name.
    func student(_ request: Request) throws(Refusal) -> Audience {
        guard case .classroom(_, let verify) = self, let basic = request.headers.basic,
            verify(basic.username, basic.password)
        else {
            var response = WebResponse.refused(.unauthorized, "Log in with your class account (the one you use for AUTH).")
            response.headers[.wwwAuthenticate] = "Basic realm=\"smtpc classroom\", charset=\"UTF-8\""
            throw Refusal(response: response)
        }
        return Audience(account: basic.username, base: "/student", isTeacher: false, showsAccounts: false)
    }

    /// Equal strings, in a time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<min(x.count, y.count) { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
