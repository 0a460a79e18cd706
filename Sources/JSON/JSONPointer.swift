import FoundationEssentials

/// An RFC 6901 JSON pointer such as `/spec/containers/0/image`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    /// Parses a pointer; it must be empty or start with `/`.
    public init(_ text: String) throws(JSONPatchError) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPatchError("JSON pointer '\(text)' must start with '/'") }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }

    /// A pointer made of already unescaped tokens.
    public init(tokens: [String]) { self.tokens = tokens }

    public var description: String {
        tokens.map { "/" + $0.replacing("~", with: "~0").replacing("/", with: "~1") }.joined()
    }

    /// The value this pointer names inside `document`, or nil when it names nothing.
    public func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let position = Int(token), elements.indices.contains(position) else { return nil }
                current = elements[position]
            default:
                return nil
            }
        }
        return current
    }
}

/// Why a JSON patch (or a pointer in it) could not be applied.
public struct JSONPatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in words.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
