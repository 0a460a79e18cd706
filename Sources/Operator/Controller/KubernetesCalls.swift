import Kubernetes

/// The Kubernetes calls the controller makes besides its informers' lists and watches: a `get` on a cache miss and
/// the writes of a reconcile. `KubernetesClient` makes them over HTTP; a test can hand the executor and the
/// controller an in-memory fake instead, and keep the emulator for integration tests.
public protocol KubernetesCalls: Sendable {
    /// Reads one object; throws `KubernetesError.notFound` when there is none.
    func get(_ type: ResourceType, namespace: String?, name: String, subresource: String?) async throws -> KubernetesObject
    /// Creates `object`; throws `alreadyExists` (409) when the name is taken.
    func create(_ type: ResourceType, _ object: KubernetesObject, namespace: String?) async throws -> KubernetesObject
    /// Replaces `object`, with its resourceVersion as precondition (409 when it moved on).
    func replace(_ type: ResourceType, _ object: KubernetesObject, namespace: String?, subresource: String?) async throws -> KubernetesObject
    /// Replaces the `/status` of `object`, with its resourceVersion as precondition.
    func replaceStatus(_ type: ResourceType, _ object: KubernetesObject, namespace: String?) async throws -> KubernetesObject
    /// Patches an object.
    func patch(
        _ type: ResourceType, namespace: String?, name: String, _ patch: Patch, subresource: String?, fieldManager: String?
    ) async throws -> KubernetesObject
}

extension KubernetesClient: KubernetesCalls {}

extension KubernetesCalls {
    /// Reads a typed object.
    public func get<Resource: KubernetesResource>(_: Resource.Type, namespace: String? = nil, name: String) async throws -> Resource {
        Resource(object: try await get(Resource.resourceType, namespace: namespace, name: name, subresource: nil))
    }

    /// Reads an object.
    public func get(_ type: ResourceType, namespace: String? = nil, name: String) async throws -> KubernetesObject {
        try await get(type, namespace: namespace, name: name, subresource: nil)
    }

    /// Creates a typed object.
    public func create<Resource: KubernetesResource>(_ resource: Resource) async throws -> Resource {
        Resource(object: try await create(Resource.resourceType, resource.object, namespace: nil))
    }

    /// Replaces a typed object.
    public func replace<Resource: KubernetesResource>(_ resource: Resource) async throws -> Resource {
        Resource(object: try await replace(Resource.resourceType, resource.object, namespace: nil, subresource: nil))
    }

    /// Replaces the `/status` of `object`.
    public func replaceStatus(_ type: ResourceType, _ object: KubernetesObject) async throws -> KubernetesObject {
        try await replaceStatus(type, object, namespace: nil)
    }

    /// Patches an object.
    public func patch(
        _ type: ResourceType, namespace: String? = nil, name: String, _ patch: Patch, fieldManager: String? = nil
    ) async throws -> KubernetesObject {
        try await self.patch(type, namespace: namespace, name: name, patch, subresource: nil, fieldManager: fieldManager)
    }
}
