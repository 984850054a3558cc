import Hummingbird
import SMTPConsole

/// The web view's paths. Without a classroom everything is at `/`; in a classroom the
/// teacher's pages are under `/teacher/TOKEN/` and each student's under `/student/`.
enum WebRoutes {
    static func router(pages: WebPages, access: WebAccess) -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(LiveScript.path)) { _, _ in WebResponse.script(LiveScript.text) }
        switch access {
        case .open:
            add(pages, to: router.group(), base: "") { _, _ throws(Refusal) in .everyone }
        case .classroom:
            router.get("/") { _, _ in
                WebResponse.page(ClassroomLanding.html(title: pages.title), script: false)
            }
            add(pages, to: router.group("teacher/:token"), base: "/teacher/:token") { _, context throws(Refusal) in
                try access.teacher(token: context.parameters.get("token"))
            }
            add(pages, to: router.group("student"), base: "/student") { request, _ throws(Refusal) in
                try access.student(request)
            }
        }
        return router
    }

    /// The pages of one audience, each first asking `who` whom it is for.
    private static func add(
        _ pages: WebPages, to group: RouterGroup<BasicRequestContext>, base: String,
        who: @escaping @Sendable (Request, BasicRequestContext) throws(Refusal) -> Audience
    ) {
        func route(_ path: String, _ make: @escaping @Sendable (Request, BasicRequestContext, Audience) async -> Response) {
            group.get(RouterPath(path)) { request, context in
                let audience: Audience
                do throws(Refusal) {
                    audience = try who(request, context)
                } catch {
                    return error.response
                }
                return await make(request, context, audience)
            }
        }
        route("/") { _, _, audience in await pages.list(audience) }
        route("/events") { _, _, audience in pages.listEvents(audience) }
        route("/conversations/:id") { _, context, audience in await pages.conversation(context.parameters.get("id"), audience) }
        route("/conversations/:id/events") { request, context, audience in
            let from = request.uri.queryParameters.get("from").flatMap { Int($0) } ?? 0
            return await pages.events(context.parameters.get("id"), from: from, audience)
        }
        route("/conversations/:id/transcript.txt") { _, context, audience in
            await pages.transcript(context.parameters.get("id"), audience)
        }
        route("/conversations/:id/page.html") { _, context, audience in await pages.rendered(context.parameters.get("id"), audience) }
        route("/messages/:id") { _, context, audience in await pages.message(context.parameters.get("id"), audience) }
        route("/messages/:id/message.eml") { _, context, audience in await pages.messageSource(context.parameters.get("id"), audience) }
    }
}

/// The classroom's front page: where the teacher's and the students' pages are, and nothing more.
enum ClassroomLanding {
    static func html(title: String) -> String {
        let body = """
            <h1>\(HTML.escape(title))</h1>
            <p>Students: <a href="/student/">your conversations</a> (log in with your class account, the one you use for AUTH).</p>
            <p>Teacher: open the URL smtpc serve printed at start-up.</p>

            """
        return HTML.document(title: HTML.escape(title), css: TranscriptPage.webCSS, body: body)
    }
}
