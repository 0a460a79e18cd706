import Basics
import FoundationEssentials
import GatewayAPI
import Kubernetes

/// The per-Gateway gauges `runbeam_operator_token_expiry_timestamp_seconds` and
/// `runbeam_operator_token_renewal_timestamp_seconds`, kept outside the Prometheus registry: the registry copies a
/// metric's whole label table to add one label set, which at ten thousand Gateways costs more than reconciling.
final class GatewayTokenGauges: Sendable {
    private struct Times {
        var expiresAt: Double?
        var renewsAt: Double?
    }

    private let times = Locked<[ObjectKey: Times]>([:])

    /// Sets one Gateway's times; two nils remove it.
    func set(namespace: String, gateway: String, expiresAt: Date?, renewsAt: Date?) {
        let key = ObjectKey(namespace: namespace, name: gateway)
        let value = Times(expiresAt: expiresAt?.timeIntervalSince1970, renewsAt: renewsAt?.timeIntervalSince1970)
        times.withLock { times in
            if value.expiresAt == nil, value.renewsAt == nil { times[key] = nil } else { times[key] = value }
        }
    }

    /// Appends both metric families in the Prometheus text format, Gateways in name order.
    func emit(into buffer: inout [UInt8], expiryName: String, renewalName: String) {
        let snapshot = times.withLock { $0 }.sorted { $0.key < $1.key }
        Self.family(expiryName, help: "When the Gateway's current token expires (Unix time).", snapshot.compactMap { key, times in
            times.expiresAt.map { (key, $0) }
        }, into: &buffer)
        Self.family(renewalName, help: "When the Gateway's token will be renewed (Unix time).", snapshot.compactMap { key, times in
            times.renewsAt.map { (key, $0) }
        }, into: &buffer)
    }

    private static func family(_ name: String, help: String, _ samples: [(ObjectKey, Double)], into buffer: inout [UInt8]) {
        guard !samples.isEmpty else { return }
        var text = "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (key, value) in samples {
            text += "\(name){namespace=\"\(escape(key.namespace ?? ""))\",gateway=\"\(escape(key.name))\"} \(format(value))\n"
        }
        buffer.append(contentsOf: Array(text.utf8))
    }

    /// Prometheus label-value escaping (Kubernetes names never need it; the exposition stays valid regardless).
    private static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
