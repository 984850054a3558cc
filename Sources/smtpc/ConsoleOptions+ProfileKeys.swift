import SMTPProfiles

/// The profile keys that set an option of the same meaning (`cafile = "…"` as `--cafile`):
/// those the table marks (`ConsoleOption.profileKey`).
extension ConsoleOptions {
    /// The keys a profile holds that are no option's: where to connect, how (`tls` sets
    /// `--tls` or `--starttls`), and how to authenticate. With the table's profile keys,
    /// they are `Profile.keys` (`OptionTableTests`).
    static let profileOnlyKeys = ["host", "port", "tls", "unix", "auth", "password_command"]

    /// Each option the table marks with a profile key, set from `profile` when the command
    /// line left it out (nothing, or off). By reflection, over both values: it runs only
    /// when a profile is named.
    mutating func applyProfileKeys(of profile: Profile) {
        let given = Mirror(reflecting: self).children
        let saved = Mirror(reflecting: profile).children
        for entry in Self.table {
            guard let key = entry.profileKey, let value = saved.first(where: { $0.label == key })?.value,
                let current = given.first(where: { $0.label == entry.key })?.value
            else { continue }
            switch entry.kind {
            case .flag(let set):
                let on = (value as? Bool?) ?? nil
                if current as? Bool == false, on == true { set(&self, true) }
            case .text(let set, defaultValue: nil):
                let text = (value as? String?) ?? nil
                if let current = current as? String?, current == nil, let text { set(&self, text) }
            default:
                preconditionFailure("the profile key \(key) sets --\(entry.key), which is not a flag or a value without default")
            }
        }
    }
}
