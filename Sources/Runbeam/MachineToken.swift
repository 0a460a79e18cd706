/// A Runbeam machine token (`mt_…`) as issued by authorize.
///
/// `description`, `debugDescription` and reflection redact it; ``secretValue`` is the only way in.
/// It encodes and decodes as a plain JSON string.
public struct MachineToken: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token itself, for the payload Harmony reads and nothing else.
    public let secretValue: String

    public init(_ secretValue: String) {
        self.secretValue = secretValue
    }

    public init(from decoder: any Decoder) throws {
        secretValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(secretValue)
    }

    public var description: String { "MachineToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
