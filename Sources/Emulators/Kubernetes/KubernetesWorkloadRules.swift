import JSON

/// Defaults and validation of Deployments, StatefulSets and DaemonSets.
enum KubernetesWorkloadRules {
    static func applyDefaults(_ object: inout JSONValue, type: KubernetesResourceType) throws(KubernetesStatusError) {
        guard type.isWorkload else { return }
        var spec = object["spec"] ?? .emptyObject
        switch type.kind {
        case "Deployment":
            if spec["replicas"] == nil { spec["replicas"] = 1 }
            if spec["strategy"] == nil { spec["strategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]] }
            if spec["revisionHistoryLimit"] == nil { spec["revisionHistoryLimit"] = 10 }
            if spec["progressDeadlineSeconds"] == nil { spec["progressDeadlineSeconds"] = 600 }
        case "StatefulSet":
            if spec["replicas"] == nil { spec["replicas"] = 1 }
            if spec["updateStrategy"] == nil { spec["updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]] }
            if spec["podManagementPolicy"] == nil { spec["podManagementPolicy"] = "OrderedReady" }
            if spec["revisionHistoryLimit"] == nil { spec["revisionHistoryLimit"] = 10 }
            if spec["persistentVolumeClaimRetentionPolicy"] == nil { spec["persistentVolumeClaimRetentionPolicy"] = ["whenDeleted": "Retain", "whenScaled": "Retain"] }
            if let claims = spec["volumeClaimTemplates"]?.arrayValue {
                spec["volumeClaimTemplates"] = .array(claims.map { claim in
                    var claim = claim
                    if claim["kind"] == nil { claim["kind"] = "PersistentVolumeClaim" }
                    if claim["apiVersion"] == nil { claim["apiVersion"] = "v1" }
                    if claim[path: ["spec", "volumeMode"]] == nil { claim[path: ["spec", "volumeMode"]] = "Filesystem" }
                    if claim["status"] == nil { claim["status"] = ["phase": "Pending"] }
                    return claim
                })
            }
        default:
            if spec["updateStrategy"] == nil { spec["updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]] }
            if spec["revisionHistoryLimit"] == nil { spec["revisionHistoryLimit"] = 10 }
        }
        if let template = spec["template"] { spec["template"] = KubernetesPodTemplateDefaults.apply(to: template) }
        object["spec"] = spec
        var errors: [KubernetesFieldError] = []
        let selector = spec[path: ["selector", "matchLabels"]]?.objectValue
        if spec["selector"] == nil {
            errors.append(.init(field: "spec.selector", reason: "FieldValueRequired", message: "Required value"))
        }
        let labels = spec[path: ["template", "metadata", "labels"]]?.objectValue ?? [:]
        if spec["selector"] == nil || selector.map({ !$0.allSatisfy { labels[$0.key] == $0.value } }) == true {
            errors.append(.init(field: "spec.template.metadata.labels", message: "Invalid value: \(JSONValue.object(labels).jsonString): `selector` does not match template `labels`"))
        }
        if (spec[path: ["template", "spec", "containers"]]?.arrayValue ?? []).isEmpty {
            errors.append(.init(field: "spec.template.spec.containers", reason: "FieldValueRequired", message: "Required value"))
        }
        if !errors.isEmpty { throw .invalid(type, name: object.metadataName, errors) }
    }
}
