import Basics
import Foundation
import Kubernetes

/// Scenario 2: with `existing` Gateways Ready, `created` more are created at a steady rate; measures the
/// latency from each create request to its Secret's `ADDED` event on a watch of the harness's own.
struct LiveCreation: Sendable {
    var existing: Int
    var created: Int
    /// Creates per second.
    var rate: Double
    var operatorBinary: URL

    struct Result: Sendable {
        var existing: Int
        var latencies: Percentiles
        var usage: ProcessUsage

        var lines: [String] {
            let figures = FigureLines(scenario: "live_creation", labels: "existing=\(existing) created=\(latencies.count)")
            return [
                figures.line("latency_p50_ms", latencies.value(at: 0.50) * 1000),
                figures.line("latency_p99_ms", latencies.value(at: 0.99) * 1000),
                figures.line("latency_max_ms", latencies.value(at: 1.0) * 1000),
                figures.line("peak_rss_mib", usage.peakResidentMiB),
            ]
        }
    }

    func run(timeout: Duration) async throws(BenchError) -> Result {
        let cluster = try await BenchCluster.start(operatorBinary: operatorBinary)
        defer { cluster.stop() }
        try await cluster.seed.createGateways(0..<existing)
        let operatorProcess = try cluster.startOperator()
        defer { operatorProcess.forceKill() }
        _ = try await cluster.waitUntilReady(existing, operatorProcess: operatorProcess, started: .now, timeout: timeout)

        let arrivals = SecretArrivals()
        let watcher = Task { await arrivals.follow(cluster.client, namespace: ClusterSeed.namespace) }
        defer { watcher.cancel() }
        try await arrivals.waitUntilListed(timeout: .seconds(30))

        let sent = try await createAtSteadyRate(cluster.seed, arrivals: arrivals)
        let deadline = ContinuousClock.now + timeout
        var latencies: [Double] = []
        while true {
            let seen = arrivals.snapshot()
            latencies = sent.compactMap { name, at in seen[name].map { ($0 - at).inSeconds } }
            if latencies.count == sent.count { break }
            guard operatorProcess.isRunning, ContinuousClock.now < deadline else {
                throw BenchError("\(latencies.count) of \(sent.count) new Gateways got a Secret within \(timeout); the operator's output:\n\(operatorProcess.output.suffix(2000))")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let usage = try ProcessUsage.read(pid: operatorProcess.pid)
        try await cluster.stopOperator(operatorProcess)
        return Result(existing: existing, latencies: Percentiles(latencies), usage: usage)
    }

    /// Sends one create every `1/rate` seconds (each in its own task, so a slow answer does not delay the
    /// next); returns each Secret name with the instant its Gateway's create request was sent.
    private func createAtSteadyRate(_ seed: ClusterSeed, arrivals: SecretArrivals) async throws(BenchError) -> [String: ContinuousClock.Instant] {
        let start = ContinuousClock.now
        let interval = Duration.seconds(1 / rate)
        do {
            return try await withThrowingTaskGroup(of: (String, ContinuousClock.Instant).self) { group in
                for offset in 0..<created {
                    let index = existing + offset
                    try? await Task.sleep(until: start + interval * offset, clock: .continuous)
                    group.addTask {
                        let sentAt = ContinuousClock.now
                        try await seed.createGateway(index)
                        return (ClusterSeed.secretName(index), sentAt)
                    }
                }
                var sent: [String: ContinuousClock.Instant] = [:]
                for try await (name, at) in group { sent[name] = at }
                return sent
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("creating Gateways failed: \(error)")
        }
    }
}

/// When each Secret of a namespace was first seen (`ADDED`) on a watch, after the initial list.
final class SecretArrivals: Sendable {
    private let state = Locked<(listed: Bool, seen: [String: ContinuousClock.Instant])>((false, [:]))

    func follow(_ client: KubernetesClient, namespace: String) async {
        for await event in client.watch(.secret, namespace: namespace) {
            let now = ContinuousClock.now
            state.withLock { state in
                switch event {
                case .listed(let objects):
                    state.listed = true
                    for object in objects where state.seen[object.metadata.name ?? ""] == nil { state.seen[object.metadata.name ?? ""] = now }
                case .added(let object):
                    if state.seen[object.metadata.name ?? ""] == nil { state.seen[object.metadata.name ?? ""] = now }
                case .modified, .deleted:
                    break
                }
            }
        }
    }

    func waitUntilListed(timeout: Duration) async throws(BenchError) {
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ $0.listed }) {
            guard ContinuousClock.now < deadline else { throw BenchError("the harness's Secret watch did not list within \(timeout)") }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    func snapshot() -> [String: ContinuousClock.Instant] { state.withLock { $0.seen } }
}
