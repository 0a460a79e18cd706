import GatewayAPI
import KubernetesModel

extension OwnerReference {
    /// The controlling reference from a Secret to `gateway` (deleting the Gateway deletes the Secret).
    public static func controller(of gateway: Gateway) -> OwnerReference {
        OwnerReference(
            apiVersion: Gateway.apiVersion, kind: Gateway.kind, name: gateway.metadata.name, uid: gateway.metadata.uid,
            controller: true, blockOwnerDeletion: true)
    }
}
