import Basics
import FoundationEssentials
import Kubernetes

/// Objects the controller wrote (or re-read after losing a race) whose watch events may not have reached the informer
/// caches yet.
///
/// A reconcile that read a cache lagging behind its own last write would act twice (issue a second token, restart a
/// workload again). Until the cache shows the written version (or a later one, or a deletion), or `timeToLive`
/// passes, lookups return the written object instead.
final class WriteExpectations<Key: Hashable & Sendable>: Sendable {
    private struct Entry {
        var object: KubernetesObject
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var nextSweep: ContinuousClock.Instant
    }

    private let state: Locked<State>
    private let timeToLive: Duration

    init(timeToLive: Duration = .seconds(60)) {
        self.timeToLive = timeToLive
        state = Locked(State(nextSweep: .now + timeToLive))
    }

    /// Remembers `object` as the latest version of `key` (written, or read after a conflict), unless `cached` (the
    /// informer's copy now) already shows it: its watch event came first, so nothing would ever clear the entry.
    /// Expired entries of keys never looked up again are swept out once per time-to-live.
    func wrote(_ key: Key, _ object: KubernetesObject, cached: KubernetesObject?) {
        let now = ContinuousClock.now
        state.withLock { state in
            if now >= state.nextSweep {
                state.entries = state.entries.filter { now < $0.value.deadline }
                state.nextSweep = now + timeToLive
            }
            if let cached, Self.isCaughtUp(cached, with: object) {
                state.entries[key] = nil
            } else {
                state.entries[key] = Entry(object: object, deadline: now + timeToLive)
            }
        }
    }

    /// How many writes are still awaited.
    var count: Int { state.withLock { $0.entries.count } }

    /// Called for every informer change of `key`: a deletion or a version at least as new clears the expectation.
    func observed(_ key: Key, _ object: KubernetesObject?) {
        state.withLock { state in
            guard let entry = state.entries[key] else { return }
            if let object, !Self.isCaughtUp(object, with: entry.object) { return }
            state.entries[key] = nil
        }
    }

    /// The object to act on: the cached one, unless it is older than the last write.
    func resolve(_ key: Key, cached: KubernetesObject?) -> KubernetesObject? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return cached }
            if ContinuousClock.now >= entry.deadline || (cached.map { Self.isCaughtUp($0, with: entry.object) } ?? false) {
                state.entries[key] = nil
                return cached
            }
            return entry.object
        }
    }

    /// Forgets `key`.
    func forget(_ key: Key) {
        state.withLock { _ = $0.entries.removeValue(forKey: key) }
    }

    /// Whether `cached` is the written version or a later one. Resource versions are opaque, but every API server
    /// in use (etcd, the emulator) issues increasing integers; anything else only matches on equality.
    private static func isCaughtUp(_ cached: KubernetesObject, with written: KubernetesObject) -> Bool {
        guard let have = cached.metadata.resourceVersion, let want = written.metadata.resourceVersion else { return true }
        if have == want { return true }
        if cached.metadata.uid != written.metadata.uid { return true }
        if let haveNumber = UInt64(have), let wantNumber = UInt64(want) { return haveNumber > wantNumber }
        return false
    }
}
