import Foundation
@testable import Kubernetes

/// An Opaque Secret `name` with one data key, `key`, holding `value`.
func secret(_ name: String, namespace: String = "default", labels: [String: String] = [:], value: String = "v") -> Secret {
    var secret = Secret(name: name, namespace: namespace)
    secret.metadata.labels = labels
    secret.type = "Opaque"
    secret.data = ["key": Data(value.utf8)]
    return secret
}
