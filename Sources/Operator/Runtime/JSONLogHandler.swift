import Foundation
import Logging

/// A swift-log handler writing one JSON object per line: `time`, `level`, `logger`, `message`, then the
/// metadata as string fields. Callers log decisions, never secrets; this handler adds nothing else.
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
        var fields: [(String, String)] = [
            ("time", Self.timestamp(Date())),
            ("level", event.level.rawValue),
            ("logger", label),
            ("message", "\(event.message)"),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !["time", "level", "logger", "message"].contains(key) {
            fields.append((key, Self.text(merged[key]!)))
        }
        var line = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += "," }
            line += Self.quoted(key) + ":" + Self.quoted(value)
        }
        line += "}\n"
        sink.write(line)
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

/// Where log lines go.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) { writeLine = write }

    func write(_ line: String) { writeLine(line) }

    /// Standard error, one `write` per line so lines from concurrent tasks never interleave.
    public static let standardError = LogSink { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
