import GatewayCore
import HTTP
import Kubernetes

extension KubeWriteFailure {
    /// The failure of `verb` on `resource` `namespace/name` as `error` tells it.
    init(_ error: any Error, verb: String, resource: String, namespace: String, name: String) {
        if let error = error as? KubernetesError {
            self.init(verb: verb, resource: resource, namespace: namespace, name: name, code: error.code, reason: error.reason, message: error.message)
        } else {
            self.init(verb: verb, resource: resource, namespace: namespace, name: name, code: nil, message: "\(error)")
        }
    }
}

extension KubeWriteFailure {
    /// Whether `error` is the request being cancelled (shutdown, lost leadership) rather than a refusal: not a
    /// failure to report.
    static func isCancellation(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let error = error as? HTTPClientError, error == .cancelled || error == .shutdown { return true }
        switch error as? KubernetesError {
        case .transport(.cancelled), .transport(.shutdown): return true
        default: return false
        }
    }
}
