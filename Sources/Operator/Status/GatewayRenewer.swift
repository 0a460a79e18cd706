import Basics
import FoundationEssentials
import GatewayAPI
import JSON
import Kubernetes

/// `runbeam-operator renew`: sets `runbeam.io/renew-requested-at` on Gateways, which makes the operator renew their
/// tokens at once (it renews when the value differs from the one it last acted on).
public struct GatewayRenewer: Sendable {
    private let client: KubernetesClient
    private let now: @Sendable () -> Date

    public init(client: KubernetesClient, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.now = now
    }

    /// Requests renewal of Gateway `namespace/name`; returns the annotation value set.
    @discardableResult
    public func renew(namespace: String, name: String) async throws(StatusCommandError) -> String {
        _ = try await GatewayLookup(client: client).gateway(namespace: namespace, name: name)
        return try await annotate(namespace: namespace, name: name)
    }

    /// Requests renewal of every Gateway in `namespace` (nil: all namespaces) matching `selector`; returns them as
    /// `namespace/name`, sorted.
    public func renewAll(namespace: String?, selector: String?) async throws(StatusCommandError) -> [String] {
        let gateways = try await GatewayLookup(client: client).gateways(namespace: namespace, selector: selector)
        let keys = gateways.map { ($0.metadata.namespace ?? "", $0.metadata.name ?? "") }.sorted { $0 < $1 }
        guard !keys.isEmpty else {
            let scope = (namespace.map { "in namespace \($0)" } ?? "in any namespace") + (selector.map { " matching \($0)" } ?? "")
            throw .noGateways(scope: scope)
        }
        for (namespace, name) in keys { try await annotate(namespace: namespace, name: name) }
        return keys.map { "\($0.0)/\($0.1)" }
    }

    @discardableResult
    private func annotate(namespace: String, name: String) async throws(StatusCommandError) -> String {
        let value = RFC3339.milliseconds(now())
        let patch: JSONValue = ["metadata": ["annotations": [OperatorLabels.renewRequestedAt: .string(value)]]]
        do {
            _ = try await client.patch(.gateway, namespace: namespace, name: name, .merge(patch), fieldManager: "runbeam-operator-renew")
        } catch let error as KubernetesError where error.code == 404 {
            throw .gatewayNotFound(namespace: namespace, name: name)
        } catch {
            throw StatusCommandError.from(error, verb: "patch", resource: "gateways.runbeam.io \(namespace)/\(name)")
        }
        return value
    }
}
