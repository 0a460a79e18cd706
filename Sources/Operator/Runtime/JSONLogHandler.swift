import Basics
import FoundationEssentials
import GatewayAPI
import JSON
import Logging

/// A swift-log handler writing one JSON object per line (keys sorted): `time`, `level`, `logger`,
/// `message` and the metadata as string fields. Callers log decisions, never secrets; this handler
/// adds nothing else.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: LogSink

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONValue] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = .string(Self.text(value))
        }
        fields["time"] = .string(RFC3339.milliseconds(Date()))
        fields["level"] = .string(event.level.rawValue)
        fields["logger"] = .string(label)
        fields["message"] = .string("\(event.message)")
        sink.write(JSONValue.object(fields).jsonString + "\n")
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}

/// Where log lines go.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) { writeLine = write }

    func write(_ line: String) { writeLine(line) }

    /// Standard error, one `write` per line so lines from concurrent tasks never interleave.
    public static let standardError = LogSink { line in
        FileStream.standardError.write(line)
    }
}
