import FoundationEssentials
import Basics

/// A point in time written as RFC 3339 in UTC (`2026-12-22T10:00:00Z`), as Kubernetes and Runbeam write times.
///
/// Encodes with whole seconds; decodes with or without fractional seconds and with any UTC offset.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The instant.
    public var date: Date

    /// Wraps `date`.
    public init(_ date: Date) {
        self.date = date
    }

    /// Parses RFC 3339 text, or returns nil.
    public init?(rfc3339 text: String) {
        guard let date = RFC3339.parse(text) else { return nil }
        self.date = date
    }

    /// The instant as RFC 3339 with whole seconds.
    public var description: String { RFC3339.seconds(date) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.date < rhs.date }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not an RFC 3339 time such as 2026-12-22T10:00:00Z")
        }
        self.date = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// RFC 3339 formatting and parsing in UTC.
public enum RFC3339 {
    /// `2026-12-22T10:00:00Z` (fraction truncated).
    public static func seconds(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(Date.ISO8601FormatStyle())
    }

    /// `2026-12-22T10:00:00.123Z` (fraction truncated to milliseconds).
    public static func milliseconds(_ date: Date) -> String {
        // Built from the integer millisecond count: formatting a Double date can land 1 ms low, and a
        // value that does not survive parse → format would make the reconciler rewrite it.
        let (whole, fraction) = wholeMilliseconds(date).quotientAndRemainder(dividingBy: 1000)
        let (seconds, millis) = fraction < 0 ? (whole - 1, fraction + 1000) : (whole, fraction)
        return RFC3339.seconds(Date(timeIntervalSince1970: TimeInterval(seconds))).dropLast() + String(cFormat: ".%03lldZ", millis)
    }

    /// Parses RFC 3339 text with or without fractional seconds, or returns nil.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return nil
    }

    /// `date` without its fraction of a second.
    public static func truncatedToSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// `date` truncated to whole milliseconds.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(wholeMilliseconds(date)) / 1000)
    }

    /// Milliseconds since 1970, truncated, but snapping to the nearest value when the Double is within
    /// rounding error of it (a parsed `.123` may be stored as `.12299999`).
    static func wholeMilliseconds(_ date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1000
        let nearest = scaled.rounded()
        return Int64(abs(scaled - nearest) < 0.001 ? nearest : scaled.rounded(.down))
    }
}
