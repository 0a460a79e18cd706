import FoundationEssentials
import HTTP
import Basics

/// The configuration of a pod: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, the
/// service-account token (re-read so that projected-token rotation is picked up), `ca.crt` and
/// the pod's `namespace` from the service-account folder.
public enum InClusterConfiguration {
    public static let defaultFolder = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether the environment looks like a pod.
    public static func isAvailable(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["KUBERNETES_SERVICE_HOST"]?.isEmpty == false && environment["KUBERNETES_SERVICE_PORT"]?.isEmpty == false
    }

    public static func load(
        folder: String = defaultFolder, environment: [String: String] = ProcessInfo.processInfo.environment,
        namespace override: String? = nil, tokenRefreshInterval: Duration = .seconds(60)
    ) throws -> KubernetesConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesConfigurationError(
                field: "KUBERNETES_SERVICE_HOST", message: "not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; pass --kubeconfig"
            )
        }
        let tokenPath = FilePaths.join(folder, "token")
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubernetesConfigurationError(file: tokenPath, message: "the service-account token is missing; is automountServiceAccountToken off?")
        }
        let caPath = FilePaths.join(folder, "ca.crt")
        var tls = TLSConfiguration()
        if FileManager.default.fileExists(atPath: caPath) { tls.certificateAuthority = .file(caPath) }
        let namespaceFile = FilePaths.join(folder, "namespace")
        let podNamespace = (try? String(contentsOfFile: namespaceFile, encoding: .utf8))?.trimmingWhitespaceAndNewlines()
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return KubernetesConfiguration(
            server: "https://\(hostPart):\(port)", namespace: override ?? podNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            tls: tls, proxy: .environment, credentials: TokenFileCredentials(path: tokenPath, refreshInterval: tokenRefreshInterval), origin: "in-cluster"
        )
    }
}

extension KubernetesConfiguration {
    /// The configuration the operator uses: an explicit `--kubeconfig`, else `$KUBECONFIG`, else
    /// in-cluster when running in a pod, else `~/.kube/config`.
    public static func load(
        kubeconfig: String? = nil, context: String? = nil, namespace: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        inClusterFolder: String = InClusterConfiguration.defaultFolder
    ) throws -> KubernetesConfiguration {
        if kubeconfig == nil, environment["KUBECONFIG"]?.isEmpty ?? true, InClusterConfiguration.isAvailable(environment: environment) {
            return try InClusterConfiguration.load(folder: inClusterFolder, environment: environment, namespace: namespace)
        }
        return try KubeconfigLoader(explicitPath: kubeconfig, context: context, namespace: namespace, environment: environment).load()
    }
}
