import FoundationEssentials

/// How Foundation types are written in YAML, as Kubernetes does: `Data` as base64, `Date` as
/// RFC 3339, `URL` as its string.
enum FoundationValues {
    /// The decoded value when `T` is `Data`, `Date` or `URL`; nil for other types.
    static func decode<T>(_ type: T.Type, from node: YAMLNode, path: [any CodingKey], context: DecodingContext) throws(YAMLError) -> T? {
        guard type == Data.self || type == Date.self || type == URL.self else { return nil }
        guard let text = node.string else {
            throw context.mismatch(expected: "a string", at: node, path: path)
        }
        let value: Any?
        let expected: String
        switch type {
        case is Data.Type:
            value = Data(base64Encoded: text, options: .ignoreUnknownCharacters)
            expected = "base64 data"
        case is Date.Type:
            value = parseDate(text)
            expected = "an RFC 3339 date-time such as 2025-01-31T12:00:00Z"
        default:
            value = URL(string: text)
            expected = "a URL"
        }
        guard let result = value as? T else {
            throw context.error(.invalidValue, "\"\(text)\" is not \(expected)", at: node, path: path)
        }
        return result
    }

    /// The node for `value` when it is `Data`, `Date` or `URL`; nil for other values.
    static func encode(_ value: some Encodable) -> YAMLNode? {
        switch value {
        case let data as Data: .string(data.base64EncodedString())
        case let date as Date: .string(formatDate(date))
        case let url as URL: .string(url.absoluteString)
        default: nil
        }
    }

    private static func parseDate(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    private static func formatDate(_ date: Date) -> String {
        let hasFraction = date.timeIntervalSince1970.rounded(.down) != date.timeIntervalSince1970
        return Date.ISO8601FormatStyle(includingFractionalSeconds: hasFraction).format(date)
    }
}
