import Basics
import FoundationEssentials
import Kubernetes

/// What `/readyz` reports: ready once the informer caches have synced, whether this replica leads or
/// stands by. Evaluated on each request, so a probe never sees a stale answer.
public final class HealthState: @unchecked Sendable {
    private let lock = Lock()
    private var leading = false
    private var synced: @Sendable () -> Bool = { false }
    private var leaseFailure: @Sendable () -> LeaseFailure? = { nil }

    public init() {}

    /// Sets where the last Lease failure comes from (the leader elector).
    public func leaseFailures(from lastFailure: @escaping @Sendable () -> LeaseFailure?) {
        lock.withLock { leaseFailure = lastFailure }
    }

    /// Sets where sync state comes from (the controller's informers).
    public func readiness(from cachesSynced: @escaping @Sendable () -> Bool) {
        lock.withLock { synced = cachesSynced }
    }

    public var isLeader: Bool {
        get { lock.withLock { leading } }
        set { lock.withLock { leading = newValue } }
    }

    /// The `/readyz` answer. A standby whose Lease requests fail in a way only a person can fix (403, 404, 401) is
    /// not ready, and says why; a passing failure is named but keeps it ready.
    var readiness: (ready: Bool, text: String) {
        let (check, leading, leaseFailure) = lock.withLock { (synced, self.leading, self.leaseFailure) }
        guard check() else { return (false, "caches not synced\n") }
        if leading { return (true, "ok: leader\n") }
        guard let failure = leaseFailure() else { return (true, "ok: standby\n") }
        return failure.needsAction ? (false, "standby: \(failure)\n") : (true, "ok: standby: \(failure)\n")
    }
}
