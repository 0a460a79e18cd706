import Emulators
import Foundation
import JSON
import Manifests
import Operator
import TestSupport
import Testing

/// Kubernetes writes refused (RBAC, admission, quota, webhooks) and Runbeam Cloud down across an expiry: every
/// token Runbeam issues is stored, status says what the cluster holds, and the failure is told where users look.
@Suite struct WriteFailureFaultTests {
    static let secrets = "/api/v1/namespaces/\(FaultCluster.namespace)/secrets"

    @Test func secretCreateForbiddenByOwnerReferenceAdmission() async throws {
        // Five-minute tokens: a token kept through a 30-second refusal, with backoff attempts up to a minute apart, is
        // still far from its own renewal window (135 s after issuance). No renewal is awaited: the recreation is the change.
        let settings = FaultSettings(tokenLifetime: .seconds(300))
        try await FaultRun.scenario("kube: 403 on Secret create for 30 s (owner-reference admission)", settings, renewals: 0) { run in
            // The ClusterRole as shipped before this rule: Secret creates are refused by OwnerReferencesPermissionEnforcement.
            try await Self.setClusterRole(run, without: "gateways/finalizers")
            let removed = Date()
            try await Self.deleteSecret(run, of: "alpha")
            let reported = await eventually(timeout: .seconds(25), every: .milliseconds(100)) { Self.readyReason(run, "alpha") == "SecretWriteFailed" }
            #expect(reported, "alpha: Ready \(Self.readyReason(run, "alpha") ?? "-")")
            let message = run.cluster.gateway("alpha")?[path: ["status", "conditions"]]?.arrayValue?
                .first { $0["type"] == "Issued" }?["message"]?.stringValue ?? ""
            #expect(message.contains("create secrets harmony/alpha-runbeam failed: HTTP 403 Forbidden"), "\(message)")
            #expect(message.contains("grant update on gateways/finalizers"), "\(message)")
            var warned = false
            for _ in 0..<20 where !warned {
                warned = try await run.eventReasons(for: "alpha").contains("SecretWriteFailed")
                if !warned { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(warned, "no SecretWriteFailed Event for alpha")
            await FaultRun.sleep(until: removed.addingTimeInterval(30))
            let refused = run.cluster.kubeRequests.filter { $0.verb == "create" && $0.path.hasSuffix("/secrets") && $0.statusCode == 403 }.count
            #expect(refused >= 2, "only \(refused) refused creates")
            try await Self.expectMetric(run, #"runbeam_operator_kube_write_failures_total{resource="secrets",code="403"}"#)
            try await Self.setClusterRole(run, without: nil)
            let recreated = await eventually(timeout: .seconds(90), every: .milliseconds(100)) { run.cluster.hasConverged("alpha") }
            #expect(recreated, "alpha was not recreated after the rule came back; output:\n\(run.output.suffix(3000))")
            await Self.expectEveryTokenStored(run, untilConverged: true)
        }
    }

    @Test func webhookRefusesTheRenewalUpdate() async throws {
        // Three-minute tokens renewed about 2 minutes before expiry: the token kept through a 15-second refusal is written
        // at the retry after it (at most about 31 s after the first attempt, later on a loaded machine) well before its
        // own renewal window opens, about 50 s after issuance.
        let settings = FaultSettings(tokenLifetime: .seconds(180), renewBeforePercentage: 67)
        try await FaultRun.scenario("kube: 422 from an admission webhook on Secret update at renewal", settings, renewals: 1) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-1))
            run.cluster.kubeFaults?.failFor(
                .seconds(15), matching: .init(verb: "update", pathContains: "/secrets"),
                with: .invalid(message: "admission webhook \"validate.policy.example\" denied the request: Secrets need a cost-centre label"))
            let reported = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                run.cluster.settings.gateways.contains { Self.condition(run, $0, "Issued")?["reason"]?.stringValue == "SecretWriteFailed" }
            }
            #expect(reported)
            // The old token is still valid, so Ready stays True.
            for gateway in run.cluster.settings.gateways { #expect(Self.readyReason(run, gateway) == "TokenValid") }
            try await Task.sleep(for: .seconds(15))
            try await Self.expectMetric(run, #"runbeam_operator_kube_write_failures_total{resource="secrets",code="422"}"#)
            await Self.expectEveryTokenStored(run, untilConverged: true)
        }
    }

    @Test func quotaExceededOnSecretCreate() async throws {
        // Five-minute tokens, as above; the refusal lasts 40 s.
        let settings = FaultSettings(tokenLifetime: .seconds(300))
        try await FaultRun.scenario("kube: ResourceQuota exceeded on Secret create", settings, renewals: 0) { run in
            run.cluster.kubeFaults?.failFor(
                .seconds(40), matching: .init(verb: "create", pathContains: "/secrets"), with: .quotaExceeded(quota: "secrets-quota", limit: 10))
            try await Self.deleteSecret(run, of: "bravo")
            let reported = await eventually(timeout: .seconds(35), every: .milliseconds(100)) { Self.readyReason(run, "bravo") == "SecretWriteFailed" }
            let refusals = run.cluster.kubeRequests.filter { $0.verb == "create" && $0.path.hasSuffix("/secrets") && $0.statusCode == 403 }.count
            #expect(reported, "bravo: Ready \(Self.condition(run, "bravo", "Ready")?.jsonString ?? "-"), \(refusals) refused creates; output:\n\(run.output.suffix(6000))")
            #expect(Self.condition(run, "bravo", "Ready")?["message"]?.stringValue?.contains("exceeded quota") == true)
            #expect(Self.condition(run, "bravo", "Ready")?["message"]?.stringValue?.contains("ResourceQuota of namespace harmony") == true)
            let recreated = await eventually(timeout: .seconds(100), every: .milliseconds(100)) { run.cluster.hasConverged("bravo") }
            #expect(recreated)
            // A renewal may be between issuance and its write when this looks: wait for the Secrets to catch up.
            await Self.expectEveryTokenStored(run, untilConverged: true)
        }
    }

    @Test func statusWritesForbidden() async throws {
        let settings = FaultSettings(tokenLifetime: .seconds(60), renewBeforePercentage: 67)
        try await FaultRun.scenario("kube: 403 on status writes for 30 s", settings, renewals: 1) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-1))
            try await Self.setClusterRole(run, without: "gateways/status")
            // The status cannot say it: the Event and the metric do.
            var told = false
            for _ in 0..<50 where !told {
                for gateway in run.cluster.settings.gateways where try await run.eventReasons(for: gateway).contains("StatusWriteFailed") { told = true }
                if !told { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(told, "no StatusWriteFailed Event; output:\n\(run.output.suffix(3000))")
            try await Self.expectMetric(run, #"runbeam_operator_kube_write_failures_total{resource="gateways/status",code="403"}"#)
            try await Task.sleep(for: .seconds(20))
            try await Self.setClusterRole(run, without: nil)
            await Self.expectEveryTokenStored(run, untilConverged: true)
        }
    }

    @Test func runbeamDownAcrossExpiry() async throws {
        // 30-second tokens renewed 15 s before expiry; Runbeam Cloud fails from before the renewal until after expiry.
        try await FaultRun.scenario("cloud: down across a token's expiry", renewals: 1, tokensExpire: true) { run in
            let gateways = run.cluster.settings.gateways
            let expiries = Dictionary(uniqueKeysWithValues: gateways.map { ($0, run.cluster.secret($0).flatMap(SecretVersion.tokenPayload)?.expiresAt) })
            let lastExpiry = try #require(expiries.values.compactMap { $0 }.max())
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-1))
            run.cluster.cloud.faults.inject(.serviceUnavailable(), for: .milliseconds(Int64((lastExpiry.timeIntervalSinceNow + 4) * 1000)))
            await FaultRun.sleep(until: lastExpiry.addingTimeInterval(3))
            for gateway in gateways {
                let expiresAt = try #require(expiries[gateway] ?? nil)
                let flipped = run.cluster.recorder.gatewayVersions.first { $0.gateway == gateway && $0.readyReason == "TokenExpired" }
                let at = try #require(flipped?.time, "\(gateway): never Ready=False/TokenExpired")
                #expect(abs(at.timeIntervalSince(expiresAt)) <= 2, "\(gateway): TokenExpired at \(at), token expired at \(expiresAt)")
                #expect(try await run.eventReasons(for: gateway).contains("TokenExpired"))
            }
        }
    }

    @Test func leaseForbiddenForAReplica() async throws {
        // Replica 1 runs as a ServiceAccount without the Lease Role: it must say why it never leads.
        let settings = FaultSettings(replicas: 2, replicasWithoutLeaseRole: [1])
        try await FaultRun.scenario("operator: Lease 403 for a replica", settings) { run in
            // Measured from the first refused Lease request, not from the process start (which a loaded machine delays).
            let refusedAt = try #require(
                run.cluster.kubeRequests.first {
                    $0.path.contains("/leases") && $0.statusCode == 403 && $0.bearerToken == FaultCluster.replicaToken(1)
                }?.time, "replica 1 made no refused Lease request")
            let line = run.output(of: 1).split(separator: "\n").first { $0.contains("cannot acquire Lease harmony/runbeam-operator: HTTP 403") }
            let warning = try #require(line.flatMap { try? JSONValue(parsing: Data($0.utf8)) }, "no Lease warning; output:\n\(run.output(of: 1).suffix(3000))")
            #expect(warning["level"]?.stringValue == "warning")
            #expect(warning["message"]?.stringValue?.contains("grant get, create and update on leases") == true)
            let loggedAt = try #require(warning["time"]?.stringValue.flatMap(SecretVersion.parseTime))
            #expect(loggedAt.timeIntervalSince(refusedAt) <= 5, "warned \(loggedAt.timeIntervalSince(refusedAt)) s after the first refusal")
            let (status, text) = try #require(try await run.probe(1, "/readyz"))
            #expect(status == 503)
            #expect(text.contains("standby: cannot acquire Lease harmony/runbeam-operator: HTTP 403"), "\(text)")
            let (_, metrics) = try #require(try await run.probe(1, "/metrics"))
            #expect(metrics.contains(#"runbeam_operator_leader_election_failures_total{code="403"}"#))
            #expect(run.leader == 0)
        }
    }

    // MARK: helpers

    static func condition(_ run: FaultRun, _ gateway: String, _ type: String) -> JSONValue? {
        run.cluster.gateway(gateway)?[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    static func readyReason(_ run: FaultRun, _ gateway: String) -> String? {
        condition(run, gateway, "Ready")?["reason"]?.stringValue
    }

    /// Deletes `gateway`'s Secret as the other writer (its deletion is not the operator's).
    static func deleteSecret(_ run: FaultRun, of gateway: String) async throws {
        let (status, _) = try await run.cluster.apiRequest("DELETE", "\(secrets)/\(FaultCluster.secretName(gateway))")
        #expect(status == 200)
        let deletion = try #require(run.cluster.recorder.secretVersions.last { $0.gateway == gateway && $0.event == "DELETED" })
        run.cluster.recorder.markForeign(resourceVersion: deletion.resourceVersion)
    }

    /// Replaces the operator's ClusterRole with the shipped rules, less the one for `resource` (nil: all of them).
    static func setClusterRole(_ run: FaultRun, without resource: String?) async throws {
        let path = "/apis/rbac.authorization.k8s.io/v1/clusterroles/\(FaultCluster.serviceAccount)"
        let (_, current) = try await run.cluster.apiRequest("GET", path)
        var role = try #require(current)
        let rules = OperatorPermissions.cluster.compactMap { rule -> PolicyRule? in
            var rule = rule
            rule.resources.removeAll { $0 == resource }
            return rule.resources.isEmpty ? nil : rule
        }
        role["rules"] = .array(rules.map(\.json))
        let (status, _) = try await run.cluster.apiRequest("PUT", path, body: role)
        #expect(status == 200)
    }

    /// The leader's `/metrics` has `series` with a value of at least 1.
    static func expectMetric(_ run: FaultRun, _ series: String) async throws {
        let (_, metrics) = try #require(try await run.probe(run.leader ?? 0, "/metrics"))
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(series) }
        #expect(line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 1 } == true, "\(series) missing; metrics:\n\(metrics.prefix(4000))")
    }

    /// Every token Runbeam Cloud issued ended up in a Secret (after convergence, when asked).
    static func expectEveryTokenStored(_ run: FaultRun, untilConverged: Bool = false) async {
        // Exact, but for Runbeam answers the operator abandoned at its timeout (a loaded machine can slow them past it).
        func violations() -> [String] {
            run.cluster.recorder.tokenConservationViolations(issued: run.cluster.cloud.tokensIssued, allowance: run.abandonedRunbeamRequests)
        }
        if untilConverged { _ = await eventually(timeout: .seconds(30), every: .milliseconds(100)) { violations().isEmpty } }
        #expect(violations().isEmpty, "\(violations()); output:\n\(run.output.suffix(4000))")
    }
}
