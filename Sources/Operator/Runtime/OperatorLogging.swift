import GatewayAPI
import Logging

/// Process-wide logging set-up for `run`.
public enum OperatorLogging {
    /// Bootstraps swift-log once (JSON lines or text on stderr, at the configured level) and returns
    /// the operator's logger.
    public static func bootstrap(_ log: OperatorConfiguration.Log) -> Logger {
        let level = Logger.Level(rawValue: log.level.rawValue) ?? .info
        switch log.format {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "runbeam.operator")
    }
}
