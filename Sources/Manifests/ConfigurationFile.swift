import GatewayAPI
import JSON
import YAML

/// The operator configuration file (`--config`) for given settings: every key written out, so the ConfigMap
/// documents the defaults it runs with.
public enum ConfigurationFile {
    /// The file's YAML text.
    public static func yaml(_ configuration: OperatorConfiguration) throws(YAMLError) -> String {
        try YAMLEncoder().encode(node: node(configuration))
    }

    /// The file as a node, keys in the order the design documents them.
    public static func node(_ configuration: OperatorConfiguration) -> YAMLNode {
        let election = configuration.leaderElection
        return .mapping([
            ("watchNamespaces", .sequence(configuration.watchNamespaces.map(YAMLNode.string))),
            ("defaultAPIURL", .string(configuration.defaultAPIURL)),
            ("allowedAPIURLs", .sequence(configuration.allowedAPIURLs.map(YAMLNode.string))),
            ("renewal", .mapping([
                ("defaultRenewBeforePercentage", .int(configuration.renewal.defaultRenewBeforePercentage)),
                ("jitterPercent", number(configuration.renewal.jitterPercent)),
            ])),
            ("runbeam", .mapping([
                ("requestsPerSecond", number(configuration.runbeam.requestsPerSecond)),
                ("burst", .int(configuration.runbeam.burst)),
                ("timeoutSeconds", number(configuration.runbeam.timeoutSeconds)),
            ])),
            ("kubernetes", .mapping([
                ("qps", number(configuration.kubernetes.qps)),
                ("burst", .int(configuration.kubernetes.burst)),
            ])),
            ("workers", .int(configuration.workers)),
            ("leaderElection", .mapping([
                ("enabled", .bool(election.enabled)),
                ("leaseName", .string(election.leaseName)),
                ("leaseNamespace", .string(election.leaseNamespace)),
                ("leaseDuration", .string(election.leaseDuration.text)),
                ("renewDeadline", .string(election.renewDeadline.text)),
                ("retryPeriod", .string(election.retryPeriod.text)),
            ])),
            ("metricsAddress", .string(configuration.metricsAddress)),
            ("healthAddress", .string(configuration.healthAddress)),
            ("log", .mapping([
                ("level", .string(configuration.log.level.rawValue)),
                ("format", .string(configuration.log.format.rawValue)),
            ])),
        ])
    }

    /// Whole numbers without a fraction (`5`, not `5.0`).
    private static func number(_ value: Double) -> YAMLNode {
        value.rounded() == value && abs(value) < 1e15 ? .int(Int(value)) : .float(value)
    }
}
