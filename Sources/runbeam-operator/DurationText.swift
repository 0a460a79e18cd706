/// A duration as the sandbox prints it: `30 secs`, `1 min, 30 secs`, `48 hrs`, `259 ms` (hours,
/// minutes, seconds and milliseconds, zero parts left out, to the nearest millisecond).
enum DurationText {
    static func abbreviated(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1_000 + Int64((Double(attoseconds) / 1e15).rounded())
        let parts: [(Int64, String, String)] = [
            (total / 3_600_000, "hr", "hrs"), (total / 60_000 % 60, "min", "min"), (total / 1_000 % 60, "sec", "secs"), (total % 1_000, "ms", "ms"),
        ]
        let shown = parts.filter { $0.0 != 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }
        return shown.isEmpty ? "0 ms" : shown.joined(separator: ", ")
    }
}
