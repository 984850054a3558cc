/// The built-in table of enhanced status codes: the whole IANA "SMTP Enhanced Status
/// Codes" registry (RFC 3463, RFC 5248 and later registrations).
///
/// The data lives in the `EnhancedStatusCodeTable+…` files, one per group of subjects.
public enum EnhancedStatusCodeTable {
    /// The three classes, 2, 4 and 5 (RFC 3463 §2).
    public static let classes: [EnhancedClassInfo] = classData

    /// The registered subjects, 0 to 7 (RFC 3463 §2).
    public static let subjects: [EnhancedSubjectInfo] = subjectData

    /// Every registered `X.subject.detail`, sorted by (subject, detail).
    ///
    /// The data files list them in that order, so the sort runs only when an edit broke it:
    /// the standard library's stable sort keeps its runs in an array of `Range<Int>`, and
    /// making that type cost the runtime a scan of every conformance record at the first
    /// annotated reply of every session (docs/benchmarks.md, "The runtime's first questions,
    /// fewer").
    public static let all: [EnhancedStatusInfo] = {
        let listed = otherAddressingAndMailbox + systemAndNetwork + protocolAndContent + securityAndPolicy
        let precedes = { (a: EnhancedStatusInfo, b: EnhancedStatusInfo) in (a.subject, a.detail) < (b.subject, b.detail) }
        var inOrder = true
        var index = 1
        while inOrder && index < listed.count {
            inOrder = !precedes(listed[index], listed[index - 1])
            index += 1
        }
        return inOrder ? listed : listed.sorted(by: precedes)
    }()

    /// The registered entry for `X.subject.detail`, if there is one.
    public static func info(subject: Int, detail: Int) -> EnhancedStatusInfo? {
        index[key(subject, detail)]
    }

    /// What the table says about a concrete code, down to whatever level is registered.
    public static func meaning(of code: EnhancedStatusCode) -> EnhancedMeaning {
        let classInfo = classes.first { $0.statusClass == code.statusClass }
        let subjectInfo = subjects.first { $0.subject == code.subject }
        let info = info(subject: code.subject, detail: code.detail)
        let lead = classInfo?.title ?? "Class \(code.statusClass)"
        let summary: String
        if let info {
            summary = "\(lead): \(info.title)"
        } else if let subjectInfo {
            summary = "\(lead): \(subjectInfo.title) (detail \(code.detail) is not registered)"
        } else {
            summary = "\(lead): subject \(code.subject) is not registered"
        }
        return EnhancedMeaning(
            code: code, classInfo: classInfo, subjectInfo: subjectInfo, info: info, summary: summary)
    }

    private static let index: [Int: EnhancedStatusInfo] = Dictionary(
        all.map { (key($0.subject, $0.detail), $0) }, uniquingKeysWith: { first, _ in first })

    private static func key(_ subject: Int, _ detail: Int) -> Int { subject * 1000 + detail }
}
