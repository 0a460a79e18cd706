import Basics
import FoundationEssentials
import JSON
import NIOConcurrencyHelpers

/// Tokens issued by TokenRequest (`POST …/serviceaccounts/NAME/token`), each standing for its ServiceAccount's
/// user. They outlive API servers, as the store does.
public final class KubernetesIssuedTokens: Sendable {
    private let tokens = NIOLockedValueBox([String: KubernetesUser]())

    public init() {}

    /// The user of an issued token, or nil.
    public func user(for token: String) -> KubernetesUser? { tokens.withLockedValue { $0[token] } }

    /// A new opaque token for `user`.
    func issue(for user: KubernetesUser) -> String {
        let token = "emulator-sa-" + UUID().uuidString.lowercased()
        tokens.withLockedValue { $0[token] = user }
        return token
    }
}

/// The TokenRequest subresource of ServiceAccounts, in the real server's shape: the answer carries the
/// ServiceAccount's name, namespace, uid and creationTimestamp, the defaulted spec (audiences, expiration) and
/// a token with its expirationTimestamp. Expirations under 10 minutes are 422.
enum KubernetesTokenRequest {
    static let defaultAudiences: JSONValue = ["https://kubernetes.default.svc.cluster.local"]

    static func create(_ body: JSONValue, serviceAccount: JSONValue, tokens: KubernetesIssuedTokens, manager: String, now: Date) throws(KubernetesStatusError) -> JSONValue {
        let expiration = body[path: ["spec", "expirationSeconds"]]?.intValue ?? 3600
        if expiration < 600 {
            let cause = KubernetesFieldError(field: "spec.expirationSeconds", message: "Invalid value: \(expiration): may not specify a duration less than 10 minutes")
            throw .init(code: 422, reason: "Invalid", message: "TokenRequest.authentication.k8s.io \"\" is invalid: \(cause)",
                        details: ["group": "authentication.k8s.io", "kind": "TokenRequest",
                                  "causes": [["reason": .string(cause.reason), "message": .string(cause.message), "field": .string(cause.field)]]])
        }
        let namespace = serviceAccount.metadataNamespace
        let name = serviceAccount.metadataName
        let token = tokens.issue(for: .serviceAccount(namespace: namespace, name: name))
        var spec = body["spec"]?.objectValue ?? [:]
        if spec["audiences"] == nil || spec["audiences"] == .array([]) { spec["audiences"] = defaultAudiences }
        spec["expirationSeconds"] = .int(expiration)
        if spec["boundObjectRef"] == nil { spec["boundObjectRef"] = .null }
        var fields: JSONValue = .emptyObject
        for key in (body["spec"]?.objectValue ?? [:]).keys { fields[path: ["f:spec", "f:\(key)"]] = .emptyObject }
        var metadata: JSONValue = [
            "name": .string(name), "namespace": .string(namespace),
            "uid": serviceAccount[path: ["metadata", "uid"]] ?? .null,
            "creationTimestamp": serviceAccount[path: ["metadata", "creationTimestamp"]] ?? .null,
        ]
        if fields != .emptyObject {
            metadata["managedFields"] = [["manager": .string(manager), "operation": "Update", "apiVersion": "authentication.k8s.io/v1",
                                          "time": .string(RFC3339.seconds(now)), "fieldsType": "FieldsV1", "fieldsV1": fields, "subresource": "token"]]
        }
        return [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1", "metadata": metadata, "spec": .object(spec),
            "status": ["token": .string(token), "expirationTimestamp": .string(RFC3339.seconds(now.addingTimeInterval(Double(expiration))))],
        ]
    }
}
