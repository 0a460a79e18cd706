import Kubernetes

/// Finds Gateways for `status` and `renew`, telling a missing Gateway from a missing CRD.
struct GatewayLookup: Sendable {
    let client: KubernetesClient

    /// Gateway `namespace/name`.
    func gateway(namespace: String, name: String) async throws(StatusCommandError) -> KubernetesObject {
        do {
            return try await client.get(.gateway, namespace: namespace, name: name)
        } catch let error as KubernetesError where error.code == 404 {
            if (try? await client.listPage(.gateway, namespace: namespace, options: ListOptions(limit: 1))) == nil { throw .crdMissing }
            throw .gatewayNotFound(namespace: namespace, name: name)
        } catch {
            throw StatusCommandError.from(error, verb: "get", resource: "gateways.runbeam.io")
        }
    }

    /// Every Gateway in `namespace` (nil: all namespaces) matching `selector`.
    func gateways(namespace: String?, selector: String?) async throws(StatusCommandError) -> [KubernetesObject] {
        do {
            return try await client.list(.gateway, namespace: namespace, options: ListOptions(labelSelector: selector)).items
        } catch let error as KubernetesError where error.code == 404 {
            throw .crdMissing
        } catch {
            throw StatusCommandError.from(error, verb: "list", resource: "gateways.runbeam.io")
        }
    }
}
