import GatewayAPI
import Kubernetes

/// Why `status` or `renew` could not do what was asked; each message says what to do.
public enum StatusCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No such Gateway.
    case gatewayNotFound(namespace: String, name: String)
    /// No Gateway matched `--all` (in the namespace, or with the selector).
    case noGateways(scope: String)
    /// The Gateway CRD is not installed in the cluster.
    case crdMissing
    /// The API server refused the request (403): RBAC does not grant it.
    case forbidden(verb: String, resource: String, message: String)
    /// The API server did not accept the credentials (401): an expired or wrong token or certificate.
    case unauthenticated(verb: String, resource: String, message: String)
    /// Any other failed request.
    case request(verb: String, resource: String, message: String)

    public var description: String {
        switch self {
        case .gatewayNotFound(let namespace, let name):
            return "Gateway \(namespace)/\(name) not found; list the Gateways with: kubectl get gateways.runbeam.io -n \(namespace)"
        case .noGateways(let scope):
            return "no Gateway found \(scope); check the namespace (-n NS, or -A for all) and --selector"
        case .crdMissing:
            return "the cluster does not serve gateways.runbeam.io: install the CRD (kubectl apply --server-side -f manifests/) or check the kubeconfig context"
        case .forbidden(let verb, let resource, let message):
            return "not allowed to \(verb) \(resource): \(message); ask for RBAC that grants it, or use another --context"
        case .unauthenticated(let verb, let resource, let message):
            return "the API server did not accept the credentials to \(verb) \(resource): \(message); refresh the kubeconfig's token or certificate (log in again), or use another --context"
        case .request(let verb, let resource, let message):
            return "could not \(verb) \(resource): \(message)"
        }
    }

    /// Maps a client error on `verb resource`.
    static func from(_ error: any Error, verb: String, resource: String) -> StatusCommandError {
        guard let error = error as? KubernetesError else { return .request(verb: verb, resource: resource, message: "\(error)") }
        switch error {
        case .forbidden(let message): return .forbidden(verb: verb, resource: resource, message: message)
        case .unauthorized(let message): return .unauthenticated(verb: verb, resource: resource, message: message)
        default: return .request(verb: verb, resource: resource, message: error.description)
        }
    }
}
