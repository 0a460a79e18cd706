import FoundationEssentials
import NIOConcurrencyHelpers

/// One request the Runbeam Cloud emulator answered. Never holds the credential or a token.
public struct RunbeamCloudRequestLogEntry: Sendable, Hashable {
    public var time: Date
    public var method: String
    public var path: String
    /// The `gateway_code` of an authorize request, when the body had one.
    public var gatewayCode: String?
    public var statusCode: Int
    /// The injected fault that shaped the answer, if any.
    public var fault: String?
    public var userAgent: String?
}

/// The bounded list of answered requests that tests assert on.
public final class RunbeamCloudRequestLog: Sendable {
    private let entries = NIOLockedValueBox<[RunbeamCloudRequestLogEntry]>([])
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    func append(_ entry: RunbeamCloudRequestLogEntry) {
        entries.withLockedValue { entries in
            entries.append(entry)
            if entries.count > limit + limit / 4 { entries.removeFirst(entries.count - limit) }
        }
    }

    /// Every entry so far, oldest first.
    public var all: [RunbeamCloudRequestLogEntry] { entries.withLockedValue { $0 } }

    /// Forgets every entry.
    public func clear() { entries.withLockedValue { $0 = [] } }
}
