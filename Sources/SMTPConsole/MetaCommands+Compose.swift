extension MetaCommands {
    /// `/compose`: a built message sent as if typed (``ComposeCommand``).
    static let compose = MetaCommand(
        name: "compose", usage: "/compose [--edit] --from ADDR --to ADDR [OPTIONS]",
        summary: "build a message as smtpc send does (MIME, DKIM, DSN) and send it line by line",
        details:
            "Takes smtpc send's options (--subject, --body, --html, --attach, --inline, --header, --dkim, --notify, "
            + "--smtputf8, --requiretls …; quote words with spaces). Shows the message's header and its MIME tree "
            + "with sizes, then sends MAIL FROM, RCPT TO, DATA and every line of the message as if typed, so each "
            + "line that goes out is on the screen. Parameters the server did not advertise are refused before MAIL. "
            + "--edit first opens $VISUAL or $EDITOR (vi) on the Subject, the header fields and the text.",
        run: { context, args in
            ComposeCommand(loop: context.loop).run(args)
            return .proceed
        })
}
