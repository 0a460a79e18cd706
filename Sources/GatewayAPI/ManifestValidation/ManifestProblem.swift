import YAML

/// One problem found in a manifest file, printed as `FILE:LINE:COLUMN: message`.
public struct ManifestProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var mark: YAMLMark
    public var message: String

    public init(file: String, mark: YAMLMark, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    public var description: String { "\(file):\(mark.line):\(mark.column): \(message)" }
}
