/// One registered enhanced status code, `X.subject.detail`, from the IANA registry.
///
/// The registry lists every code with an `X` for its class. `classes` records which
/// classes the code is meant for, read from the defining document: its usage note
/// ("useful only as a permanent error", "for positive delivery reports" …) together with
/// the classes of its associated basic reply codes. Where neither says anything, the
/// code is listed for both failure classes, [4, 5]. X.6.10, a deprecated duplicate of
/// X.6.8, takes X.6.8's classes.
public struct EnhancedStatusInfo: Sendable, Hashable {
    public let subject: Int
    public let detail: Int
    /// The registry's short name, e.g. "Bad destination mailbox address".
    public let title: String
    /// What the code means and what to do next, in this project's own words.
    public let explanation: String
    /// Where the code is defined, e.g. `["RFC 3463 §3.2"]`.
    public let references: [String]
    /// The basic reply codes the registry associates with it (e.g. [550, 553]); may be empty.
    public let basicCodes: [Int]
    /// The classes (2, 4, 5) the code is used with, ascending.
    public let classes: [Int]

    init(
        _ subject: Int, _ detail: Int, _ title: String,
        classes: [Int], basic: [Int] = [], references: [String], _ explanation: String
    ) {
        self.subject = subject
        self.detail = detail
        self.title = title
        self.explanation = explanation
        self.references = references
        self.basicCodes = basic
        self.classes = classes
    }
}

/// The meaning of an enhanced code's first number: success, transient or permanent failure.
public struct EnhancedClassInfo: Sendable, Hashable {
    public let statusClass: Int
    public let title: String
    public let explanation: String
    public let references: [String]
}

/// The meaning of an enhanced code's second number: what kind of thing the status is about.
public struct EnhancedSubjectInfo: Sendable, Hashable {
    public let subject: Int
    public let title: String
    public let explanation: String
    public let references: [String]
}

/// Everything the built-in table knows about one concrete code such as `5.1.1`.
///
/// A code whose detail (or subject) is not registered still gets what its class and
/// subject say, so `5.1.99` reads as a permanent addressing failure.
public struct EnhancedMeaning: Sendable, Hashable {
    public let code: EnhancedStatusCode
    public let classInfo: EnhancedClassInfo?
    public let subjectInfo: EnhancedSubjectInfo?
    /// `nil` when subject.detail is not registered.
    public let info: EnhancedStatusInfo?
    /// One line, e.g. "Permanent failure: Bad destination mailbox address".
    public let summary: String
}
