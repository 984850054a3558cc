import SMTPClassroom
import Testing

@Test func stepsAreListed() {
    #expect(LessonStep.allCases.first == .greeted)
}
