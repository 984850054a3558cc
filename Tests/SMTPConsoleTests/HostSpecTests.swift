import Testing

@testable import SMTPConsole

@Suite struct HostSpecTests {
    @Test func plainHostTakesDefaultPort() throws {
        let spec = try HostSpec("mail.example.com", defaultPort: 25)
        #expect(spec == HostSpec(host: "mail.example.com", port: 25))
    }

    @Test func separatePortArgument() throws {
        #expect(try HostSpec("mail.example.com", port: "587", defaultPort: 25).port == 587)
    }

    @Test func hostColonPort() throws {
        #expect(try HostSpec("127.0.0.1:2525", defaultPort: 25) == HostSpec(host: "127.0.0.1", port: 2525))
    }

    @Test func bracketedIPv6WithPort() throws {
        #expect(try HostSpec("[::1]:2525", defaultPort: 25) == HostSpec(host: "::1", port: 2525))
        #expect(try HostSpec("[::1]", defaultPort: 465) == HostSpec(host: "::1", port: 465))
    }

    @Test func bareIPv6IsAnAddressNotAPort() throws {
        #expect(try HostSpec("::1", defaultPort: 25) == HostSpec(host: "::1", port: 25))
        #expect(try HostSpec("fe80::1", port: "26", defaultPort: 25) == HostSpec(host: "fe80::1", port: 26))
    }

    @Test func descriptionBracketsIPv6() throws {
        #expect(HostSpec(host: "::1", port: 25).description == "[::1]:25")
        #expect(HostSpec(host: "a.example", port: 25).description == "a.example:25")
    }

    @Test(arguments: ["mail:0", "mail:70000", "mail:x", "mail:", "[::1", "[::1]x", "", ":25"])
    func badArgumentsAreErrors(_ argument: String) {
        #expect(throws: HostSpecError.self) { try HostSpec(argument, defaultPort: 25) }
    }

    @Test func portGivenTwiceIsAnError() {
        #expect(throws: HostSpecError.self) { try HostSpec("mail:25", port: "26", defaultPort: 25) }
    }
}
