import ArgumentParser
import SMTPConsole
import SMTPServer
import SMTPWeb

/// `smtpc serve --web`: the web view beside the practice server.
extension ServeCommand {
    /// Where the web view listens when `--web` is given without an address.
    static let defaultWebAddress = "127.0.0.1:8025"

    /// `--web` may come without its address (`smtpc serve --web`, `--web --maildir m`): the
    /// default is put in, so that the parser, which wants a value, reads it.
    static func withWebDefault(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for (index, argument) in arguments.enumerated() {
            out.append(argument)
            let next = arguments.indices.contains(index + 1) ? arguments[index + 1] : nil
            if argument == "--web", next == nil || next?.hasPrefix("-") == true { out.append(defaultWebAddress) }
        }
        return out
    }

    /// The web view's host and port, checked as `--listen`'s are; a classroom has one even
    /// without `--web`.
    func webAddress() throws -> (host: String, port: Int)? {
        guard let web = web ?? classroom.map({ _ in Self.defaultWebAddress }) else { return nil }
        do {
            return try PracticeServerConfiguration.address(web, host: "127.0.0.1", port: 8025, allowNetwork: allowNetwork)
        } catch {
            throw ValidationError("--web: \(error)")
        }
    }

    /// Starts the web server on the practice server's event loops; 70 when it cannot listen.
    func startWeb(hub: LiveHub, server: RunningPracticeServer, classroom: Classroom?) async throws -> RunningWebServer {
        var configuration = WebServer.Configuration()
        if let (host, port) = try webAddress() {
            configuration.host = host
            configuration.port = port
        }
        if let classroom {
            configuration.access = classroom.access
            configuration.progress = classroom.progress
            configuration.title = classroom.list.name ?? "smtpc classroom"
        }
        do {
            return try await WebServer.start(configuration, hub: hub, store: server.store, archive: classroom?.archive)
        } catch {
            StandardError.write("smtpc serve: cannot start the web view: \(error)")
            await server.stop()
            await classroom?.close()
            throw ExitStatus.software
        }
    }

    /// The banner's lines about the web view.
    static func webBanner(_ web: RunningWebServer, classroom: Classroom?) -> [String] {
        let reach = PracticeServerConfiguration.isLoopback(web.host) ? "loopback only" : "on the network"
        guard let classroom else {
            return ["  web view       \(web.url)/   every conversation live, as smtpc render draws it (\(reach))"]
        }
        return ClassroomBanner.lines(classroom, web: web)
    }
}
