/// A configuration that cannot be used, located as precisely as known: `FILE:LINE:COLUMN: message (at field)`.
public struct KubernetesConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The field path, e.g. `users[0].user.exec.command`.
    public var field: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = [file, line.map(String.init), line == nil ? nil : column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        if !location.isEmpty { location += ": " }
        return location + message + (field.map { " (at \($0))" } ?? "")
    }
}
