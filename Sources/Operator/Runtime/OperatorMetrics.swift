import Foundation
import Prometheus

/// The operator's Prometheus metrics, served on `/metrics`. Label values never carry a token,
/// credential or key: only namespaces, Gateway names, results, verbs and status codes.
public final class OperatorMetrics: Sendable {
    /// The registry behind `/metrics`.
    public let registry: PrometheusCollectorRegistry
    private let reconcileDuration: DurationHistogram
    private let workqueueDepth: Gauge
    private let leader: Gauge

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        reconcileDuration = registry.makeDurationHistogram(
            descriptor: Self.name("reconcile_duration", unit: "seconds", help: "Time spent reconciling one Gateway."),
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]
        )
        workqueueDepth = registry.makeGauge(descriptor: Self.name("workqueue", unit: "depth", help: "Gateways waiting in the work queue."))
        leader = registry.makeGauge(descriptor: Self.name("leader", unit: "", help: "1 while this replica holds the leader lease."))
    }

    /// Records one reconcile's outcome (`success`, `error`, `requeue`) and duration.
    public func reconciled(result: String, duration: Duration) {
        registry.makeCounter(descriptor: Self.reconciles, labels: [("result", result)]).increment()
        reconcileDuration.record(duration)
    }

    /// Counts one call to Runbeam Cloud (`issued`, `rejected`, `rate_limited`, `unavailable`, `invalid`, `malformed`).
    public func tokenRequest(result: String) {
        registry.makeCounter(descriptor: Self.tokenRequests, labels: [("result", result)]).increment()
    }

    /// Counts one workload restart (`triggered`, `failed`).
    public func rollout(result: String) {
        registry.makeCounter(descriptor: Self.rollouts, labels: [("result", result)]).increment()
    }

    /// Counts one Kubernetes API request; code 0 means no answer arrived.
    public func kubeRequest(verb: String, code: Int) {
        registry.makeCounter(descriptor: Self.kubeRequests, labels: [("verb", verb), ("code", String(code))]).increment()
    }

    public func setWorkqueueDepth(_ depth: Int) { workqueueDepth.set(to: Double(depth)) }

    public func setLeader(_ isLeader: Bool) { leader.set(to: isLeader ? 1 : 0) }

    /// Sets the expiry and renewal gauges of one Gateway; nil removes the gauge.
    public func setToken(namespace: String, gateway: String, expiresAt: Date?, renewsAt: Date?) {
        let labels = [("namespace", namespace), ("gateway", gateway)]
        let expiry = registry.makeGauge(descriptor: Self.tokenExpiry, labels: labels)
        let renewal = registry.makeGauge(descriptor: Self.tokenRenewal, labels: labels)
        if let expiresAt { expiry.set(to: expiresAt.timeIntervalSince1970) } else { registry.unregisterGauge(expiry) }
        if let renewsAt { renewal.set(to: renewsAt.timeIntervalSince1970) } else { registry.unregisterGauge(renewal) }
    }

    /// Removes a deleted Gateway's gauges.
    public func forget(namespace: String, gateway: String) {
        setToken(namespace: namespace, gateway: gateway, expiresAt: nil, renewsAt: nil)
    }

    /// Sets `runbeam_operator_gateways{condition}` from counts by condition (`ready`, `not_ready`, `suspended`, …).
    public func setGatewayCounts(_ counts: [String: Int]) {
        for (condition, count) in counts {
            registry.makeGauge(descriptor: Self.gateways, labels: [("condition", condition)]).set(to: Double(count))
        }
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    // MARK: Names

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "runbeam", subsystem: "operator", metricName: metric, unitName: unit, helpText: help)
    }

    private static var reconciles: MetricNameDescriptor { name("reconcile", unit: "total", help: "Reconciles by result.") }
    private static var tokenRequests: MetricNameDescriptor { name("token_requests", unit: "total", help: "Token requests to Runbeam Cloud by result.") }
    private static var rollouts: MetricNameDescriptor { name("rollouts", unit: "total", help: "Workload restarts by result.") }
    private static var kubeRequests: MetricNameDescriptor { name("kube_requests", unit: "total", help: "Kubernetes API requests by verb and status code (0: no answer).") }
    private static var tokenExpiry: MetricNameDescriptor { name("token_expiry_timestamp", unit: "seconds", help: "When the Gateway's current token expires (Unix time).") }
    private static var tokenRenewal: MetricNameDescriptor { name("token_renewal_timestamp", unit: "seconds", help: "When the Gateway's token will be renewed (Unix time).") }
    private static var gateways: MetricNameDescriptor { name("gateways", unit: "", help: "Gateways by condition.") }
}
