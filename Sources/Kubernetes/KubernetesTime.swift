import FoundationEssentials
import Basics

/// Kubernetes timestamps: `Time` (RFC 3339, whole seconds) and `MicroTime` (six fractional digits), UTC.
public enum KubernetesTime {
    /// Formats `date` as a `Time` (`2026-01-02T03:04:05Z`).
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Formats `date` as a `MicroTime` (`2026-01-02T03:04:05.123456Z`).
    public static func formatMicro(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        let base = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        return String(base.dropLast()) + "." + String(cFormat: "%06d", min(micros, 999_999)) + "Z"
    }

    /// Parses an RFC 3339 time with or without fractional seconds; nil when it is not one.
    public static func parse(_ text: String) -> Date? {
        var whole = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let rest = text[text.index(after: dot)...]
            let digits = rest.prefix { $0.isNumber }
            fraction = Double("0." + digits) ?? 0
            whole = String(text[..<dot]) + String(rest.dropFirst(digits.count))
        }
        guard let date = try? Date.ISO8601FormatStyle().parse(whole) else { return nil }
        return date.addingTimeInterval(fraction)
    }
}
