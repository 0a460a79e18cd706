import JSON

/// Validation of DeleteOptions (body or query), as the real server does before deleting: the
/// propagation policy must be known and cannot be combined with the deprecated `orphanDependents`.
enum KubernetesDeleteOptions {
    static let policies = ["Foreground", "Background", "Orphan"]

    static func validate(policy: String?, orphanDependents: Bool?) throws(KubernetesStatusError) {
        guard let policy else { return }
        if !policies.contains(policy) {
            throw invalid(reason: "FieldValueNotSupported", message: "Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
        }
        if orphanDependents != nil {
            throw invalid(reason: "FieldValueInvalid", message: "Invalid value: \"\(policy)\": orphanDependents and deletionPropagation cannot be both set")
        }
    }

    static func invalid(reason: String, message: String) -> KubernetesStatusError {
        .init(code: 422, reason: "Invalid", message: "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: \(message)",
              details: ["group": "meta.k8s.io", "kind": "DeleteOptions",
                        "causes": [["reason": .string(reason), "message": .string(message), "field": "propagationPolicy"]]])
    }
}
