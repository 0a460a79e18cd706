import Basics
import FoundationEssentials
import JSON
import Kubernetes
import Operator

/// The Kubernetes calls of the controller over a dictionary: optimistic concurrency by resourceVersion, `/status`
/// writes, merge patches, refusals on demand, and (``ListWatchCalls``, in InMemoryKubernetes+ListWatch.swift) lists
/// and watches of every change, so the whole controller runs on it. For executor and controller unit tests; the
/// emulator stays the API server of integration tests.
final class InMemoryKubernetes: KubernetesCalls {
    /// One call as made.
    struct Call: Hashable {
        var verb: String
        var resource: String
        var name: String
    }

    /// One change, kept so a watch from an older resourceVersion is sent what it missed.
    struct Change {
        var version: Int
        /// `ADDED`, `MODIFIED` or `DELETED`.
        var type: String
        var object: KubernetesObject
    }

    /// One open watch: what it selects, and where its lines go.
    struct Watcher {
        var selection: Selection
        var lines: AsyncThrowingStream<Data, any Error>.Continuation
    }

    struct State {
        var objects: [String: KubernetesObject] = [:]
        var version = 0
        var calls: [Call] = []
        var refusals: [Call: KubernetesError] = [:]
        var history: [Change] = []
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        /// A watch from an older resourceVersion is 410 Gone (``expireWatches()``).
        var oldestWatchable = 0
    }

    let state = Locked(State())

    /// Every call so far.
    var calls: [Call] { state.withLock { $0.calls } }

    /// Stores `json` as it is (a resourceVersion is added), as another writer would: watches are told.
    func seed(_ json: JSONValue) {
        var object = KubernetesObject(json)
        state.withLock { state in
            state.version += 1
            object.json[path: ["metadata", "resourceVersion"]] = .string(String(state.version))
            let key = Self.key(object.apiVersion ?? "", object.kind ?? "", object.metadata.namespace, object.metadata.name ?? "")
            let type = state.objects[key] == nil ? "ADDED" : "MODIFIED"
            state.objects[key] = object
            Self.publish(type, object, in: &state)
        }
    }

    /// Deletes an object as another writer would (no garbage collection of what it owns); returns whether there was one.
    @discardableResult
    func remove(_ type: ResourceType, namespace: String, name: String) -> Bool {
        state.withLock { state in
            guard var object = state.objects.removeValue(forKey: Self.key(type, namespace, name)) else { return false }
            state.version += 1
            object.json[path: ["metadata", "resourceVersion"]] = .string(String(state.version))
            Self.publish("DELETED", object, in: &state)
            return true
        }
    }

    /// The stored object, if any.
    func object(_ type: ResourceType, namespace: String, name: String) -> KubernetesObject? {
        state.withLock { $0.objects[Self.key(type, namespace, name)] }
    }

    /// Makes every later `verb` on `resource` (RBAC's plural, `gateways/status` for status) `name` throw `error`.
    func refuse(_ verb: String, _ resource: String, name: String, with error: KubernetesError) {
        state.withLock { $0.refusals[Call(verb: verb, resource: resource, name: name)] = error }
    }

    /// Lifts a refusal made by ``refuse(_:_:name:with:)``.
    func allow(_ verb: String, _ resource: String, name: String) {
        state.withLock { _ = $0.refusals.removeValue(forKey: Call(verb: verb, resource: resource, name: name)) }
    }

    func get(_ type: ResourceType, namespace: String?, name: String, subresource: String?) async throws -> KubernetesObject {
        try state.withLock { state in
            try Self.record(Call(verb: "get", resource: type.plural, name: name), in: &state)
            guard let object = state.objects[Self.key(type, namespace, name)] else { throw KubernetesError.notFound("\(type.plural) \"\(name)\" not found") }
            return object
        }
    }

    func create(_ type: ResourceType, _ object: KubernetesObject, namespace: String?) async throws -> KubernetesObject {
        let name = object.metadata.name ?? ""
        return try state.withLock { state in
            try Self.record(Call(verb: "create", resource: type.plural, name: name), in: &state)
            let key = Self.key(type, namespace ?? object.metadata.namespace, name)
            guard state.objects[key] == nil else { throw KubernetesError.alreadyExists("\(type.plural) \"\(name)\" already exists") }
            return Self.store(object, type: type, at: key, in: &state)
        }
    }

