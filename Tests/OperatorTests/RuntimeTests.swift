@testable import Basics
import Foundation
@testable import GatewayAPI
@testable import GatewayCore
import Kubernetes
import Logging
import Testing
@testable import Operator
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Lines written by a log handler under test.
final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite struct JSONLogHandlerTests {
    @Test func writesOneJSONObjectPerLine() throws {
        let lines = CapturedLines()
        var logger = Logger(label: "runbeam.operator") { JSONLogHandler(label: $0, level: .debug, sink: LogSink(lines.append)) }
        logger[metadataKey: "gateway"] = "harmony/prod"
        logger.info("token issued", metadata: ["expiresAt": "2026-12-22T10:00:00Z", "note": "line\nbreak \"quoted\""])
        logger.trace("not written below the level")
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "info")
        #expect(object["logger"] == "runbeam.operator")
        #expect(object["message"] == "token issued")
        #expect(object["gateway"] == "harmony/prod")
        #expect(object["note"] == "line\nbreak \"quoted\"")
        #expect(object["time"].flatMap(RFC3339.parse) != nil)
    }
}

@Suite struct OperatorMetricsTests {
    private func text(_ metrics: OperatorMetrics) -> String { String(decoding: metrics.exposition(), as: UTF8.self) }

    @Test func exposesTheDesignedNames() {
        let metrics = OperatorMetrics()
        metrics.reconciled(result: "success", duration: .milliseconds(3))
        metrics.tokenRequest(result: "issued")
        metrics.rollout(result: "triggered")
        metrics.kubeRequest(verb: "get", code: 200)
        metrics.setWorkqueueDepth(4)
        metrics.setLeader(true)
        metrics.setGatewayCounts(["ready": 3, "not_ready": 0])
        metrics.setToken(namespace: "harmony", gateway: "prod", expiresAt: Date(timeIntervalSince1970: 2_000_000_000), renewsAt: Date(timeIntervalSince1970: 1_900_000_000))
        let output = text(metrics)
        #expect(output.contains(#"runbeam_operator_reconcile_total{result="success"} 1"#))
        #expect(output.contains(#"runbeam_operator_token_requests_total{result="issued"} 1"#))
        #expect(output.contains(#"runbeam_operator_rollouts_total{result="triggered"} 1"#))
        #expect(output.contains(#"runbeam_operator_kube_requests_total{verb="get",code="200"} 1"#))
        #expect(output.contains("runbeam_operator_workqueue_depth 4"))
        #expect(output.contains("runbeam_operator_leader 1"))
        #expect(output.contains(#"runbeam_operator_gateways{condition="ready"} 3"#))
        #expect(output.contains(#"runbeam_operator_token_expiry_timestamp_seconds{namespace="harmony",gateway="prod"} 2000000000"#))
        #expect(output.contains(#"runbeam_operator_token_renewal_timestamp_seconds{namespace="harmony",gateway="prod"} 1900000000"#))
        #expect(output.contains("runbeam_operator_reconcile_duration_seconds_bucket"))
    }

    @Test func forgettingAGatewayRemovesItsGauges() {
        let metrics = OperatorMetrics()
        metrics.setToken(namespace: "harmony", gateway: "old", expiresAt: Date(timeIntervalSince1970: 10), renewsAt: Date(timeIntervalSince1970: 5))
        #expect(text(metrics).contains(#"gateway="old""#))
        metrics.forget(namespace: "harmony", gateway: "old")
        #expect(!text(metrics).contains(#"gateway="old""#))
    }

    @Test func meteredIssuerCountsResults() async {
        let metrics = OperatorMetrics()
        let issuer = MeteredTokenIssuer(FailingIssuer(error: .rateLimited(retryAfter: 3)), metrics: metrics)
        await #expect(throws: TokenIssueError.rateLimited(retryAfter: 3)) {
            try await issuer.issue(gatewayCode: "g", apiURL: "https://api.runbeam.cloud/api", credential: Credential("c"))
        }
        #expect(text(metrics).contains(#"runbeam_operator_token_requests_total{result="rate_limited"} 1"#))
    }
}

private struct FailingIssuer: TokenIssuer {
    let error: TokenIssueError
    func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken { throw error }
}

@Suite struct ListenAddressTests {
    @Test func parsesTheUsualForms() throws {
        #expect(try ListenAddress(parsing: ":8080") == ListenAddress(host: "0.0.0.0", port: 8080))
        #expect(try ListenAddress(parsing: "127.0.0.1:0") == ListenAddress(host: "127.0.0.1", port: 0))
        #expect(try ListenAddress(parsing: "[::1]:8081") == ListenAddress(host: "::1", port: 8081))
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: "8080") }
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: "host:99999") }
    }
}

@Suite struct ProbeServerTests {
    private func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.timeoutInterval = 30  // a hang guard: the probe server shares NIO's loops with every test server
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func servesMetricsHealthAndReadiness() async throws {
        let metrics = OperatorMetrics()
        metrics.setLeader(true)
        let health = HealthState()
        let synced = CapturedLines()
        health.readiness(from: { !synced.all.isEmpty })
        let address = try ListenAddress(parsing: "127.0.0.1:0")
        let server = try await ProbeServer.start(metrics: address, health: address, registry: metrics, state: health)
        let port = try #require(server.ports.first)
        #expect(try await get(port, "/healthz").0 == 200)
        #expect(try await get(port, "/readyz") == (503, "caches not synced\n"))
        synced.append("synced")
        #expect(try await get(port, "/readyz") == (200, "ok: standby\n"))
        // A standby whose Lease requests are refused says why; only a refusal a person must fix makes it unready.
        let leaseFailure = Locked<LeaseFailure?>(LeaseFailure(namespace: "ops", leaseName: "runbeam-operator", code: 403, message: "forbidden"))
        health.leaseFailures(from: { leaseFailure.withLock { $0 } })
        let (refused, why) = try await get(port, "/readyz")
        #expect(refused == 503)
        #expect(why.hasPrefix("standby: cannot acquire Lease ops/runbeam-operator: HTTP 403: forbidden; grant get, create and update on leases"))
        leaseFailure.withLock { $0 = LeaseFailure(namespace: "ops", leaseName: "runbeam-operator", code: 503, message: "unavailable") }
        #expect(try await get(port, "/readyz").0 == 200)
        leaseFailure.withLock { $0 = nil }
        #expect(try await get(port, "/readyz") == (200, "ok: standby\n"))
        health.isLeader = true
        #expect(try await get(port, "/readyz") == (200, "ok: leader\n"))
        let (status, body) = try await get(port, "/metrics")
        #expect(status == 200)
        #expect(body.contains("runbeam_operator_leader 1"))
        #expect(try await get(port, "/nothing").0 == 404)
        await server.shutdown()
    }
}
