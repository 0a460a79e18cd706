import Basics
import JSON
import FoundationEssentials
import NIOConcurrencyHelpers

/// The emulator's state: resource types, objects, the bounded event history and open watches,
/// behind one lock. It outlives servers, so a test can restart the API server with its state kept.
public final class KubernetesStore: Sendable {
    struct StoredObject: Sendable {
        var object: JSONValue
        var bytes: [UInt8]
    }

    struct State: Sendable {
        var resourceVersion = 1
        var types: [String: KubernetesResourceType] = [:]
        var objects: [String: [KubernetesObjectKey: StoredObject]] = [:]
        var history: [KubernetesWatchEvent] = []
        /// Events at or below this resourceVersion are no longer in the history.
        var compactedThrough = 0
        var watchers: [Int: KubernetesWatcher] = [:]
        var nextWatcherID = 0
        var rollouts: [String: Int] = [:]
        /// The pod template each workload last rolled out.
        var rolledTemplates: [String: JSONValue] = [:]
        var changeObservers: [@Sendable (KubernetesStoreChange) -> Void] = []
    }

    /// Something a write asks for after it is committed.
    enum Effect: Sendable, Hashable {
        case rollout(typeKey: String, namespace: String, name: String, generation: Int)
        /// A Terminating namespace is removed once its content is gone (the namespace controller's job).
        case finalizeNamespace(name: String)
    }

    let state = NIOLockedValueBox(State())
    /// The most events kept for watches to resume from.
    public let historyLimit: Int
    /// Tokens issued by TokenRequest.
    public let issuedTokens = KubernetesIssuedTokens()

