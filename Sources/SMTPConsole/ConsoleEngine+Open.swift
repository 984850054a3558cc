import Dispatch
import NIOPosix
import SMTPTransport
import Synchronization

extension ConsoleEngine {
    /// Opens a connection to `target` (for `--mx`, to the best mail exchanger that answers).
    func open(
        _ target: ConnectTarget, options: ConnectOptions, onEvent: @escaping @Sendable (ConnectionEvent) -> Void
    ) async throws -> SMTPConnection {
        let group = MultiThreadedEventLoopGroup.singleton
        switch target {
        case .host(let spec):
            return try await SMTPConnection.connect(
                to: .tcp(host: spec.host, port: spec.port), options: options, group: group, onEvent: onEvent)
        case .unix(let path):
            return try await SMTPConnection.connect(to: .unix(path: path), options: options, group: group, onEvent: onEvent)
        case .mx(let domain, let port):
            return try await openMX(domain: domain, port: port, options: options, onEvent: onEvent)
        }
    }
}

/// Runs async work to completion from a thread that must block (the terminal's thread,
/// which owns the line editor and cannot be an async context).
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                let value = try await work()
                result.withLock { $0 = .success(value) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
