/// The steps of the practice lesson a student goes through, in order (issue 27).
public enum LessonStep: String, Sendable, CaseIterable {
    case greeted
}
