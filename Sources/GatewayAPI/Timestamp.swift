import Basics
import FoundationEssentials

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
