import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A fault-injection SMTP server on loopback: it does exactly what its script says.
///
/// It listens on port 0 (the kernel picks a free one), sends the greeting steps on
/// connect, and for every line received runs the steps the script returns for it —
/// bytes in separate TCP writes, pauses, a switch to TLS, a close. Every line it
/// received is recorded, so tests can assert what reached the server.
final class ScriptedServer: Sendable {
    /// One thing the server does.
    enum Step: Sendable {
        /// Write these bytes and flush them (one TCP write).
        case send(String)
        /// Write raw bytes and flush them.
        case sendBytes([UInt8])
        /// Wait before the next step, so that writes arrive in separate reads.
        case pause(milliseconds: Int64)
        /// Start TLS as a server (after STARTTLS's 220) with this context.
        case startTLS(NIOSSLContext)
        /// Close the connection.
        case close
    }

    /// What the server does on connect and for each received line (without its CRLF).
    struct Script: Sendable {
        var greeting: [Step]
        var reply: @Sendable (String) -> [Step]

        init(greeting: [Step], reply: @escaping @Sendable (String) -> [Step] = { _ in [.send("250 OK\r\n")] }) {
            self.greeting = greeting
            self.reply = reply
        }
    }

    let port: Int
    private let channel: any Channel
    private let receivedLines: NIOLockedValueBox<[String]>

    /// Every line received so far, across connections.
    var received: [String] { receivedLines.withLockedValue { $0 } }
    private let caughtErrors = NIOLockedValueBox<[String]>([])
    /// The errors the connections' pipelines reported (a TLS alert from the client, say).
    var errors: [String] { caughtErrors.withLockedValue { $0 } }

    /// Starts a server on `host` (127.0.0.1 or ::1) with `script`, optionally speaking TLS from the first byte.
    convenience init(host: String = "127.0.0.1", script: Script, implicitTLS: NIOSSLContext? = nil) async throws {
        try await self.init(script: script, implicitTLS: implicitTLS) { try await $0.bind(host: host, port: 0).get() }
    }

    /// Starts a server listening on the unix-domain socket `path` (replacing a stale socket file).
    convenience init(unixPath path: String, script: Script) async throws {
        try await self.init(script: script, implicitTLS: nil) {
            try await $0.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        }
    }

    private init(
        script: Script, implicitTLS: NIOSSLContext?, bind: (ServerBootstrap) async throws -> any Channel
    ) async throws {
        let lines = NIOLockedValueBox<[String]>([])
        self.receivedLines = lines
        let errors = caughtErrors
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: implicitTLS))
                    }
                    try child.pipeline.syncOperations.addHandler(ScriptRunner(script: script, lines: lines, errors: errors))
                }
            }
        channel = try await bind(bootstrap)
        port = channel.localAddress?.port ?? 0
    }

    /// Stops listening (open connections are closed by their scripts or by the client).
    func stop() async {
        try? await channel.close().get()
    }
}

/// Runs a script on one accepted connection.
private final class ScriptRunner: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: ScriptedServer.Script
    private let lines: NIOLockedValueBox<[String]>
    private let errors: NIOLockedValueBox<[String]>
    private var buffer: [UInt8] = []
    /// Steps waiting for an earlier pause to end.
    private var queue: [ScriptedServer.Step] = []
    private var running = false

    init(script: ScriptedServer.Script, lines: NIOLockedValueBox<[String]>, errors: NIOLockedValueBox<[String]>) {
        self.script = script
        self.lines = lines
        self.errors = errors
    }

    func channelActive(context: ChannelHandlerContext) {
        run(script.greeting, context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        buffer.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        while let lf = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<lf])
            buffer.removeFirst(lf + 1)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            lines.withLockedValue { $0.append(text) }
            run(script.reply(text), context: context)
        }
    }

    private func run(_ steps: [ScriptedServer.Step], context: ChannelHandlerContext) {
        queue.append(contentsOf: steps)
        guard !running else { return }
        running = true
        while !queue.isEmpty {
            let step = queue.removeFirst()
            switch step {
            case .send(let text):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
            case .sendBytes(let bytes):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            case .pause(let milliseconds):
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(milliseconds)) {
                    self.running = false
                    self.run([], context: context)
                }
                return
            case .startTLS(let tlsContext):
                try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
            case .close:
                queue.removeAll()
                context.close(promise: nil)
            }
        }
        running = false
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        errors.withLockedValue { $0.append("\(error)") }
        context.close(promise: nil)
    }
}
