/// The version of smtpc: in transcript headers, and (with issue 12) `--version` and the
/// practice server's banner.
public enum SmtpcVersion {
    public static let number = "0.9.0"
}
