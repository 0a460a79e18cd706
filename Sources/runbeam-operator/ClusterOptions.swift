import ArgumentParser
import Kubernetes

/// How `status` and `renew` reach the cluster: the kubeconfig loading of `run` ($KUBECONFIG, in-cluster, ~/.kube/config).
struct ClusterOptions: ParsableArguments {
    @Option(help: "A kubeconfig file; default: $KUBECONFIG, the in-cluster service account, or ~/.kube/config.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: [.customShort("n"), .long], help: "The namespace; default: the kubeconfig context's.")
    var namespace: String?

    /// A client for the configured cluster and the namespace to use.
    func connect() throws -> (client: KubernetesClient, namespace: String) {
        let configuration: KubernetesConfiguration
        do {
            configuration = try KubernetesConfiguration.load(kubeconfig: kubeconfig, context: context)
        } catch {
            throw ValidationError("cannot load the cluster configuration: \(error)")
        }
        return (KubernetesClient(configuration: configuration, options: KubernetesClientOptions(userAgent: "runbeam-operator/\(OperatorVersion.current)")),
                namespace ?? configuration.namespace)
    }
}
