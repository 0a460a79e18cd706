import FoundationEssentials
import JSON

/// A core/v1 Secret. `data` is decoded from and encoded to base64.
public struct Secret: KubernetesResource, Hashable {
    public static let resourceType = ResourceType.secret
    public var object: KubernetesObject

    public init(object: KubernetesObject) { self.object = object }

    /// `type` (e.g. `Opaque`); it cannot change after creation.
    public var type: String? {
        get { object["type"]?.stringValue }
        set { object["type"] = newValue.map(JSONValue.string) }
    }

    /// The decoded `data`; values that are not valid base64 are left out.
    public var data: [String: Data] {
        get { (object["data"]?.objectValue ?? [:]).compactMapValues { $0.stringValue.flatMap { Data(base64Encoded: $0) } } }
        set { object["data"] = newValue.isEmpty ? nil : .object(newValue.mapValues { .string($0.base64EncodedString()) }) }
    }

    /// Write-only plain-text values the server merges into `data`.
    public var stringData: [String: String] {
        get { (object["stringData"]?.objectValue ?? [:]).compactMapValues(\.stringValue) }
        set { object["stringData"] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }
}

/// A core/v1 Namespace.
public struct Namespace: KubernetesResource, Hashable {
    public static let resourceType = ResourceType.namespace
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }
}

/// An apiextensions.k8s.io/v1 CustomResourceDefinition (read and written as JSON).
public struct CustomResourceDefinition: KubernetesResource, Hashable {
    public static let resourceType = ResourceType.customResourceDefinition
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }
}
