import Basics
import FoundationEssentials

extension KeyedDecodingContainer {
    /// Decodes a required RFC 3339 timestamp string.
    func decodeRFC3339(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "is not an RFC 3339 timestamp")
        }
        return date
    }

    /// Decodes a required integer; a fraction or an out-of-range number is reported with the field's path
    /// (Foundation's decoder reports those as invalid JSON, without a path).
    func decodeWholeNumber(forKey key: Key) throws -> Int {
        let number = try decode(Double.self, forKey: key)
        guard number.rounded() == number, let whole = Int(exactly: number) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "is not a whole number in range")
        }
        return whole
    }

    /// Decodes a required string that must be non-empty, at most `maxLength` bytes, and free of whitespace and
    /// control characters (identifiers and tokens).
    func decodeIdentifier(forKey key: Key, maxLength: Int = 255) throws -> String {
        let text = try decode(String.self, forKey: key)
        if text.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "is empty")
        }
        if text.utf8.count > maxLength {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "is longer than \(maxLength) bytes")
        }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "contains whitespace or control characters")
        }
        return text
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
        guard !keys.isEmpty else { return "(top level)" }
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type, is MachineToken.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        case is [String].Type: return "an array of strings"
        case is [String: Any].Type: return "an object"
        case is [Any].Type: return "an array"
        default: return "an object"
        }
    }
}
