import Foundation
import TestSupport
import Testing

@testable import SMTPClassroom

/// The class file: what it holds, and refusals that name the file and the line.
@Suite struct ClassListTests {
    static let example = """
        name = "SMTP lab, week 3"
        [limits]
        connections = 3
        bytes = 8_388_608
        [[student]]
        name = "alice"
        password = "wonderland-42"
        [[student]]
        name = "bob"
        """

    @Test func theExampleIsRead() throws {
        let list = try ClassList.parse(Self.example, path: "class.toml")
        #expect(list.name == "SMTP lab, week 3")
        #expect(list.accounts == [ClassAccount(name: "alice", password: "wonderland-42"), ClassAccount(name: "bob")])
        #expect(list.limits.connections == 3)
        #expect(list.limits.bytes == 8_388_608)
        #expect(list.limits.messages == ClassroomLimits().messages)
    }

    @Test func aFileIsReadFromDisk() throws {
        let directory = try makeTemporaryDirectory(prefix: "classlist")
        let path = directory.appendingPathComponent("class.toml").path
        try Self.example.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ClassList.read(path: path).accounts.count == 2)
        #expect(throws: ClassListError.self) { try ClassList.read(path: directory.appendingPathComponent("none.toml").path) }
    }

    @Test(
        arguments: [
            ("[[student]]\nname = \"a\"\ncolour = \"red\"\n", 3, "unknown key \"colour\""),
            ("teacher = \"x\"\n[[student]]\nname = \"a\"\n", 1, "unknown key \"teacher\""),
            ("[limits]\nsessions = 3\n[[student]]\nname = \"a\"\n", 2, "unknown limit \"sessions\""),
            ("[limits]\nmessages = 0\n[[student]]\nname = \"a\"\n", 2, "positive integer"),
            ("[limits]\nbytes = \"lots\"\n[[student]]\nname = \"a\"\n", 2, "positive integer"),
            ("[[student]]\nname = \"alice\"\n[[student]]\nname = \"Alice\"\n", 4, "already used by the student on line 2"),
            ("[[student]]\nname = \"al ice\"\n", 2, "must be 1 to 64 of"),
            ("[[student]]\nname = \"<script>\"\n", 2, "must be 1 to 64 of"),
            ("[[student]]\npassword = \"x\"\n", 2, "has no name"),
            ("[[student]]\nname = \"a\"\npassword = \"\"\n", 3, "password is empty"),
            ("[[student]]\nname = \"a\"\npassword = \"\(String(repeating: "x", count: 73))\"\n", 3, "longer than 72 bytes"),
            ("name = \"empty class\"\n", nil, "has no students"),
            ("[[student]]\nname = \"a\"\nname = \"b\"\n", 3, "column"),
        ] as [(String, Int?, String)])
    func refusalsNameTheLine(text: String, line: Int?, words: String) {
        #expect {
            try ClassList.parse(text, path: "class.toml")
        } throws: { error in
            guard let error = error as? ClassListError else { return false }
            return error.line == line && error.description.contains(words) && error.description.hasPrefix("class.toml")
        }
    }

    @Test func namesAreASafeCharset() {
        #expect(ClassList.isValidName("alice.b-2_c"))
        #expect(ClassList.isValidName(String(repeating: "a", count: 64)))
        #expect(!ClassList.isValidName(String(repeating: "a", count: 65)))
        #expect(!ClassList.isValidName(""))
        #expect(!ClassList.isValidName("ålice"))
        #expect(!ClassList.isValidName("a/b"))
    }
}
