import SMTPClassroom
import SMTPConsole
import SMTPTranscript

/// The teacher's table: one row per student, the lesson steps each has reached (from their
/// conversations), and the hint for the first step not reached yet.
enum ProgressTable {
    /// Each student's progress, read from the database: their conversations, oldest first.
    static func progress(of students: [String], in database: ClassroomDatabase) async -> [(String, LessonProgress)] {
        var rows: [(String, LessonProgress)] = []
        for student in students {
            let conversations = (try? await database.conversations(account: student, limit: 1000)) ?? []
            var all: [[TranscriptEntry]] = []
            for conversation in conversations.reversed() {
                all.append((try? await database.entries(conversation: conversation.id)) ?? [])
            }
            rows.append((student, LessonProgress(conversations: all)))
        }
        return rows
    }

    static func html(_ rows: [(String, LessonProgress)]) -> String {
        var out = "<h2>Progress</h2>\n<table id=\"progress\">\n<thead><tr><th>student</th>"
        for step in LessonStep.allCases { out += "<th>\(HTML.escape(step.title))</th>" }
        out += "<th>next</th></tr></thead>\n<tbody>\n"
        for (student, progress) in rows {
            out += "<tr><td>\(HTML.escape(student))</td>"
            for step in LessonStep.allCases {
                out += progress.reached.contains(step) ? "<td class=\"step-yes\">✓</td>" : "<td class=\"step-no\">·</td>"
            }
            out += "<td class=\"hint\">\(HTML.escape(progress.hint ?? "every step done"))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
