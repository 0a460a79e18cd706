import FoundationEssentials
import Basics

/// Parses a `Retry-After` header: delay seconds, or an HTTP date relative to `now`.
package enum RetryAfter {
    package static func parse(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        guard let date = HTTPDate.parse(value) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up))))
    }
}
