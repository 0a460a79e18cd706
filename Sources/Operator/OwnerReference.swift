/// A Kubernetes owner reference.
public struct OwnerReference: Sendable, Hashable, Codable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil, blockOwnerDeletion: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }

    /// The controlling reference from a Secret to `gateway`.
    public static func controller(of gateway: Gateway) -> OwnerReference {
        OwnerReference(
            apiVersion: Gateway.apiVersion, kind: Gateway.kind, name: gateway.metadata.name, uid: gateway.metadata.uid,
            controller: true, blockOwnerDeletion: true)
    }
}
