import Basics
import FoundationEssentials
import JSON

/// A coordination.k8s.io/v1 Lease.
public struct Lease: KubernetesResource, Hashable {
    public static let resourceType = ResourceType.lease
    public var object: KubernetesObject
    public init(object: KubernetesObject) { self.object = object }

    /// Empty when nobody holds the lease.
    public var holderIdentity: String? {
        get { object["spec", "holderIdentity"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        set { object["spec", "holderIdentity"] = .string(newValue ?? "") }
    }

    public var leaseDurationSeconds: Int? {
        get { object["spec", "leaseDurationSeconds"]?.intValue }
        set { object["spec", "leaseDurationSeconds"] = newValue.map(JSONValue.int) }
    }

    public var acquireTime: Date? {
        get { object["spec", "acquireTime"]?.stringValue.flatMap(RFC3339.parse) }
        set { object["spec", "acquireTime"] = newValue.map { .string(RFC3339.microseconds($0)) } }
    }

    public var renewTime: Date? {
        get { object["spec", "renewTime"]?.stringValue.flatMap(RFC3339.parse) }
        set { object["spec", "renewTime"] = newValue.map { .string(RFC3339.microseconds($0)) } }
    }

    public var leaseTransitions: Int {
        get { object["spec", "leaseTransitions"]?.intValue ?? 0 }
        set { object["spec", "leaseTransitions"] = .int(newValue) }
    }
}
