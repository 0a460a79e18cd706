import JSON

/// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews` (`kubectl auth can-i`): whether the requester may do
/// what `spec.resourceAttributes` or `spec.nonResourceAttributes` describe, answered by the ``KubernetesAuthorizer``.
enum KubernetesSelfSubjectAccessReview {
    static let path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"

    /// The review with its `status` filled in (superusers are allowed everything).
    static func review(_ body: JSONValue, identity: KubernetesIdentity, authorizer: KubernetesAuthorizer) throws(KubernetesStatusError) -> JSONValue {
        let spec = body["spec"] ?? .emptyObject
        let attributes: KubernetesAccessAttributes
        if let resource = spec["resourceAttributes"] {
            func text(_ key: String) -> String { resource[key]?.stringValue ?? "" }
            attributes = .init(verb: text("verb"), group: text("group"), resource: text("resource"), subresource: text("subresource"),
                               namespace: text("namespace"), name: text("name"))
        } else if let nonResource = spec["nonResourceAttributes"] {
            attributes = .init(verb: nonResource["verb"]?.stringValue ?? "", nonResourcePath: nonResource["path"]?.stringValue ?? "")
        } else {
            throw .init(code: 422, reason: "Invalid", message: "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                        details: ["group": "authorization.k8s.io", "kind": "SelfSubjectAccessReview", "causes": [
                            ["reason": "FieldValueInvalid", "message": "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified", "field": "spec.resourceAttributes"],
                        ]])
        }
        var status: JSONValue = ["allowed": true]
        if case .user(let user) = identity {
            let decision = authorizer.authorize(user, attributes)
            status["allowed"] = .bool(decision.allowed)
            if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
        }
        return ["kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "metadata": ["creationTimestamp": .null],
                "spec": spec, "status": status]
    }
}
