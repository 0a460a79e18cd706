import Kubernetes

/// The informers of one watched namespace (or of all namespaces).
struct NamespaceInformers: Sendable {
    let gateways: Informer<KubernetesObject>
    let secrets: Informer<Secret>
    let deployments: Informer<Deployment>
    let statefulSets: Informer<StatefulSet>
    let daemonSets: Informer<DaemonSet>

    init(client: KubernetesClient, namespace: String?) {
        gateways = Informer(client: client, type: .gateway, namespace: namespace)
        secrets = Informer(
            client: client, namespace: namespace, options: ListOptions(labelSelector: "\(OperatorLabels.managedBy)=\(OperatorLabels.managerName)"))
        deployments = Informer(client: client, namespace: namespace)
        statefulSets = Informer(client: client, namespace: namespace)
        daemonSets = Informer(client: client, namespace: namespace)
    }

    var runners: [@Sendable () async -> Void] {
        [gateways.run, secrets.run, deployments.run, statefulSets.run, daemonSets.run]
    }

    var hasSynced: Bool {
        gateways.hasSynced && secrets.hasSynced && deployments.hasSynced && statefulSets.hasSynced && daemonSets.hasSynced
    }
}
