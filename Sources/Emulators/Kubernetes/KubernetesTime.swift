import FoundationEssentials
import Basics

/// Time formats of the Kubernetes API.
enum KubernetesTime {
    /// RFC 3339 in UTC with whole seconds (`Time`).
    static func seconds(_ date: Date) -> String {
        format(date, fractionDigits: 0)
    }

    /// RFC 3339 in UTC with six fractional digits (`MicroTime`).
    static func micro(_ date: Date) -> String {
        format(date, fractionDigits: 6)
    }

    /// Parses RFC 3339 with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        return (try? withFraction.parse(text)) ?? (try? plain.parse(text))
    }

    private static func format(_ date: Date, fractionDigits: Int) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        var components = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        let parts = components.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        var text = String(
            cFormat: "%04d-%02d-%02dT%02d:%02d:%02d",
            parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0
        )
        if fractionDigits > 0 {
            let micros = Int(((seconds - whole) * 1_000_000).rounded(.down))
            text += String(cFormat: ".%06d", micros)
        }
        return text + "Z"
    }

    /// A human age as the server's Table printers write it (`5s`, `3m20s`, `5h30m`, `6d2h`, `10y`); a time more than
    /// a second in the future is `<invalid>`.
    static func age(since text: String, now: Date) -> String {
        guard let date = parse(text) else { return "<unknown>" }
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
