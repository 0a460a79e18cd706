import Basics
import FoundationEssentials
import JSON
import Logging

/// A cache of one resource type kept equal to the server by a ``ResourceWatch``, with an index by
/// namespace, a synced flag and change notifications.
///
/// Objects are kept as their compact JSON text deflated against a dictionary of their kind (``CompactObject``): a
/// tenth to a third of the text, and a small part of a parsed tree. Each read unpacks and parses again: reads by key
/// are cheap, whole-cache lists cost a parse per object (``keys()`` costs none).
///
/// Call ``run()`` in a task (it returns when the task is cancelled); read the cache from anywhere.
public final class Informer<Resource: KubernetesObjectConvertible>: Sendable {
    public typealias Handler = @Sendable (InformerEvent<Resource>) -> Void

    private struct State {
        var objects: [ObjectKey: CompactObject] = [:]
        var byNamespace: [String: Set<ObjectKey>] = [:]
        var synced = false
        var syncWaiters: [CheckedContinuation<Void, Never>] = []
        var handlers: [Handler] = []
        var subscribers: [UUID: AsyncStream<InformerEvent<Resource>>.Continuation] = [:]
    }

    /// What every cached object goes through first.
    public typealias Transform = @Sendable (inout KubernetesObject) -> Void

    public let resourceType: ResourceType
    private let watch: ResourceWatch<CompactObject>
    private let state = Locked(State())
    private let logger: Logger

    /// An informer over `type`, limited to `namespace` (nil: all) and the selectors in `options`
    /// (e.g. `labelSelector: "app.kubernetes.io/managed-by=runbeam-operator"`). `transform` trims each object
    /// before it is cached and handed to handlers (e.g. ``Informer/removeManagedFields`` to save memory). `client` is
    /// a ``KubernetesClient``, or an in-memory fake in tests; `logger` gets the list and watch logs.
    public init(
        client: any ListWatchCalls, type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions(),
        watchConfiguration: ResourceWatch<Resource>.Configuration = .init(), transform: Transform? = nil,
        logger: Logger = Logger(label: "runbeam.kubernetes")
    ) {
        resourceType = type
        self.logger = logger
        watch = ResourceWatch(
            client: client, type: type, namespace: namespace, options: options,
            configuration: .init(
                timeoutSeconds: watchConfiguration.timeoutSeconds, backoff: watchConfiguration.backoff, idleTimeout: watchConfiguration.idleTimeout),
            logger: logger, transform: transform, deliver: ObjectPacker().pack)
    }

    /// Runs the list-then-watch loop until the calling task is cancelled.
    public func run() async {
        for await event in watch {
            apply(event)
        }
        let (subscribers, waiters) = state.withLock { state in
            defer { (state.subscribers, state.syncWaiters) = ([:], []) }
            return (Array(state.subscribers.values), state.syncWaiters)
        }
        subscribers.forEach { $0.finish() }
        // A stopped informer never syncs: its waiters return, and ``hasSynced`` says it did not.
        waiters.forEach { $0.resume() }
    }

    // MARK: Reading

    /// Whether the first list has been applied.
    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// Waits until the first list has been applied, or ``run()`` has stopped without one.
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

    public func get(_ key: ObjectKey) -> Resource? { state.withLock { $0.objects[key] }.map(Self.decode) }

    public func get(namespace: String?, name: String) -> Resource? { get(ObjectKey(namespace: namespace, name: name)) }

    /// Every cached object, sorted by key.
    public func list() -> [Resource] {
        state.withLock { state in state.objects.keys.sorted().compactMap { state.objects[$0] } }.map(Self.decode)
    }

    /// The keys of every cached object, sorted, without reading the objects: what a resync queues. (``list()``
    /// would parse each object, and hold them all at once.)
    public func keys() -> [ObjectKey] { state.withLock { $0.objects.keys.sorted() } }

    public func list(namespace: String) -> [Resource] {
        state.withLock { state in (state.byNamespace[namespace] ?? []).sorted().compactMap { state.objects[$0] } }.map(Self.decode)
    }

    public var count: Int { state.withLock { $0.objects.count } }

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

    /// Drops `metadata.managedFields`, which a controller rarely reads and which can double an object's size. An
    /// update sent without them leaves the server's copy unchanged.
    public static var removeManagedFields: Transform {
        { object in object.json[path: ["metadata", "managedFields"]] = nil }
    }

    /// A change found under the lock, decoded for handlers only afterwards, one at a time.
    private enum PendingChange {
        case added(CompactObject)
        case updated(CompactObject)
        case deleted(CompactObject)

        var event: InformerEvent<Resource> {
            switch self {
            case .added(let new): .added(Informer.decode(new))
            case .updated(let new): .updated(Informer.decode(new))
            case .deleted(let old): .deleted(Informer.decode(old))
            }
        }
    }

    private func apply(_ event: WatchEvent<CompactObject>) {
        var changes: [PendingChange] = []
        let (handlers, subscribers, waiters) = state.withLock { state in
            switch event {
            case .listed(let items):
                var fresh: [ObjectKey: CompactObject] = [:]
                for item in items { fresh[item.key] = item }
                for (key, old) in state.objects where fresh[key] == nil {
                    Self.remove(key, from: &state)
                    changes.append(.deleted(old))
                }
                for key in fresh.keys.sorted() {
                    if let change = Self.upsert(fresh[key]!, into: &state) { changes.append(change) }
                }
            case .added(let item), .modified(let item):
                if let change = Self.upsert(item, into: &state) { changes.append(change) }
            case .deleted(let item):
                if state.objects[item.key] != nil {
                    Self.remove(item.key, from: &state)
                    changes.append(.deleted(item))
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
        if !handlers.isEmpty || !subscribers.isEmpty {
            for pending in changes {
                let change = pending.event
                handlers.forEach { $0(change) }
                subscribers.forEach { $0.yield(change) }
            }
        }
        waiters.forEach { $0.resume() }
    }

    private static func upsert(_ item: CompactObject, into state: inout State) -> PendingChange? {
        if let old = state.objects[item.key] {
            if old.hasSameText(as: item) { return nil }
            state.objects[item.key] = item
            return .updated(item)
        }
        insert(item, into: &state)
        return .added(item)
    }

    fileprivate static func decode(_ compact: CompactObject) -> Resource { Resource(object: compact.object) }

    private static func insert(_ item: CompactObject, into state: inout State) {
        state.objects[item.key] = item
        state.byNamespace[item.key.namespace ?? "", default: []].insert(item.key)
    }

    private static func remove(_ key: ObjectKey, from state: inout State) {
        state.objects[key] = nil
        let namespace = key.namespace ?? ""
        state.byNamespace[namespace]?.remove(key)
        if state.byNamespace[namespace]?.isEmpty == true { state.byNamespace[namespace] = nil }
    }
}

extension Informer where Resource: KubernetesResource {
    /// An informer over `Resource`'s own type.
    public convenience init(
        client: any ListWatchCalls, namespace: String? = nil, options: ListOptions = ListOptions(),
        watchConfiguration: ResourceWatch<Resource>.Configuration = .init(), transform: Transform? = nil,
        logger: Logger = Logger(label: "runbeam.kubernetes")
    ) {
        self.init(
            client: client, type: Resource.resourceType, namespace: namespace, options: options, watchConfiguration: watchConfiguration,
            transform: transform, logger: logger)
    }
}
