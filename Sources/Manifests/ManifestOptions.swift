import GatewayAPI

/// What varies between installations of the operator: where it runs, which image, and its configuration.
public struct ManifestOptions: Sendable, Hashable {
    /// The image of this release.
    public static let defaultImage = "ghcr.io/runbeam/runbeam-operator:0.1.0"
    /// The namespace the operator is installed into.
    public static let defaultNamespace = "runbeam-system"

    /// The namespace of the operator's Deployment, ServiceAccount, ConfigMap, Service and Lease.
    public var namespace: String
    /// The container image.
    public var image: String
    /// Deployment replicas; more than one needs leader election (the configuration's default).
    public var replicas: Int
    /// The operator configuration file written into the ConfigMap.
    public var configuration: OperatorConfiguration

    /// Options with the defaults of a release install.
    public init(
        namespace: String = ManifestOptions.defaultNamespace,
        image: String = ManifestOptions.defaultImage,
        replicas: Int = 2,
        configuration: OperatorConfiguration = OperatorConfiguration()
    ) {
        self.namespace = namespace
        self.image = image
        self.replicas = replicas
        self.configuration = configuration
    }
}
