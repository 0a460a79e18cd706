import Logging

/// A logger that drops everything, for code under test whose logs no test reads.
public let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
