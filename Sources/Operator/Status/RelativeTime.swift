import FoundationEssentials

/// "in 29d 23h", "3m ago": how far a time is from now, in its two largest units.
enum RelativeTime {
    static func describe(_ date: Date, from now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        let span = abs(seconds)
        let units = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")]
        var parts: [String] = []
        var rest = span
        for (size, suffix) in units where rest >= size || (parts.isEmpty && size == 1) {
            parts.append("\(rest / size)\(suffix)")
            rest %= size
            if parts.count == 2 { break }
        }
        let text = parts.joined(separator: " ")
        return seconds >= 0 ? "in \(text)" : "\(text) ago"
    }
}
