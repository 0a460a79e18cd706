import Foundation
import Logging

/// A cache of one resource type kept equal to the server by a ``ResourceWatch``, with indexes by
/// namespace, owner uid and label, a synced flag and change notifications.
///
/// Call ``run()`` in a task (it returns when the task is cancelled); read the cache from anywhere.
public final class Informer<Resource: KubernetesObjectConvertible>: Sendable {
    public typealias Handler = @Sendable (InformerEvent<Resource>) -> Void

    private struct State {
        var objects: [ObjectKey: Resource] = [:]
        var byNamespace: [String: Set<ObjectKey>] = [:]
        var byOwner: [String: Set<ObjectKey>] = [:]
        var byLabel: [String: Set<ObjectKey>] = [:]
        var synced = false
        var syncWaiters: [CheckedContinuation<Void, Never>] = []
        var handlers: [Handler] = []
        var subscribers: [UUID: AsyncStream<InformerEvent<Resource>>.Continuation] = [:]
    }

    public let resourceType: ResourceType
    private let watch: ResourceWatch<Resource>
    private let state = Locked(State())
    private let logger: Logger

    /// An informer over `type`, limited to `namespace` (nil: all) and the selectors in `options`
    /// (e.g. `labelSelector: "app.kubernetes.io/managed-by=runbeam-operator"`).
    public init(
        client: KubernetesClient, type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(),
        watchConfiguration: ResourceWatch<Resource>.Configuration = .init()
    ) {
        resourceType = type
        logger = client.logger
        watch = ResourceWatch(client: client, type: type, namespace: namespace, options: options, configuration: watchConfiguration)
    }

    /// Runs the list-then-watch loop until the calling task is cancelled.
    public func run() async {
        for await event in watch {
            apply(event)
        }
        let subscribers = state.withLock { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        subscribers.forEach { $0.finish() }
    }

    // MARK: Reading

    /// Whether the first list has been applied.
    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// Waits until the first list has been applied.
    public func waitUntilSynced() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.synced { return true }
                state.syncWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    public func get(_ key: ObjectKey) -> Resource? { state.withLock { $0.objects[key] } }

    public func get(namespace: String?, name: String) -> Resource? { get(ObjectKey(namespace: namespace, name: name)) }

    /// Every cached object, sorted by key.
    public func list() -> [Resource] {
        state.withLock { state in state.objects.keys.sorted().compactMap { state.objects[$0] } }
    }

    public func list(namespace: String) -> [Resource] { lookup { $0.byNamespace[namespace] } }

    /// The objects with an owner reference to `uid`.
    public func list(ownerUID uid: String) -> [Resource] { lookup { $0.byOwner[uid] } }

    /// The objects labelled `key=value`.
    public func list(label key: String, value: String) -> [Resource] { lookup { $0.byLabel["\(key)=\(value)"] } }

    public var count: Int { state.withLock { $0.objects.count } }

    private func lookup(_ index: (State) -> Set<ObjectKey>?) -> [Resource] {
        state.withLock { state in (index(state) ?? []).sorted().compactMap { state.objects[$0] } }
    }

    // MARK: Notifications

    /// Adds a handler called (synchronously, in order, keep it short) for every change.
    public func addHandler(_ handler: @escaping Handler) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// A stream of every later change; it finishes when ``run()`` returns.
    public func events() -> AsyncStream<InformerEvent<Resource>> {
        let (stream, continuation) = AsyncStream.makeStream(of: InformerEvent<Resource>.self)
        let id = UUID()
        state.withLock { $0.subscribers[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    // MARK: Applying watch events

    private func apply(_ event: WatchEvent<Resource>) {
        var changes: [InformerEvent<Resource>] = []
        let (handlers, subscribers, waiters) = state.withLock { state in
            switch event {
            case .listed(let items):
                var fresh: [ObjectKey: Resource] = [:]
                for item in items { fresh[item.key] = item }
                for (key, old) in state.objects where fresh[key] == nil {
                    Self.remove(key, old, from: &state)
                    changes.append(.deleted(old))
                }
                for (_, new) in fresh.sorted(by: { $0.key < $1.key }) {
                    changes.append(contentsOf: Self.upsert(new, into: &state))
                }
            case .added(let resource), .modified(let resource):
                changes.append(contentsOf: Self.upsert(resource, into: &state))
            case .deleted(let resource):
                if let old = state.objects[resource.key] {
                    Self.remove(resource.key, old, from: &state)
                    changes.append(.deleted(resource))
                }
            }
            var waiters: [CheckedContinuation<Void, Never>] = []
            if case .listed = event, !state.synced {
                state.synced = true
                swap(&waiters, &state.syncWaiters)
            }
            return (state.handlers, Array(state.subscribers.values), waiters)
        }
        if case .listed(let items) = event {
            logger.debug("informer cache replaced from a list", metadata: ["resource": "\(resourceType)", "count": "\(items.count)", "changes": "\(changes.count)"])
        }
        for change in changes {
            handlers.forEach { $0(change) }
            subscribers.forEach { $0.yield(change) }
        }
        waiters.forEach { $0.resume() }
    }

    private static func upsert(_ resource: Resource, into state: inout State) -> [InformerEvent<Resource>] {
        let key = resource.key
        if let old = state.objects[key] {
            if old.metadata.resourceVersion == resource.metadata.resourceVersion, old.object == resource.object { return [] }
            remove(key, old, from: &state)
            insert(key, resource, into: &state)
            return [.updated(old: old, new: resource)]
        }
        insert(key, resource, into: &state)
        return [.added(resource)]
    }

    private static func insert(_ key: ObjectKey, _ resource: Resource, into state: inout State) {
        state.objects[key] = resource
        state.byNamespace[key.namespace ?? "", default: []].insert(key)
        for owner in resource.metadata.ownerReferences { state.byOwner[owner.uid, default: []].insert(key) }
        for (label, value) in resource.metadata.labels { state.byLabel["\(label)=\(value)", default: []].insert(key) }
    }

    private static func remove(_ key: ObjectKey, _ resource: Resource, from state: inout State) {
        state.objects[key] = nil
        drop(key, at: key.namespace ?? "", in: &state.byNamespace)
        for owner in resource.metadata.ownerReferences { drop(key, at: owner.uid, in: &state.byOwner) }
        for (label, value) in resource.metadata.labels { drop(key, at: "\(label)=\(value)", in: &state.byLabel) }
    }

    private static func drop(_ key: ObjectKey, at index: String, in map: inout [String: Set<ObjectKey>]) {
        map[index]?.remove(key)
        if map[index]?.isEmpty == true { map[index] = nil }
    }
}

extension Informer where Resource: KubernetesResource {
    /// An informer over `Resource`'s own type.
    public convenience init(
        client: KubernetesClient, namespace: String? = nil, options: ListOptions = ListOptions(),
        watchConfiguration: ResourceWatch<Resource>.Configuration = .init()
    ) {
        self.init(client: client, type: Resource.resourceType, namespace: namespace, options: options, watchConfiguration: watchConfiguration)
    }
}
