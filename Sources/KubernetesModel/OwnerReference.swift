import JSON

/// `metadata.ownerReferences[]`.
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

    public init(json: JSONValue) {
        apiVersion = json["apiVersion"]?.stringValue ?? ""
        kind = json["kind"]?.stringValue ?? ""
        name = json["name"]?.stringValue ?? ""
        uid = json["uid"]?.stringValue ?? ""
        controller = json["controller"]?.boolValue
        blockOwnerDeletion = json["blockOwnerDeletion"]?.boolValue
    }

    public var json: JSONValue {
        var value: JSONValue = ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid)]
        if let controller { value["controller"] = .bool(controller) }
        if let blockOwnerDeletion { value["blockOwnerDeletion"] = .bool(blockOwnerDeletion) }
        return value
    }
}