    func replace(_ type: ResourceType, _ object: KubernetesObject, namespace: String?, subresource: String?) async throws -> KubernetesObject {
        try write(type, object, namespace: namespace, verb: "update", resource: type.plural + (subresource.map { "/\($0)" } ?? "")) { _, new in new }
    }

    func replaceStatus(_ type: ResourceType, _ object: KubernetesObject, namespace: String?) async throws -> KubernetesObject {
        try write(type, object, namespace: namespace, verb: "update", resource: type.plural + "/status") { old, new in
            var merged = old
            merged.json["status"] = new.json["status"]
            return merged
        }
    }

    func patch(
        _ type: ResourceType, namespace: String?, name: String, _ patch: Patch, subresource: String?, fieldManager: String?
    ) async throws -> KubernetesObject {
        guard case .merge(let body) = patch else { throw KubernetesError.malformedResponse("only merge patches are faked") }
        return try state.withLock { state in
            try Self.record(Call(verb: "patch", resource: type.plural, name: name), in: &state)
            let key = Self.key(type, namespace, name)
            guard let old = state.objects[key] else { throw KubernetesError.notFound("\(type.plural) \"\(name)\" not found") }
            if let expected = body["metadata"]?["resourceVersion"]?.stringValue, expected != old.metadata.resourceVersion {
                throw KubernetesError.conflict("the object has been modified")
            }
            return Self.store(KubernetesObject(old.json.applyingMergePatch(body)), type: type, at: key, in: &state)
        }
    }

    private func write(
        _ type: ResourceType, _ object: KubernetesObject, namespace: String?, verb: String, resource: String,
        _ merge: (KubernetesObject, KubernetesObject) -> KubernetesObject
    ) throws -> KubernetesObject {
        let name = object.metadata.name ?? ""
        return try state.withLock { state in
            try Self.record(Call(verb: verb, resource: resource, name: name), in: &state)
            let key = Self.key(type, namespace ?? object.metadata.namespace, name)
            guard let old = state.objects[key] else { throw KubernetesError.notFound("\(type.plural) \"\(name)\" not found") }
            guard object.metadata.resourceVersion == old.metadata.resourceVersion else {
                throw KubernetesError.conflict("the object has been modified; please apply your changes to the latest version and try again")
            }
            return Self.store(merge(old, object), type: type, at: key, in: &state)
        }
    }

    static func record(_ call: Call, in state: inout State) throws {
        state.calls.append(call)
        if let error = state.refusals[call] { throw error }
    }

    private static func store(_ object: KubernetesObject, type: ResourceType, at key: String, in state: inout State) -> KubernetesObject {
        var stored = object
        state.version += 1
        stored.json["apiVersion"] = .string(type.apiVersion)
        stored.json["kind"] = .string(type.kind)
        stored.json[path: ["metadata", "resourceVersion"]] = .string(String(state.version))
        if stored.metadata.uid == nil { stored.json[path: ["metadata", "uid"]] = .string("uid-\(state.version)") }
        let change = state.objects[key] == nil ? "ADDED" : "MODIFIED"
        state.objects[key] = stored
        publish(change, stored, in: &state)
        return stored
    }

    /// Keeps the change for later watches and sends it to the open ones that want it (yielding never blocks).
    private static func publish(_ type: String, _ object: KubernetesObject, in state: inout State) {
        state.history.append(Change(version: state.version, type: type, object: object))
        for watcher in state.watchers.values where watcher.selection.contains(object) {
            watcher.lines.yield(line(type, object))
        }
    }

    static func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> String {
        key(type.apiVersion, type.kind, namespace, name)
    }

    private static func key(_ apiVersion: String, _ kind: String, _ namespace: String?, _ name: String) -> String {
        "\(apiVersion)/\(kind)/\(namespace ?? "")/\(name)"
    }
}
