/// Every problem found in one input, each a ``YAMLError`` with its position; `description` lists
/// them one per line.
public struct YAMLProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order found.
    public var errors: [YAMLError]

    public init(errors: [YAMLError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
