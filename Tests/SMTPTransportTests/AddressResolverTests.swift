import NIOCore
import Testing

@testable import SMTPTransport

/// Numeric addresses are read without the resolver's thread pool, and give what
/// getaddrinfo gives; every other form still goes to getaddrinfo.
@Suite struct AddressResolverTests {
    @Test(arguments: ["127.0.0.1", "::1", "::ffff:127.0.0.1", "2001:db8::25", "192.0.2.7", "FE80::1"])
    func aNumericAddressIsWhatGetaddrinfoSays(_ host: String) async throws {
        let literal = try #require(AddressResolver.numericAddress(host, port: 2525))
        #expect(try AddressResolver.resolveBlocking(host: host, port: 2525) == [literal])
        #expect(try await AddressResolver.resolve(host: host, port: 2525) == [literal])
    }

    @Test(arguments: ["localhost", "mx.example.org", "127.1", "fe80::1%lo", "deadbeef", "", "1.2.3", "::1 "])
    func otherFormsGoToGetaddrinfo(_ host: String) {
        #expect(AddressResolver.numericAddress(host, port: 25) == nil)
    }
}
