import NIOCore
import NIOPosix

/// A small stub resolver: one question to one server over UDP, TCP when the answer is truncated.
///
/// Each query gets a random transaction ID; an answer counts only when its ID, QR bit,
/// opcode and question all match (RFC 5452 §9.1), so stray or forged datagrams are
/// ignored. A UDP query that gets no answer in `timeout` is sent once more with a new
/// ID from a new port; then the lookup gives up.
struct DNSClient: Sendable {
    let server: DNSServer
    /// How long to wait for each answer (per try, and for the TCP exchange).
    let timeout: Duration
    let group: any EventLoopGroup

    /// How many times a UDP query is sent before giving up: once, then one retry.
    static let udpTries = 2

    /// Asks for the `type` records of `name` and returns the matching response, whatever its response code.
    func query(_ name: DNSName, type: DNSRecordType, mode: DNSQueryMode = .plain) async throws(MXError) -> DNSResponse {
        let question = DNSQuestion(name: name, type: type.rawValue, recordClass: dnsClassIN)
        let asked = "\(name) \(type)"
        for _ in 1...Self.udpTries {
            let id = UInt16.random(in: .min ... .max)
            let query = DNSQueryEncoder.query(id: id, name: name, type: type, mode: mode)
            let bytes: [UInt8]
            do {
                bytes = try await DNSTransport.exchangeUDP(
                    query: query, server: server.socketAddress, timeout: timeout.timeAmount, group: group
                ) { Self.isAnswer($0, id: id, question: question) }
            } catch {
                guard case .failed(let reason) = error else { continue }  // timed out: try again
                throw failure(.serverFailure, "cannot ask DNS server \(server) for \(asked): \(reason)", name)
            }
            let response = try parse(bytes, asked: asked, name: name)
            guard response.isTruncated else { return response }
            return try await queryOverTCP(query, id: id, question: question, asked: asked)
        }
        throw failure(
            .timedOut, "no answer from DNS server \(server) for \(asked) (\(Self.udpTries) tries, \(timeout) each)", name)
    }

    /// Asks with DNSSEC and says how far the resolver vouches for the answer.
    ///
    /// The AD bit of a validating resolver makes the answer `secure`; without it the
    /// answer is `insecure`. A SERVFAIL is asked again with CD set: when the data then
    /// comes, validation failed and the answer is `bogus` (RFC 4035 §3.2.2); when it
    /// does not, the server failed and the first response is returned as it is.
    func validatedQuery(_ name: DNSName, type: DNSRecordType) async throws(MXError) -> (DNSResponse, DNSSECStatus) {
        let response = try await query(name, type: type, mode: .dnssec(checkingDisabled: false))
        guard response.responseCode == .serverFailure else {
            return (response, response.isAuthenticData ? .secure : .insecure)
        }
        let unchecked = try await query(name, type: type, mode: .dnssec(checkingDisabled: true))
        guard unchecked.responseCode == .noError || unchecked.responseCode == .nameError else {
            return (response, .insecure)
        }
        return (unchecked, .bogus)
    }

    /// Repeats a query over TCP after a truncated UDP answer (RFC 7766 §5).
    private func queryOverTCP(
        _ query: [UInt8], id: UInt16, question: DNSQuestion, asked: String
    ) async throws(MXError) -> DNSResponse {
        let bytes: [UInt8]
        do {
            bytes = try await DNSTransport.exchangeTCP(
                query: query, server: server.socketAddress, timeout: timeout.timeAmount, group: group)
        } catch {
            switch error {
            case .timedOut:
                throw failure(
                    .timedOut, "DNS server \(server) truncated its answer for \(asked) and gave none over TCP within \(timeout)",
                    question.name)
            case .failed(let reason):
                throw failure(
                    .serverFailure, "DNS server \(server) truncated its answer for \(asked), and TCP failed: \(reason)",
                    question.name)
            }
        }
        let response = try parse(bytes, asked: asked, name: question.name)
        guard Self.matches(response, id: id, question: question), !response.isTruncated else {
            throw failure(
                .malformedAnswer, "DNS server \(server) answered \(asked) over TCP with another question or a truncated answer",
                question.name)
        }
        return response
    }

    /// Whether a datagram is the answer to our query: same ID, and either it matches or it is ours but unreadable.
    ///
    /// An unreadable datagram with our ID is taken so that the lookup reports it as
    /// malformed rather than waiting for a timeout that would hide the real fault.
    static func isAnswer(_ bytes: [UInt8], id: UInt16, question: DNSQuestion) -> Bool {
        guard bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return false }
        guard let response = try? DNSMessageParser.parse(bytes) else { return true }
        return matches(response, id: id, question: question)
    }

    /// Whether `response` answers our query: ID, QR set, standard query, and exactly our question.
    static func matches(_ response: DNSResponse, id: UInt16, question: DNSQuestion) -> Bool {
        response.id == id && response.isResponse && response.opcode == 0 && response.questions == [question]
    }

    private func parse(_ bytes: [UInt8], asked: String, name: DNSName) throws(MXError) -> DNSResponse {
        do {
            return try DNSMessageParser.parse(bytes)
        } catch {
            throw failure(.malformedAnswer, "unreadable answer from DNS server \(server) for \(asked): \(error.reason)", name)
        }
    }

    private func failure(_ kind: MXError.Kind, _ message: String, _ name: DNSName) -> MXError {
        MXError(kind: kind, domain: name.description, message: message)
    }
}
