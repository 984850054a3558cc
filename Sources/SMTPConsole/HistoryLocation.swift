/// Where the history file lives by default: `$XDG_STATE_HOME/smtpc/history`, falling
/// back to `~/.local/state/smtpc/history` (XDG Base Directory specification).
public enum HistoryLocation {
    /// The default path, or nil when neither `XDG_STATE_HOME` nor `HOME` is set.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/smtpc/history"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/smtpc/history"
    }
}
