import NIOCore
import NIOHTTP1

/// What the policy server answered: its status, its media type and the body read.
struct PolicyResponse: Sendable {
    /// Why the answer could not be had: closed early, too long, too slow.
    struct Failure: Error {
        let reason: String
    }

    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: [UInt8]

    /// The policy's text when the answer is one (RFC 8461 §3.3): 200, `text/plain`; a
    /// redirect is named as one and not followed.
    func policy(url: String) -> Result<String, PolicyFetchFailure> {
        guard status == .ok else {
            let redirect = (300..<400).contains(Int(status.code))
            let location = headers.first(name: "location").map { " to \($0)" } ?? ""
            return .failure(
                PolicyFetchFailure(
                    type: .stsPolicyFetchError,
                    message: "\(url) answered \(status.code) \(status.reasonPhrase)"
                        + (redirect ? ", a redirect\(location), which is not followed (RFC 8461 §3.3)" : "")))
        }
        let type = headers.first(name: "content-type") ?? "none"
        guard type.lowercased().split(separator: ";").first.map({ String($0).trimmingWhitespace() }) == "text/plain" else {
            return .failure(PolicyFetchFailure(type: .stsPolicyInvalid, message: "\(url) is of type \(type), not text/plain"))
        }
        return .success(String(decoding: body, as: UTF8.self))
    }
}

/// Collects one HTTP response, its body at most `limit` bytes, into ``response``.
final class PolicyResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private let limit: Int
    private let promise: EventLoopPromise<PolicyResponse>
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var done = false

    init(limit: Int, eventLoop: any EventLoop) {
        self.limit = limit
        self.promise = eventLoop.makePromise()
    }

    var response: EventLoopFuture<PolicyResponse> { promise.futureResult }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
        case .body(let buffer):
            guard body.count + buffer.readableBytes <= limit else {
                fail(PolicyResponse.Failure(reason: "longer than \(limit / 1024) KiB"), channel: context.channel)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head, !done else { return }
            done = true
            promise.succeed(PolicyResponse(status: head.status, headers: head.headers, body: body))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, channel: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(PolicyResponse.Failure(reason: "the connection closed before the whole answer"), channel: context.channel)
    }

    /// Ends the exchange with `error`, once; on the channel's event loop.
    func fail(_ error: any Error, channel: any Channel) {
        channel.eventLoop.execute { [self] in
            guard !done else { return }
            done = true
            promise.fail(error)
            channel.close(promise: nil)
        }
    }
}
