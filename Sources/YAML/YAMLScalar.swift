/// A scalar as written in the input, together with the type it resolves to.
public struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was (or should be) written.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The scalar's text after unquoting and unescaping.
    public var text: String
    /// The presentation style.
    public var style: Style
    /// The type the scalar resolves to (YAML 1.2 core schema, or its explicit tag).
    public var type: YAMLScalarType

    /// Creates a scalar with an already-resolved type.
    public init(text: String, style: Style = .plain, type: YAMLScalarType) {
        self.text = text
        self.style = style
        self.type = type
    }

    /// A string scalar; the emitter quotes it when needed to keep it a string.
    public static func string(_ text: String) -> YAMLScalar {
        YAMLScalar(text: text, type: .string)
    }

    /// The `null` scalar.
    public static let null = YAMLScalar(text: "null", type: .null)
}

/// The type of a scalar's value under the YAML 1.2 core schema.
public enum YAMLScalarType: String, Sendable, Hashable, CustomStringConvertible {
    case null, bool, int, float, string

    /// A phrase for error messages: "a string", "an integer", …
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .float: "a floating-point number"
        case .string: "a string"
        }
    }
}
