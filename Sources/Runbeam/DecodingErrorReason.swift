import Foundation

extension KeyedDecodingContainer {
    /// Decodes a required RFC 3339 timestamp string.
    func decodeRFC3339(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = RFC3339.date(from: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "is not an RFC 3339 timestamp")
        }
        return date
    }
}

/// Turns a `DecodingError` into a reason naming the field, without quoting any value.
enum DecodingErrorReason {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "required field \(path(context.codingPath + [key])) is missing"
        case .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)) is null, expected \(name(of: type))"
        case .typeMismatch(let type, let context):
            return "field \(path(context.codingPath)) has the wrong type, expected \(name(of: type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "field \(path(context.codingPath)) \(context.debugDescription)"
        @unknown default:
            return "the body could not be decoded"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(top level)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is [String].Type: return "an array of strings"
        default: return type is any Collection.Type ? "an array" : "an object"
        }
    }
}
