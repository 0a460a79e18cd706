import JSON
import FoundationEssentials

extension KubernetesStore {
    /// Creates `object` without HTTP, as a client would (its `apiVersion` and `kind` pick the type).
    @discardableResult
    public func create(_ object: JSONValue, fieldManager: String = "emulator-seed") throws -> JSONValue {
        let (type, version) = try resolve(object)
        let (created, effects) = try create(object, type: type, version: version, namespace: object.metadataNamespace.isEmpty ? "default" : object.metadataNamespace, fieldManager: fieldManager, now: Date())
        KubernetesEmulator.schedule(effects, on: self, after: .zero)
        return created
    }

    /// The stored object of `kind` (`apiVersion` picks the group), or nil.
    public func get(apiVersion: String, kind: String, namespace: String = "", name: String) -> JSONValue? {
        guard let (type, version) = try? resolve(["apiVersion": .string(apiVersion), "kind": .string(kind)]) else { return nil }
        return try? get(type: type, version: version, namespace: namespace, name: name).object
    }

    private func resolve(_ object: JSONValue) throws(KubernetesStatusError) -> (KubernetesResourceType, String) {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        let parts = apiVersion.split(separator: "/").map(String.init)
        let group = parts.count == 2 ? parts[0] : ""
        let version = parts.last ?? ""
        guard let type = resourceTypes.first(where: { $0.group == group && $0.kind == kind && $0.versions.contains(version) }) else {
            throw .badRequest("no resource of kind \(kind) is served at \(apiVersion); apply its CustomResourceDefinition first")
        }
        return (type, version)
    }
}
