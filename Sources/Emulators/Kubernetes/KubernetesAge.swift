import Basics
import FoundationEssentials

/// Ages as the API server's Table printers write them. Times themselves are formatted and parsed by `RFC3339`.
enum KubernetesAge {
    /// A human age as the server's Table printers write it (`5s`, `3m20s`, `5h30m`, `6d2h`, `10y`); a time more than
    /// a second in the future is `<invalid>`.
    static func since(_ text: String, now: Date) -> String {
        guard let date = RFC3339.parse(text) else { return "<unknown>" }
        let seconds = Int(now.timeIntervalSince(date).rounded(.towardZero))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
