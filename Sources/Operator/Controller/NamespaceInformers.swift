import GatewayAPI
import Kubernetes

/// The informers of one watched namespace (or of all namespaces).
struct NamespaceInformers: Sendable {
    let gateways: Informer<KubernetesObject>
    let secrets: Informer<Secret>
    let deployments: Informer<Deployment>
    let statefulSets: Informer<StatefulSet>
    let daemonSets: Informer<DaemonSet>

    /// Every cache drops `managedFields`. Gateways (written only through `/status`) and workloads (only merge-patched)
    /// also drop kubectl's last-applied annotation, a second copy of the object; managed Secrets are replaced whole,
    /// so they keep every annotation.
    init(client: any ListWatchCalls, namespace: String?) {
        let trimmed: @Sendable (inout KubernetesObject) -> Void = { object in
            object.json[path: ["metadata", "managedFields"]] = nil
            object.json[path: ["metadata", "annotations", Self.lastApplied]] = nil
        }
        gateways = Informer(client: client, type: .gateway, namespace: namespace, transform: trimmed)
        secrets = Informer(
            client: client, namespace: namespace, options: ListOptions(labelSelector: "\(OperatorLabels.managedBy)=\(OperatorLabels.managerName)"),
            transform: Informer<Secret>.removeManagedFields)
        deployments = Informer(client: client, namespace: namespace, transform: trimmed)
        statefulSets = Informer(client: client, namespace: namespace, transform: trimmed)
        daemonSets = Informer(client: client, namespace: namespace, transform: trimmed)
    }

    /// kubectl's `apply` annotation.
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    var runners: [@Sendable () async -> Void] {
        [gateways.run, secrets.run, deployments.run, statefulSets.run, daemonSets.run]
    }

    /// Waits until every informer has applied its first list, or has stopped.
    func waitUntilSynced() async {
        await gateways.waitUntilSynced()
        await secrets.waitUntilSynced()
        await deployments.waitUntilSynced()
        await statefulSets.waitUntilSynced()
        await daemonSets.waitUntilSynced()
    }

    var hasSynced: Bool {
        gateways.hasSynced && secrets.hasSynced && deployments.hasSynced && statefulSets.hasSynced && daemonSets.hasSynced
    }
}
