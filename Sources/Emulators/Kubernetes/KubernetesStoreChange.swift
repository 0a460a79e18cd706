import JSON

/// One committed change of the store, as a watch would see it: what tests observe with
/// ``KubernetesStore/onChange(_:)`` to record every version of an object, even across compactions.
public struct KubernetesStoreChange: Sendable {
    /// The resourceVersion the change was committed at.
    public var resourceVersion: Int
    /// The resource type's key: the plural, then `.group` for non-core types (`secrets`, `deployments.apps`).
    public var resourceKey: String
    /// ADDED, MODIFIED or DELETED.
    public var type: String
    /// The object after the change (for DELETED: as it was removed).
    public var object: JSONValue
    /// The object before the change, if it existed.
    public var previous: JSONValue?

    init(_ event: KubernetesWatchEvent) {
        resourceVersion = event.resourceVersion
        resourceKey = event.typeKey
        type = event.type
        object = event.object
        previous = event.previous
    }
}

extension KubernetesStore {
    /// Calls `observer` with every change committed from now on, in commit order. It runs under the
    /// store's lock: it must return quickly and must not call back into the store.
    public func onChange(_ observer: @escaping @Sendable (KubernetesStoreChange) -> Void) {
        state.withLockedValue { $0.changeObservers.append(observer) }
    }
}
