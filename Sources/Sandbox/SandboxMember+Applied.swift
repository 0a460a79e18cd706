import JSON

extension SandboxExample.Member {
    /// A Gateway someone applied to the sandbox's cluster, followed like the example's: its code
    /// (default: the name), its Secret (default: `<name>-runbeam`) and its first Deployment target
    /// (none: no rollouts to report).
    init?(appliedGateway gateway: JSONValue) {
        guard let name = gateway[path: ["metadata", "name"]]?.stringValue, !name.isEmpty else { return nil }
        let spec = gateway["spec"]
        let target = spec?[path: ["rollout", "targets"]]?.arrayValue?.first { $0["kind"]?.stringValue == "Deployment" }
        self.init(
            name: name,
            gatewayCode: spec?["gatewayCode"]?.stringValue ?? name,
            secretName: spec?[path: ["secret", "name"]]?.stringValue ?? name + "-runbeam",
            deploymentName: target?["name"]?.stringValue ?? "")
    }
}
