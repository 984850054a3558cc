import Testing

@testable import SMTPProfiles

/// The TOML 1.0 reader: every value type and the rules of the specification (toml.io/en/v1.0.0),
/// with the examples the specification gives.
@Suite struct TOMLReaderTests {
    private func read(_ text: String) throws -> TOMLTable { try TOMLReader.parse(text) }

    private func error(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLReader.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func stringsOfEveryKind() throws {
        let table = try read(
            #"""
            basic = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."
            literal = 'C:\Users\nodejs\templates'
            multi = """
            Roses are red
            Violets are blue"""
            folded = """\
                   The quick brown \
                   fox."""
            quotes = """Here are two quotation marks: "". Simple enough."""
            five = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            edge = """"This," she said, "is just a pointless statement.""""
            raw = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            emoji = "\U0001F600"
            """#)
        #expect(table["basic"] == .string("I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF."))
        #expect(table["literal"] == .string(#"C:\Users\nodejs\templates"#))
        #expect(table["multi"] == .string("Roses are red\nViolets are blue"))
        #expect(table["folded"] == .string("The quick brown fox."))
        #expect(table["quotes"] == .string("Here are two quotation marks: \"\". Simple enough."))
        #expect(table["five"] == .string("Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"."))
        #expect(table["edge"] == .string("\"This,\" she said, \"is just a pointless statement.\""))
        #expect(table["raw"] == .string("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"))
        #expect(table["emoji"] == .string("😀"))
    }

    @Test func numbersBooleansAndDates() throws {
        let table = try read(
            """
            a = +99
            b = -17
            c = 1_000
            d = 0xDEAD_BEEF
            e = 0o755
            f = 0b1101
            g = 3.1415
            h = -0.01
            i = 5e+22
            j = 6.626e-34
            k = inf
            l = true
            m = 1979-05-27T07:32:00Z
            n = 1979-05-27 07:32:00.999999-07:00
            o = 1979-05-27
            p = 07:32:00
            """)
        #expect(table["a"] == .integer(99) && table["b"] == .integer(-17) && table["c"] == .integer(1000))
        #expect(table["d"] == .integer(0xDEAD_BEEF) && table["e"] == .integer(0o755) && table["f"] == .integer(13))
        #expect(table["g"] == .float(3.1415) && table["h"] == .float(-0.01) && table["i"] == .float(5e22))
        #expect(table["j"] == .float(6.626e-34) && table["k"] == .float(.infinity) && table["l"] == .boolean(true))
        #expect(table["m"] == .datetime("1979-05-27T07:32:00Z"))
        #expect(table["n"] == .datetime("1979-05-27 07:32:00.999999-07:00"))
        #expect(table["o"] == .datetime("1979-05-27") && table["p"] == .datetime("07:32:00"))
        for bad in ["a = 01", "a = 1__0", "a = _1", "a = .5", "a = 5.", "a = +0x10", "a = 1979-13-01", "a = yes", "a = 1e"] {
            #expect(error(bad) != nil, "\(bad) is not TOML")
        }
    }

    @Test func tablesArraysAndInlineTablesKeepTheLineOfEachKey() throws {
        let table = try read(
            """
            # a comment
            title = "TOML"   # after a value

            [owner]
            name = "Tom"
            site."google.com" = true

            [servers.alpha]
            ip = "10.0.0.1"

            [[products]]
            name = "Hammer"

            [[products]]
            name = "Nail"
            sizes = [ 1, 2,
              3, # three
            ]
            point = { x = 1, y = 2 }
            """)
        #expect(table["title"] == .string("TOML"))
        #expect(table.line(of: "title") == 2 && table.line(of: "owner") == 4)
        guard case .table(let owner)? = table["owner"], case .table(let site)? = owner["site"] else {
            Issue.record("owner.site is not a table: \(table)")
            return
        }
        #expect(owner.line(of: "name") == 5 && site["google.com"] == .boolean(true))
        guard case .table(let servers)? = table["servers"], case .table(let alpha)? = servers["alpha"] else {
            Issue.record("servers.alpha is not a table")
            return
        }
        #expect(alpha["ip"] == .string("10.0.0.1") && alpha.line(of: "ip") == 9)
        guard case .array(let products)? = table["products"], products.count == 2, case .table(let nail) = products[1] else {
            Issue.record("products is not an array of two tables")
            return
        }
        #expect(nail["sizes"] == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(nail.line(of: "point") == 19)
        guard case .table(let point)? = nail["point"] else { return }
        #expect(point["x"] == .integer(1) && point["y"] == .integer(2))
    }

    @Test func definingAKeyOrATableTwiceIsAnErrorAtItsLine() {
        let cases: [(String, Int, String)] = [
            ("a = 1\na = 2", 2, "defined twice"),
            ("[a]\nb = 1\n[a]\nc = 2", 3, "defined twice"),
            ("[a]\nb.c = 1\n[a.b]", 3, "defined twice"),
            ("a = {b = 1}\n[a]", 2, "already holds a value"),
            ("a = [1]\n[[a]]", 2, "already holds a value"),
            ("[a.b]\nc = 1\n[a]\nb.d = 2", 4, "defined elsewhere"),
            ("a = {b = 1}\na.c = 2", 2, "defined elsewhere"),
        ]
        for (text, line, words) in cases {
            let found = error(text)
            #expect(found?.line == line && found?.message.contains(words) == true, "\(text.debugDescription): \(String(describing: found))")
        }
    }

    @Test func syntaxErrorsNameTheLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("a = 1\nb = \"open", 2, 10, "not closed"),
            ("a = 1 b = 2", 1, 7, "expected the end of the line"),
            ("= 1", 1, 1, "cannot start a key"),
            ("a = \"\\q\"", 1, 7, "unknown escape"),
            ("a = { b = 1,\n c = 2 }", 1, 13, "cannot start a key"),
            ("[a\nb = 1", 1, 3, "']'"),
            ("a = \"x\u{01}\"", 1, 7, "not allowed in a string"),
        ]
        for (text, line, column, words) in cases {
            let found = error(text)
            #expect(
                found?.line == line && found?.column == column && found?.message.contains(words) == true,
                "\(text.debugDescription): \(String(describing: found))")
        }
    }

    @Test func windowsLineEndsAndAByteOrderMarkAreRead() throws {
        let table = try read("\u{FEFF}a = 1\r\n[b]\r\nc = \"x\" # note\r\n")
        #expect(table["a"] == .integer(1))
        guard case .table(let b)? = table["b"] else { return }
        #expect(b["c"] == .string("x") && b.line(of: "c") == 3)
    }
}
