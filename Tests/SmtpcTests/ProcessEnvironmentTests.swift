import Foundation
import Testing

@testable import smtpc

/// The environment read from `environ` (`ConsoleOptions.processEnvironment`) against
/// Foundation's reading of it.
@Suite(.serialized) struct ProcessEnvironmentTests {
    @Test func itIsTheEnvironmentFoundationReads() {
        let read = ConsoleOptions.processEnvironment()
        #expect(read == ProcessInfo.processInfo.environment)
        #expect(read["PATH"] != nil)
    }

    @Test func aValueMayHoldEqualsSigns() throws {
        setenv("SMTPC_TEST_EQUALS", "a=b=c", 1)
        defer { unsetenv("SMTPC_TEST_EQUALS") }
        #expect(ConsoleOptions.processEnvironment()["SMTPC_TEST_EQUALS"] == "a=b=c")
    }
}
