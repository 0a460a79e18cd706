import Foundation
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

    private let entries = Locked<[Key: Entry]>([:])
    private let timeToLive: Duration

    init(timeToLive: Duration = .seconds(60)) {
        self.timeToLive = timeToLive
    }

    /// Remembers `object` as the latest version of `key` (written, or read after a conflict).
    func wrote(_ key: Key, _ object: KubernetesObject) {
        entries.withLock { $0[key] = Entry(object: object, deadline: .now + timeToLive) }
    }

    /// Called for every informer change of `key`: a deletion or a version at least as new clears the expectation.
    func observed(_ key: Key, _ object: KubernetesObject?) {
        entries.withLock { entries in
            guard let entry = entries[key] else { return }
            if let object, !Self.isCaughtUp(object, with: entry.object) { return }
            entries[key] = nil
        }
    }

    /// The object to act on: the cached one, unless it is older than the last write.
    func resolve(_ key: Key, cached: KubernetesObject?) -> KubernetesObject? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return cached }
            if ContinuousClock.now >= entry.deadline || (cached.map { Self.isCaughtUp($0, with: entry.object) } ?? false) {
                entries[key] = nil
                return cached
            }
            return entry.object
        }
    }

    /// Forgets `key`.
    func forget(_ key: Key) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
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
