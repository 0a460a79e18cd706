import Kubernetes

/// The start-up check that the cluster serves Gateways: without the CRD every list and watch
/// would fail with a bare 404, so `run` stops with what to do instead.
enum GatewayCRDCheck {
    /// The cluster does not serve `gateways.runbeam.io/v1alpha1`.
    struct Missing: Error, CustomStringConvertible {
        var cluster: String
        var description: String {
            "the cluster (\(cluster)) does not serve \(ResourceType.gateway.plural).\(ResourceType.gateway.group)/\(ResourceType.gateway.version): "
                + "install the CRD (kubectl apply -f manifests/), then start the operator again"
        }
    }

    /// Lists one Gateway (in the first watched namespace, where RBAC may be narrower); a 404 is ``Missing``.
    /// Other failures are left to the informers, which retry and log them.
    static func run(client: KubernetesClient, namespace: String?, cluster: String) async throws(Missing) {
        do {
            _ = try await client.listPage(.gateway, namespace: namespace, options: ListOptions(limit: 1))
        } catch let error as KubernetesError where error.code == 404 {
            throw Missing(cluster: cluster)
        } catch {
            return
        }
    }
}
