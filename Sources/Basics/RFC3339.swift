import FoundationEssentials

/// RFC 3339 times in UTC, as Kubernetes (`Time`, `MicroTime`) and Runbeam write them: the one formatter and parser
/// of the project.
///
/// Formatting truncates (never rounds up) to the precision asked for. Parsing accepts every form the standard
/// allows: `T`, `t` or a space between date and time, any number of fractional digits, `Z`, `z` or `±HH:MM`.
public enum RFC3339 {
    /// `2026-12-22T10:00:00Z` (fraction truncated): Kubernetes `Time`, Runbeam's dates.
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

    /// `2026-01-02T03:04:05.123456Z` (fraction truncated to microseconds): Kubernetes `MicroTime`.
    public static func microseconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        return String(RFC3339.seconds(date).dropLast()) + "." + String(cFormat: "%06d", min(micros, 999_999)) + "Z"
    }

    /// Parses `YYYY-MM-DD(T|t| )HH:MM:SS(.fraction)?(Z|z|±HH:MM)`; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7), bytes[7] == UInt8(ascii: "-"),
              let day = number(8..<10), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]),
              let hour = number(11..<13), bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16),
              bytes[16] == UInt8(ascii: ":"), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, let digit = number(index..<(index + 1)) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let offsetHours = number((index + 1)..<(index + 3)), bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetMinutes = number((index + 4)..<(index + 6)), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, min(second, 59))
        guard let base = calendar.date(from: components),
              calendar.component(.day, from: base) == day
        else { return nil }
        return base.addingTimeInterval(fraction - Double(offsetSeconds))
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

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
