import JSON

/// The `OwnerReferencesPermissionEnforcement` admission plugin: who may set owner references and
/// `blockOwnerDeletion`, judged by the ``KubernetesAuthorizer`` for the requesting user.
struct KubernetesOwnerReferencesPermissionEnforcement: Sendable {
    let authorizer: KubernetesAuthorizer
    let store: KubernetesStore

    /// Checks a write of an object of `type` (through `subresource`, empty for the main resource) in `namespace`.
    func validate(
        user: KubernetesUser, type: KubernetesResourceType, subresource: String, namespace: String, old: JSONValue?, new: JSONValue
    ) throws(KubernetesStatusError) {
        let newReferences = new[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        let oldReferences = old?[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        // Unchanged references (compared element by element with the stored ones) need no permission.
        guard old == nil ? !newReferences.isEmpty : newReferences != oldReferences else { return }
        let name = new.metadataName.isEmpty ? (new[path: ["metadata", "generateName"]]?.stringValue ?? "Unknown") : new.metadataName
        func reject(_ why: String) -> KubernetesStatusError {
            .forbidden(group: type.group, resource: type.plural, name: name, why)
        }
        if old != nil {
            let delete = KubernetesAccessAttributes(verb: "delete", group: type.group, resource: type.plural, subresource: subresource, namespace: namespace, name: new.metadataName)
            let decision = authorizer.authorize(user, delete)
            guard decision.allowed else { throw reject("cannot set an ownerRef on a resource you can't delete: \(decision.reason), <nil>") }
        }
        let previouslyBlocking = Set(oldReferences.filter { $0["blockOwnerDeletion"]?.boolValue == true }.compactMap { $0["uid"]?.stringValue })
        let newlyBlocking = newReferences.filter { reference in
            reference["blockOwnerDeletion"]?.boolValue == true && !previouslyBlocking.contains(reference["uid"]?.stringValue ?? "")
        }
        guard !newlyBlocking.isEmpty else { return }
        let finalizeAnything = KubernetesAccessAttributes(verb: "update", group: "*", resource: "*", subresource: "finalizers", name: "*")
        if authorizer.authorize(user, finalizeAnything).allowed { return }
        for reference in newlyBlocking {
            let apiVersion = reference["apiVersion"]?.stringValue ?? ""
            let kind = reference["kind"]?.stringValue ?? ""
            let (group, version) = Self.split(apiVersion)
            guard let owner = store.resourceTypes.first(where: { $0.group == group && $0.kind == kind && $0.versions.contains(version) }) else {
                throw reject("cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion \(apiVersion) Kind \(kind): no matches for kind \"\(kind)\" in version \"\(apiVersion)\"")
            }
            let finalize = KubernetesAccessAttributes(
                verb: "update", group: owner.group, resource: owner.plural, subresource: "finalizers",
                namespace: owner.namespaced ? namespace : "", name: reference["name"]?.stringValue ?? ""
            )
            let decision = authorizer.authorize(user, finalize)
            guard decision.allowed else {
                throw reject("cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: \(decision.reason), <nil>")
            }
        }
    }

    /// `group/version` or `version` (core) into its group and version.
    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.firstIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
