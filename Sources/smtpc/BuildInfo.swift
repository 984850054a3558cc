import SMTPCore

/// What `smtpc --version` prints: the version, and the git revision of a binary built from a
/// checkout by `make` (scripts/stamp-revision; `-modified` when the tree had changes).
enum BuildInfo {
    #if SMTPC_REVISION_STAMPED
        static let revision: String? = stampedRevision
    #else
        static let revision: String? = nil
    #endif

    static var versionLine: String { "smtpc \(SmtpcVersion.number)" + (revision.map { " (git \($0))" } ?? "") }
}
