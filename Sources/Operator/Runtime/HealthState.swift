import Foundation

/// What `/readyz` reports: ready once the informer caches have synced, whether this replica leads or
/// stands by. Evaluated on each request, so a probe never sees a stale answer.
public final class HealthState: @unchecked Sendable {
    private let lock = NSLock()
    private var leading = false
    private var synced: @Sendable () -> Bool = { false }

    public init() {}

    /// Sets where sync state comes from (the controller's informers).
    public func readiness(from cachesSynced: @escaping @Sendable () -> Bool) {
        lock.withLock { synced = cachesSynced }
    }

    public var isLeader: Bool {
        get { lock.withLock { leading } }
        set { lock.withLock { leading = newValue } }
    }

    /// The `/readyz` answer.
    var readiness: (ready: Bool, text: String) {
        let (check, leading) = lock.withLock { (synced, self.leading) }
        guard check() else { return (false, "caches not synced\n") }
        return (true, leading ? "ok: leader\n" : "ok: standby\n")
    }
}
