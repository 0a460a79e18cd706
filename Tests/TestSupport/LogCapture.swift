import Basics
import Logging

/// Collects every log line a logger writes, with its metadata, for assertions (most often: that no secret leaks).
public final class LogCapture: Sendable {
    private let captured = Locked<[String]>([])

    public init() {}

    /// A logger at trace level writing into this capture.
    public var logger: Logger {
        var logger = Logger(label: "runbeam.test") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// The lines so far: `level message key=value …`, keys sorted.
    public var lines: [String] { captured.withLock { $0 } }

    /// Adds a line.
    public func append(_ line: String) { captured.withLock { $0.append(line) } }
}

/// A log handler writing to a ``LogCapture``.
public struct CapturingLogHandler: LogHandler {
    public let capture: LogCapture
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(capture: LogCapture) {
        self.capture = capture
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        capture.append("\(event.level) \(event.message) \(fields)")
    }
}
