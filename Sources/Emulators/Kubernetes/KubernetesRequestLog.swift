import FoundationEssentials
import NIOConcurrencyHelpers

/// One request the emulator answered.
public struct KubernetesRequestLogEntry: Sendable, Hashable, Codable {
    public var time: Date
    /// The Kubernetes verb: get, list, watch, create, update, patch, delete, or the HTTP method.
    public var verb: String
    public var method: String
    public var path: String
    public var query: String
    public var fieldManager: String?
    public var contentType: String?
    public var userAgent: String?
    /// The bearer token the request presented, when the emulator checks tokens: which client (or
    /// replica) made the request. Emulator tokens are test values, never real credentials.
    public var bearerToken: String? = nil
    public var statusCode: Int
}

/// The bounded list of answered requests that tests assert on.
public final class KubernetesRequestLog: Sendable {
    private let entries = NIOLockedValueBox<[KubernetesRequestLogEntry]>([])
    private let limit: Int

    init(limit: Int = 100_000) { self.limit = limit }

    func append(_ entry: KubernetesRequestLogEntry) {
        entries.withLockedValue { entries in
            entries.append(entry)
            if entries.count > limit + limit / 4 { entries.removeFirst(entries.count - limit) }
        }
    }

    /// Every entry so far, oldest first.
    public var all: [KubernetesRequestLogEntry] { entries.withLockedValue { $0 } }

    /// Forgets every entry.
    public func clear() { entries.withLockedValue { $0 = [] } }
}
