import Basics
import FoundationEssentials
import JSON

/// A view over `metadata`; fields not named here (such as `managedFields`) are kept untouched.
public struct ObjectMeta: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue = .emptyObject) { self.json = json }

    public var name: String? {
        get { json["name"]?.stringValue }
        set { json["name"] = newValue.map(JSONValue.string) }
    }

    public var generateName: String? {
        get { json["generateName"]?.stringValue }
        set { json["generateName"] = newValue.map(JSONValue.string) }
    }

    public var namespace: String? {
        get { json["namespace"]?.stringValue }
        set { json["namespace"] = newValue.map(JSONValue.string) }
    }

    public var uid: String? {
        get { json["uid"]?.stringValue }
        set { json["uid"] = newValue.map(JSONValue.string) }
    }

    /// Opaque; compare only for equality.
    public var resourceVersion: String? {
        get { json["resourceVersion"]?.stringValue }
        set { json["resourceVersion"] = newValue.map(JSONValue.string) }
    }

    public var generation: Int? {
        get { json["generation"]?.intValue }
        set { json["generation"] = newValue.map(JSONValue.int) }
    }

    public var labels: [String: String] {
        get { Self.strings(json["labels"]) }
        set { json["labels"] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }

    public var annotations: [String: String] {
        get { Self.strings(json["annotations"]) }
        set { json["annotations"] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }

    public var ownerReferences: [OwnerReference] {
        get { (json["ownerReferences"]?.arrayValue ?? []).map(OwnerReference.init(json:)) }
        set { json["ownerReferences"] = newValue.isEmpty ? nil : .array(newValue.map(\.json)) }
    }

    public var finalizers: [String] {
        get { (json["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue) }
        set { json["finalizers"] = newValue.isEmpty ? nil : .array(newValue.map(JSONValue.string)) }
    }

    public var creationTimestamp: Date? {
        json["creationTimestamp"]?.stringValue.flatMap(RFC3339.parse)
    }

    public var deletionTimestamp: Date? {
        json["deletionTimestamp"]?.stringValue.flatMap(RFC3339.parse)
    }

    /// Server-side apply field ownership, as sent by the server.
    public var managedFields: JSONValue? { json["managedFields"] }

    private static func strings(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}

/// A reference to another object (Event `regarding`).
public struct ObjectReference: Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var resourceVersion: String?

    public init(apiVersion: String? = nil, kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil, resourceVersion: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
    }

    /// A reference to `object` (its type's apiVersion and kind are used when the object lacks them).
    public init(_ object: KubernetesObject, type: ResourceType? = nil) {
        self.init(
            apiVersion: object.apiVersion ?? type?.apiVersion, kind: object.kind ?? type?.kind,
            namespace: object.metadata.namespace, name: object.metadata.name, uid: object.metadata.uid,
            resourceVersion: object.metadata.resourceVersion
        )
    }

    public init(json: JSONValue) {
        apiVersion = json["apiVersion"]?.stringValue
        kind = json["kind"]?.stringValue
        namespace = json["namespace"]?.stringValue
        name = json["name"]?.stringValue
        uid = json["uid"]?.stringValue
        resourceVersion = json["resourceVersion"]?.stringValue
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        members["apiVersion"] = apiVersion.map(JSONValue.string)
        members["kind"] = kind.map(JSONValue.string)
        members["namespace"] = namespace.map(JSONValue.string)
        members["name"] = name.map(JSONValue.string)
        members["uid"] = uid.map(JSONValue.string)
        members["resourceVersion"] = resourceVersion.map(JSONValue.string)
        return .object(members)
    }
}
