/// A duration in Go's `time.ParseDuration` syntax (`240h`, `90m`, `1h30m`, `1.5h`, `300ms`), as Kubernetes tools write them.
///
/// Units: `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`. Negative durations are rejected: nothing here waits a negative time.
public struct GoDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double
    /// The text it was parsed from, kept so that encoding round-trips.
    public var text: String

    /// A duration of `seconds`, written in whole seconds (or milliseconds).
    public init(seconds: Double) {
        self.seconds = seconds
        let milliseconds = (seconds * 1000).rounded()
        self.text = milliseconds.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(milliseconds / 1000))s" : "\(Int(milliseconds))ms"
    }

    /// Parses Go duration syntax, or throws a message naming the accepted form.
    public init(parsing text: String) throws(GoDurationError) {
        self.seconds = try Self.parse(text)
        self.text = text
    }

    public var description: String { text }

    /// `720h`, `90m` or `45s`: `seconds` in the largest whole unit.
    public static func largestWholeUnit(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole % 3600 == 0 { return "\(whole / 3600)h" }
        if whole % 60 == 0 { return "\(whole / 60)m" }
        return "\(whole)s"
    }

    public static func < (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.seconds < rhs.seconds }
    public static func == (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.seconds == rhs.seconds }
    public func hash(into hasher: inout Hasher) { hasher.combine(seconds) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    private static let units: [(String, Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
    ]

    private static func parse(_ text: String) throws(GoDurationError) -> Double {
        let invalid = GoDurationError(text: text)
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1, let value = Double(number) else { throw invalid }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.0 == unitText }) else { throw invalid }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return total
    }
}

/// A string that is not a Go duration.
public struct GoDurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rejected text.
    public var text: String
    public var description: String {
        "\"\(text)\" is not a duration; write a number with a unit (h, m, s, ms), e.g. 240h, 90m or 1h30m"
    }
}
