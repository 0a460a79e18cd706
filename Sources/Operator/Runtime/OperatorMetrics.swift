import Basics
import FoundationEssentials
import GatewayAPI
import Kubernetes
import Prometheus

/// The operator's Prometheus metrics, served on `/metrics`. Label values never carry a token,
/// credential or key: only namespaces, Gateway names, results, verbs and status codes.
public final class OperatorMetrics: Sendable {
    /// The registry behind `/metrics`.
    public let registry: PrometheusCollectorRegistry
    private let reconcileDuration: DurationHistogram
    private let workqueueDepth: Gauge
    private let leader: Gauge
    private let tokenTimes = GatewayTokenGauges()
    /// Counters by name and label values: the registry's own lookup copies a label table on every call.
    private let counters = Locked<[String: Counter]>([:])

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
        counter(Self.reconciles, [("result", result)]).increment()
        reconcileDuration.record(duration)
    }

    /// Counts one call to Runbeam Cloud (`issued`, `rejected`, `rate_limited`, `unavailable`, `invalid`, `malformed`, `unexpected`).
    public func tokenRequest(result: String) {
        counter(Self.tokenRequests, [("result", result)]).increment()
    }

    /// Counts one workload restart (`triggered`, `failed`).
    public func rollout(result: String) {
        counter(Self.rollouts, [("result", result)]).increment()
    }

    /// Counts one Kubernetes API request; code 0 means no answer arrived.
    public func kubeRequest(verb: String, code: Int) {
        counter(Self.kubeRequests, [("verb", verb), ("code", String(code))]).increment()
    }

    /// Counts one Kubernetes write the server refused or never answered (409 races aside), by resource (`secrets`,
    /// `gateways/status`, `deployments` …) and code (`403`, `422`, `none` for no answer).
    public func kubeWriteFailed(resource: String, code: String) {
        counter(Self.kubeWriteFailures, [("resource", resource), ("code", code)]).increment()
    }

    /// Counts one failed attempt to get, create or update the leader Lease, by code (`403`, `404`, `none`).
    public func leaderElectionFailed(code: String) {
        counter(Self.leaderElectionFailures, [("code", code)]).increment()
    }

    public func setWorkqueueDepth(_ depth: Int) { workqueueDepth.set(to: Double(depth)) }

    public func setLeader(_ isLeader: Bool) { leader.set(to: isLeader ? 1 : 0) }

    /// Sets the expiry and renewal gauges of one Gateway; nil removes the gauge.
    public func setToken(namespace: String, gateway: String, expiresAt: Date?, renewsAt: Date?) {
        tokenTimes.set(namespace: namespace, gateway: gateway, expiresAt: expiresAt, renewsAt: renewsAt)
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
        tokenTimes.emit(into: &buffer, expiryName: Self.tokenExpiry.name, renewalName: Self.tokenRenewal.name)
        return buffer
    }

    private func counter(_ descriptor: MetricNameDescriptor, _ labels: [(String, String)]) -> Counter {
        let key = labels.reduce(descriptor.name) { $0 + "|" + $1.0 + "=" + $1.1 }
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = registry.makeCounter(descriptor: descriptor, labels: labels)
        counters.withLock { $0[key] = counter }
        return counter
    }

    // MARK: Names

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "runbeam", subsystem: "operator", metricName: metric, unitName: unit, helpText: help)
    }

    private static var reconciles: MetricNameDescriptor { name("reconcile", unit: "total", help: "Reconciles by result.") }
    private static var tokenRequests: MetricNameDescriptor { name("token_requests", unit: "total", help: "Token requests to Runbeam Cloud by result.") }
    private static var rollouts: MetricNameDescriptor { name("rollouts", unit: "total", help: "Workload restarts by result.") }
    private static var kubeRequests: MetricNameDescriptor { name("kube_requests", unit: "total", help: "Kubernetes API requests by verb and status code (0: no answer).") }
    private static var kubeWriteFailures: MetricNameDescriptor {
        name("kube_write_failures", unit: "total", help: "Kubernetes writes refused or unanswered, by resource and status code (none: no answer).")
    }
    private static var leaderElectionFailures: MetricNameDescriptor {
        name("leader_election_failures", unit: "total", help: "Failed attempts to get, create or update the leader Lease, by status code.")
    }
    private static var tokenExpiry: MetricNameDescriptor { name("token_expiry_timestamp", unit: "seconds", help: "") }
    private static var tokenRenewal: MetricNameDescriptor { name("token_renewal_timestamp", unit: "seconds", help: "") }
    private static var gateways: MetricNameDescriptor { name("gateways", unit: "", help: "Gateways by condition.") }
}
