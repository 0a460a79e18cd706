import Foundation

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
        let whole = floor(seconds)
        var components = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        let parts = components.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d",
            parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0
        )
        if fractionDigits > 0 {
            let micros = Int(((seconds - whole) * 1_000_000).rounded(.down))
            text += String(format: ".%06d", micros)
        }
        return text + "Z"
    }

    /// A human age (`5s`, `3m`, `2h`, `4d`) as kubectl prints it.
    static func age(since text: String, now: Date) -> String {
        guard let date = parse(text) else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 172_800 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }
}
