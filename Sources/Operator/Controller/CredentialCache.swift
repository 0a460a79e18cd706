import Basics
import Kubernetes

/// Credentials Secrets as read in the last few seconds, so Gateways sharing one credential (thousands of them in a
/// cold start) cost one read per interval instead of one each. A rotated or deleted credential is seen within
/// ``maximumAge``; a missing Secret is remembered as missing for as long.
final class CredentialCache: Sendable {
    /// How long a read is reused.
    let maximumAge: Duration
    private let entries = Locked<[ObjectKey: (secret: Secret?, readAt: ContinuousClock.Instant)]>([:])

    init(maximumAge: Duration = .seconds(5)) {
        self.maximumAge = maximumAge
    }

    /// The Secret at `key`: the cached read when it is recent enough, else `read()`'s answer (nil: not found), kept.
    /// Errors are not cached.
    func secret(_ key: ObjectKey, read: () async throws -> Secret?) async throws -> Secret? {
        let now = ContinuousClock.now
        let cached = entries.withLock { entries -> Secret?? in
            entries = entries.filter { now - $0.value.readAt < maximumAge }
            return entries[key].map(\.secret)
        }
        if let cached { return cached }
        let secret = try await read()
        entries.withLock { $0[key] = (secret, ContinuousClock.now) }
        return secret
    }

    /// Drops every cached read.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