    /// A fresh store with the built-in kinds and the initial namespaces.
    public init(historyLimit: Int = 10_000) {
        self.historyLimit = max(1, historyLimit)
        state.withLockedValue { state in
            for type in KubernetesBuiltinResources.all { state.types[type.key] = type }
        }
        let namespaces = type(forKey: "namespaces")
        for name in KubernetesBuiltinResources.initialNamespaces {
            if let namespaces {
                _ = try? create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]], type: namespaces, version: "v1", namespace: "", fieldManager: "emulator", now: Date())
            }
        }
    }

    // MARK: types

    /// Every served resource type.
    public var resourceTypes: [KubernetesResourceType] {
        state.withLockedValue { Array($0.types.values) }.sorted { $0.key < $1.key }
    }

    func type(forKey key: String) -> KubernetesResourceType? { state.withLockedValue { $0.types[key] } }

    /// The type served at `group/version` under `plural`.
    func type(group: String, version: String, plural: String) -> KubernetesResourceType? {
        let key = group.isEmpty ? plural : "\(plural).\(group)"
        guard let type = state.withLockedValue({ $0.types[key] }), type.versions.contains(version) else { return nil }
        return type
    }

    /// The current resourceVersion of the whole store.
    public var currentResourceVersion: String { state.withLockedValue { String($0.resourceVersion) } }

    // MARK: reads

    /// One object, or 404.
    func get(type: KubernetesResourceType, version: String, namespace: String, name: String) throws(KubernetesStatusError) -> StoredObject {
        let key = KubernetesObjectKey(namespace: type.namespaced ? namespace : "", name: name)
        guard let stored = state.withLockedValue({ $0.objects[type.key]?[key] }) else { throw .notFound(type, name: name) }
        return Self.converted(stored, to: version, of: type)
    }

    /// A page of objects matching the selectors, sorted by namespace and name, with the list's
    /// resourceVersion, the continue token of the next page and how many matching items follow it. With
    /// `exactResourceVersion` (`resourceVersionMatch=Exact`) or a continue token, the page is read from the state
    /// at that resourceVersion, rebuilt from the event history (410 when that part of the history is gone).
    func list(
        type: KubernetesResourceType, version: String, namespace: String?, labels: KubernetesLabelSelector,
        fields: KubernetesFieldSelector?, limit: Int?, continueToken: String?, exactResourceVersion: Int? = nil
    ) throws(KubernetesStatusError) -> (items: [StoredObject], resourceVersion: String, continueToken: String?, remaining: Int?) {
        var after: KubernetesObjectKey?
        var snapshot = exactResourceVersion
        if let continueToken, !continueToken.isEmpty {
            guard let data = Data(base64Encoded: continueToken), let text = String(data: data, encoding: .utf8) else {
                throw .badRequest("continue key is not valid: illegal base64 data")
            }
            let parts = text.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let version = Int(parts[0]) else { throw .badRequest("continue key is not valid: malformed") }
            snapshot = version
            after = KubernetesObjectKey(namespace: parts[1], name: parts[2])
        }
        let read: Result<([KubernetesObjectKey: StoredObject], Int), KubernetesStatusError> = state.withLockedValue { state in
            var objects = state.objects[type.key] ?? [:]
            guard let snapshot, snapshot < state.resourceVersion else { return .success((objects, state.resourceVersion)) }
            if snapshot < state.compactedThrough {
                return .failure(.gone("The resourceVersion for the provided list is too old."))
            }
            for event in state.history.reversed() where event.resourceVersion > snapshot && event.typeKey == type.key {
                let key = KubernetesObjectKey(namespace: type.namespaced ? event.object.metadataNamespace : "", name: event.object.metadataName)
                switch event.type {
                case "ADDED": objects.removeValue(forKey: key)
                default:
                    if let previous = event.previous { objects[key] = StoredObject(object: previous, bytes: previous.serialized()) } else { objects.removeValue(forKey: key) }
                }
            }
            return .success((objects, snapshot))
        }
        let (objects, resourceVersion) = try read.get()
        var keys = objects.keys.filter { namespace == nil || $0.namespace == namespace }
        if let after { keys = keys.filter { $0 > after } }
        keys.sort()
        let matching = keys.compactMap { objects[$0] }.filter { labels.matches(object: $0.object) && (fields?.matches(object: $0.object) ?? true) }
        let pageSize = limit.flatMap { $0 > 0 ? $0 : nil } ?? matching.count
        let items = matching.prefix(pageSize).map { Self.converted($0, to: version, of: type) }
        guard matching.count > pageSize, let last = items.last?.object else { return (items, String(resourceVersion), nil, nil) }
        let next = Data("\(resourceVersion)\u{1}\(type.namespaced ? last.metadataNamespace : "")\u{1}\(last.metadataName)".utf8).base64EncodedString()
        return (items, String(resourceVersion), next, matching.count - pageSize)
    }

    private static func converted(_ stored: StoredObject, to version: String, of type: KubernetesResourceType) -> StoredObject {
        guard version != type.storageVersion else { return stored }
        var object = stored.object
        object["apiVersion"] = .string(type.apiVersion(version))
        return StoredObject(object: object, bytes: object.serialized())
    }

    // MARK: writes

    /// Creates an object; 409 AlreadyExists when the name is taken. `managedAs` records the manager's fields from another
    /// form of the object and API version (an Event written through events.k8s.io is stored in the core form).
    @discardableResult
    func create(
        _ input: JSONValue, type: KubernetesResourceType, version: String, namespace: String,
        fieldManager: String, strictFields: Bool = false, dryRun: Bool = false, now: Date, admission: KubernetesAdmission? = nil,
        managedAs: (object: JSONValue, apiVersion: String)? = nil
    ) throws(KubernetesStatusError) -> (object: JSONValue, effects: [Effect]) {
        var object = try KubernetesObjectRules.prepareCreate(
            input, type: type, version: version, namespace: namespace,
            schema: schema(type, version), strictFields: strictFields, now: now
        )
        if let managedAs {
            var view = managedAs.object
            KubernetesManagedFields.recordUpdate(old: nil, new: &view, manager: fieldManager, subresource: "", apiVersion: managedAs.apiVersion, now: now)
            object[path: ["metadata", "managedFields"]] = view[path: ["metadata", "managedFields"]]
        } else {
            KubernetesManagedFields.recordUpdate(old: nil, new: &object, manager: fieldManager, subresource: "", apiVersion: type.apiVersion(version), now: now)
        }
        try admission?(nil, object)
        return try commitCreate(object, type: type, dryRun: dryRun, now: now)
    }

    private func commitCreate(_ prepared: JSONValue, type: KubernetesResourceType, dryRun: Bool, now: Date) throws(KubernetesStatusError) -> (object: JSONValue, effects: [Effect]) {
        var object = prepared
        let key = KubernetesObjectKey(namespace: type.namespaced ? object.metadataNamespace : "", name: object.metadataName)
        if type.kind == "CustomResourceDefinition" {
            object["status"] = KubernetesCRDRules.establishedStatus(of: object, now: RFC3339.seconds(now))
        }
        let result: Result<(JSONValue, [Effect]), KubernetesStatusError> = state.withLockedValue { state in
            if type.namespaced {
                let namespaceKey = KubernetesObjectKey(namespace: "", name: key.namespace)
                guard let namespaceObject = state.objects["namespaces"]?[namespaceKey] else {
                    return .failure(.init(code: 404, reason: "NotFound", message: "namespaces \"\(key.namespace)\" not found", details: ["name": .string(key.namespace), "kind": "namespaces"]))
                }
                if namespaceObject.object[path: ["metadata", "deletionTimestamp"]] != nil {
                    return .failure(.init(code: 403, reason: "Forbidden", message: "\(type.plural) \"\(key.name)\" is forbidden: unable to create new content in namespace \(key.namespace) because it is being terminated",
                                          details: ["name": .string(key.name), "kind": .string(type.plural),
                                                    "causes": [["reason": "NamespaceTerminating", "message": .string("namespace \(key.namespace) is being terminated"), "field": "metadata.namespace"]]]))
                }
            }
            if state.objects[type.key]?[key] != nil { return .failure(.alreadyExists(type, name: key.name)) }
            if dryRun { return .success((object, [])) }
            var effects: [Effect] = []
            if type.isWorkload {
                // The revision annotation is the controller's: it appears when the first rollout completes.
                object[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] = nil
                if object[path: ["metadata", "annotations"]]?.objectValue?.isEmpty == true { object[path: ["metadata", "annotations"]] = nil }
                state.rollouts[Self.workloadKey(type, key)] = 0
                if object[path: ["spec", "paused"]]?.boolValue != true {
                    state.rolledTemplates[Self.workloadKey(type, key)] = object[path: ["spec", "template"]]
                }
                effects.append(.rollout(typeKey: type.key, namespace: key.namespace, name: key.name, generation: 1))
            }
            Self.commit(&state, type: type, key: key, new: object, eventType: "ADDED", previous: nil, historyLimit: historyLimit)
            let stored = state.objects[type.key]?[key]?.object ?? object
            if type.kind == "CustomResourceDefinition" { Self.registerCRD(&state, stored) }
            return .success((stored, effects))
        }
        return try result.get()
    }

    /// Replaces an object through the main resource or `/status` (409 on a stale resourceVersion).
    func update(
        _ input: JSONValue, type: KubernetesResourceType, version: String, namespace: String, name: String,
        subresource: String, fieldManager: String, strictFields: Bool = false, dryRun: Bool = false, now: Date,
        admission: KubernetesAdmission? = nil
    ) throws(KubernetesStatusError) -> (object: JSONValue, effects: [Effect]) {
        try modify(type: type, version: version, namespace: namespace, name: name, dryRun: dryRun, now: now, admission: admission) { old throws(KubernetesStatusError) in
            guard let old else { throw .notFound(type, name: name) }
            var object = try KubernetesObjectRules.prepareUpdate(
                input, old: old, type: type, version: version, subresource: subresource,
                schema: self.schema(type, version), strictFields: strictFields
            )
            KubernetesManagedFields.recordUpdate(old: old, new: &object, manager: fieldManager, subresource: subresource, apiVersion: type.apiVersion(version), now: now)
            return object
        }
    }

    /// Reads the current object, computes its replacement with `change` (which receives nil for a
    /// missing object and may then return a new one), and commits it after `admission` accepts it; retried on races.
    func modify(
        type: KubernetesResourceType, version: String, namespace: String, name: String, dryRun: Bool, now: Date,
        admission: KubernetesAdmission? = nil, _ change: (JSONValue?) throws(KubernetesStatusError) -> JSONValue
    ) throws(KubernetesStatusError) -> (object: JSONValue, effects: [Effect]) {
        let key = KubernetesObjectKey(namespace: type.namespaced ? namespace : "", name: name)
        for _ in 0..<16 {
            let current = state.withLockedValue { $0.objects[type.key]?[key]?.object }
            let proposed = try change(current.map { Self.converted(.init(object: $0, bytes: []), to: version, of: type).object })
            try admission?(current, proposed)
            guard let current else {
                return try commitCreate(proposed, type: type, dryRun: dryRun, now: now)
            }
            if dryRun { return (proposed, []) }
            let outcome: (JSONValue, [Effect])? = state.withLockedValue { state in
                guard let latest = state.objects[type.key]?[key]?.object, latest.metadataResourceVersion == current.metadataResourceVersion else { return nil }
                var object = proposed
                object["apiVersion"] = current["apiVersion"]
                var comparable = object
                comparable[path: ["metadata", "resourceVersion"]] = latest[path: ["metadata", "resourceVersion"]]
                // A write that changes nothing is a no-op, unless it changes who owns what (an Apply sharing a field).
                comparable[path: ["metadata", "managedFields"]] = latest[path: ["metadata", "managedFields"]]
                let ownershipChanged = Self.withoutTimes(object[path: ["metadata", "managedFields"]]) != Self.withoutTimes(latest[path: ["metadata", "managedFields"]])
                if comparable == latest, !ownershipChanged { return (latest, []) }
                var effects: [Effect] = []
                if type.isWorkload {
                    effects = Self.noteWorkloadChange(&state, type: type, key: key, old: latest, new: &object)
                }
                if object[path: ["metadata", "deletionTimestamp"]] != nil, object.metadataFinalizers.isEmpty {
                    Self.remove(&state, type: type, key: key, historyLimit: historyLimit)
                    return (object, effects)
                }
                Self.commit(&state, type: type, key: key, new: object, eventType: "MODIFIED", previous: latest, historyLimit: historyLimit)
                let stored = state.objects[type.key]?[key]?.object ?? object
                if type.kind == "CustomResourceDefinition" { Self.registerCRD(&state, stored) }
                return (stored, effects)
            }
            if let outcome {
                return (Self.converted(.init(object: outcome.0, bytes: []), to: version, of: type).object, outcome.1)
            }
        }
        throw .conflict(type, name: name, "the object is being modified too often; try again")
    }

    /// Deletes an object: with finalizers it only gets a deletionTimestamp, otherwise it goes at
    /// once and its dependents are garbage-collected (or orphaned with `propagationPolicy=Orphan`).
    func delete(
        type: KubernetesResourceType, namespace: String, name: String, preconditionUID: String?,
        preconditionResourceVersion: String?, propagation: String?, dryRun: Bool, now: Date
    ) throws(KubernetesStatusError) -> JSONValue {
        let key = KubernetesObjectKey(namespace: type.namespaced ? namespace : "", name: name)
        let result: Result<JSONValue, KubernetesStatusError> = state.withLockedValue { state in
            guard let stored = state.objects[type.key]?[key]?.object else { return .failure(.notFound(type, name: name)) }
            if let preconditionUID, !preconditionUID.isEmpty, preconditionUID != stored.metadataUID {
                return .failure(.preconditionFailed(type, name: name, "the UID in the precondition (\(preconditionUID)) does not match the UID in record (\(stored.metadataUID)). The object might have been deleted and then recreated"))
            }
            if let preconditionResourceVersion, !preconditionResourceVersion.isEmpty, preconditionResourceVersion != stored.metadataResourceVersion {
                return .failure(.preconditionFailed(type, name: name, "the ResourceVersion in the precondition (\(preconditionResourceVersion)) does not match the ResourceVersion in record (\(stored.metadataResourceVersion)). The object might have been modified"))
            }
            if dryRun { return .success(stored) }
            if type.key == "namespaces" {
                if stored[path: ["metadata", "deletionTimestamp"]] != nil { return .success(stored) }
                Self.removeContent(&state, namespace: name, historyLimit: historyLimit)
                var object = stored
                object[path: ["metadata", "deletionTimestamp"]] = .string(RFC3339.seconds(now))
                object[path: ["status", "phase"]] = "Terminating"
                Self.commit(&state, type: type, key: key, new: object, eventType: "MODIFIED", previous: stored, historyLimit: historyLimit)
                return .success(state.objects[type.key]?[key]?.object ?? object)
            }
            if !stored.metadataFinalizers.isEmpty {
                if stored[path: ["metadata", "deletionTimestamp"]] != nil { return .success(stored) }
                var object = stored
                object[path: ["metadata", "deletionTimestamp"]] = .string(RFC3339.seconds(now))
                object[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
                // Setting deletionTimestamp counts as a change of an object that tracks its generation.
                if let generation = object[path: ["metadata", "generation"]]?.intValue { object[path: ["metadata", "generation"]] = .int(generation + 1) }
                Self.commit(&state, type: type, key: key, new: object, eventType: "MODIFIED", previous: stored, historyLimit: historyLimit)
                return .success(state.objects[type.key]?[key]?.object ?? object)
            }
            if let policy = propagation, let finalizer = ["Foreground": "foregroundDeletion", "Orphan": "orphan"][policy] {
                // The answer shows the owner as the garbage collector receives it: deleting, with the policy's finalizer.
                // The collector's work (dependents deleted or orphaned, then the owner) follows at once.
                var deleting = stored
                deleting[path: ["metadata", "deletionTimestamp"]] = .string(RFC3339.seconds(now))
                deleting[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
                deleting[path: ["metadata", "finalizers"]] = [.string(finalizer)]
                if let generation = deleting[path: ["metadata", "generation"]]?.intValue { deleting[path: ["metadata", "generation"]] = .int(generation + 1) }
                Self.commit(&state, type: type, key: key, new: deleting, eventType: "MODIFIED", previous: stored, historyLimit: historyLimit)
                let answer = state.objects[type.key]?[key]?.object ?? deleting
                Self.remove(&state, type: type, key: key, historyLimit: historyLimit, orphan: policy == "Orphan")
                return .success(answer)
            }
            let removed = Self.remove(&state, type: type, key: key, historyLimit: historyLimit, orphan: propagation == "Orphan")
            return .success(removed ?? stored)
        }
        return try result.get()
    }

    // MARK: internals (called with the lock held)

    static func workloadKey(_ type: KubernetesResourceType, _ key: KubernetesObjectKey) -> String { "\(type.key)/\(key.text)" }

    /// Stores `new` with the next resourceVersion, records the event and tells the watchers.
    static func commit(
        _ state: inout State, type: KubernetesResourceType, key: KubernetesObjectKey, new: JSONValue,
        eventType: String, previous: JSONValue?, historyLimit: Int
    ) {
        state.resourceVersion += 1
        var object = new
        object[path: ["metadata", "resourceVersion"]] = .string(String(state.resourceVersion))
        state.objects[type.key, default: [:]][key] = StoredObject(object: object, bytes: object.serialized())
        record(&state, KubernetesWatchEvent(resourceVersion: state.resourceVersion, typeKey: type.key, type: eventType, object: object, previous: previous), historyLimit: historyLimit)
    }

    static func record(_ state: inout State, _ event: KubernetesWatchEvent, historyLimit: Int) {
        state.history.append(event)
        if state.history.count > historyLimit + historyLimit / 4 {
            let drop = state.history.count - historyLimit
            state.compactedThrough = state.history[drop - 1].resourceVersion
            state.history.removeFirst(drop)
        }
        for watcher in state.watchers.values { watcher.deliver(event) }
        if !state.changeObservers.isEmpty {
            let change = KubernetesStoreChange(event)
            for observer in state.changeObservers { observer(change) }
        }
    }

    /// Removes an object now, then collects (or orphans) its dependents; returns the removed object.
    @discardableResult
    static func remove(_ state: inout State, type: KubernetesResourceType, key: KubernetesObjectKey, historyLimit: Int, orphan: Bool = false) -> JSONValue? {
        guard let stored = state.objects[type.key]?.removeValue(forKey: key)?.object else { return nil }
        state.resourceVersion += 1
        var object = stored
        object[path: ["metadata", "resourceVersion"]] = .string(String(state.resourceVersion))
        record(&state, KubernetesWatchEvent(resourceVersion: state.resourceVersion, typeKey: type.key, type: "DELETED", object: object, previous: stored), historyLimit: historyLimit)
        state.rollouts.removeValue(forKey: workloadKey(type, key))
        state.rolledTemplates.removeValue(forKey: workloadKey(type, key))
        if type.kind == "CustomResourceDefinition", let definedKey = Optional(KubernetesCRDRules.resourceType(of: stored).key) {
            if let definedType = state.types[definedKey] {
                for objectKey in (state.objects[definedKey] ?? [:]).keys { remove(&state, type: definedType, key: objectKey, historyLimit: historyLimit) }
            }
            state.types.removeValue(forKey: definedKey)
            state.objects.removeValue(forKey: definedKey)
        }
        if type.key == "namespaces" { removeContent(&state, namespace: key.name, historyLimit: historyLimit) }
        collectDependents(&state, ownerUID: stored.metadataUID, orphan: orphan, historyLimit: historyLimit)
        return object
    }

    /// managedFields without their timestamps.
    static func withoutTimes(_ managedFields: JSONValue?) -> JSONValue? {
        managedFields.map { fields in .array((fields.arrayValue ?? []).map { entry in
            var entry = entry
            entry["time"] = nil
            return entry
        }) }
    }

    /// Removes every object in a namespace.
    static func removeContent(_ state: inout State, namespace: String, historyLimit: Int) {
        for (typeKey, objects) in state.objects {
            guard let namespacedType = state.types[typeKey], namespacedType.namespaced else { continue }
            for objectKey in objects.keys where objectKey.namespace == namespace {
                remove(&state, type: namespacedType, key: objectKey, historyLimit: historyLimit)
            }
        }
    }

    /// Removes a Terminating namespace (and anything created in it meanwhile).
    func finalizeNamespace(_ name: String) {
        state.withLockedValue { state in
            guard let type = state.types["namespaces"], let stored = state.objects["namespaces"]?[KubernetesObjectKey(namespace: "", name: name)],
                  stored.object[path: ["metadata", "deletionTimestamp"]] != nil else { return }
            _ = Self.remove(&state, type: type, key: KubernetesObjectKey(namespace: "", name: name), historyLimit: historyLimit)
        }
    }

    /// Garbage collection: dependents lose the owner reference; those left without owners go too.
    static func collectDependents(_ state: inout State, ownerUID: String, orphan: Bool, historyLimit: Int) {
        guard !ownerUID.isEmpty else { return }
        for (typeKey, objects) in state.objects {
            guard let dependentType = state.types[typeKey] else { continue }
            for (key, stored) in objects {
                guard let references = stored.object[path: ["metadata", "ownerReferences"]]?.arrayValue,
                    references.contains(where: { $0["uid"]?.stringValue == ownerUID })
                else { continue }
                let remaining = references.filter { $0["uid"]?.stringValue != ownerUID }
                if remaining.isEmpty, !orphan {
                    if stored.object.metadataFinalizers.isEmpty {
                        remove(&state, type: dependentType, key: key, historyLimit: historyLimit)
                    } else if stored.object[path: ["metadata", "deletionTimestamp"]] == nil {
                        var object = stored.object
                        object[path: ["metadata", "deletionTimestamp"]] = .string(RFC3339.seconds(Date()))
                        commit(&state, type: dependentType, key: key, new: object, eventType: "MODIFIED", previous: stored.object, historyLimit: historyLimit)
                    }
                } else {
                    var object = stored.object
                    object[path: ["metadata", "ownerReferences"]] = remaining.isEmpty ? nil : .array(remaining)
                    commit(&state, type: dependentType, key: key, new: object, eventType: "MODIFIED", previous: stored.object, historyLimit: historyLimit)
                }
            }
        }
    }

    static func registerCRD(_ state: inout State, _ crd: JSONValue) {
        let defined = KubernetesCRDRules.resourceType(of: crd)
        guard !defined.plural.isEmpty, !defined.kind.isEmpty else { return }
        state.types[defined.key] = defined
    }

    /// A template change (or unpausing) counts a rollout, bumps the revision annotation and asks
    /// for the simulated controller to report it.
    static func noteWorkloadChange(_ state: inout State, type: KubernetesResourceType, key: KubernetesObjectKey, old: JSONValue, new: inout JSONValue) -> [Effect] {
        let generation = new[path: ["metadata", "generation"]]?.intValue ?? 1
        guard generation != old[path: ["metadata", "generation"]]?.intValue else { return [] }
        let workload = workloadKey(type, key)
        let paused = type.kind == "Deployment" && new[path: ["spec", "paused"]]?.boolValue == true
        if !paused, state.rolledTemplates[workload] != new[path: ["spec", "template"]] {
            let isFirst = state.rolledTemplates[workload] == nil
            state.rolledTemplates[workload] = new[path: ["spec", "template"]]
            if !isFirst { state.rollouts[workload, default: 0] += 1 }
            if type.kind == "Deployment" {
                let revision = (old[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.stringValue).flatMap { Int($0) } ?? (isFirst ? 0 : 1)
                new[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] = .string(String(isFirst ? max(revision, 1) : revision + 1))
            }
        }
        return [.rollout(typeKey: type.key, namespace: key.namespace, name: key.name, generation: generation)]
    }

    func schema(_ type: KubernetesResourceType, _ version: String) -> KubernetesStructuralSchema? {
        type.schemas[version].map(KubernetesStructuralSchema.init(root:))
    }
}
