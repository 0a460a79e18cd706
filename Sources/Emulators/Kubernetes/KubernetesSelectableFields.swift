/// The field labels each resource supports in `fieldSelector`, as the real server registers them:
/// `metadata.name` and `metadata.namespace` everywhere, plus per-kind fields; any other label is
/// 400 "field label not supported".
enum KubernetesSelectableFields {
    static let coreEventFields = [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ]
    static let eventsV1Fields = [
        "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
        "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
    ]

    /// The labels `type` accepts.
    static func labels(_ type: KubernetesResourceType) -> Set<String> {
        var labels: Set<String> = ["metadata.name", "metadata.namespace"]
        switch (type.group, type.plural) {
        case ("", "secrets"): labels.insert("type")
        case ("", "events"): labels.formUnion(coreEventFields)
        case ("events.k8s.io", "events"): labels.formUnion(eventsV1Fields)
        case ("", "namespaces"): labels.insert("status.phase")
        case ("", "pods"): labels.formUnion(["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"])
        case ("", "replicationcontrollers"): labels.insert("status.replicas")
        case ("apps", "replicasets"): labels.insert("status.replicas")
        case ("batch", "jobs"): labels.insert("status.successful")
        case ("certificates.k8s.io", "certificatesigningrequests"): labels.insert("spec.signerName")
        default: break
        }
        labels.formUnion(type.selectableFields)
        return labels
    }

    /// Throws 400 BadRequest for the first label `selector` uses that `type` does not support.
    static func check(_ selector: KubernetesFieldSelector, type: KubernetesResourceType) throws(KubernetesStatusError) {
        let supported = labels(type)
        for requirement in selector.requirements {
            let label = requirement.path.joined(separator: ".")
            if !supported.contains(label) { throw .badRequest("field label not supported: \(label)") }
        }
    }
}
