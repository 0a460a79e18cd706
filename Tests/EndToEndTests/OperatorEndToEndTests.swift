import Age
import Emulators
import ChildProcess
import Foundation
import JSON
import Manifests
import TestSupport
import Testing

/// The `runbeam-operator run` binary against both emulators, with 24-second tokens.
@Suite(.serialized) struct OperatorEndToEndTests {
    static let gateways = ["alpha", "bravo", "charlie"]

    @Test func issuesRenewsAndRollsWithoutLeaking() async throws {
        let cluster = try await E2ECluster.start(gateways: Self.gateways, tokenLifetime: .seconds(24))
        // One lost status write: the operator must re-read the Gateway and retry (a `get` the RBAC must allow).
        cluster.kube.faults.failNext(1, matching: .init(verb: "update", pathContains: "/status"), with: .conflict)
        let operatorProcess = try OperatorProcess(arguments: try cluster.runArguments())
        defer { operatorProcess.kill() }
        let probePorts = await operatorProcess.probePorts(within: .seconds(30))
        let (metricsPort, healthPort) = try #require(probePorts, "no probe ports logged; output:\n\(operatorProcess.output.suffix(4000))")

        // 1. Every Gateway becomes Ready with a Secret in Harmony's format.
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(100)) { Self.gateways.allSatisfy(cluster.isReady) }
        #expect(ready, "Gateways not Ready; operator output:\n\(operatorProcess.output.suffix(4000))")
        try #require(ready)
        var tokensSeen: Set<String> = []
        for name in Self.gateways {
            let data = cluster.secretData(name)
            let payload = try #require(data["machine-token"].flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
            #expect(Set(payload.keys) == ["machine_token", "expires_at", "gateway_id", "gateway_code", "abilities", "issued_at"])
            #expect(payload["gateway_code"] as? String == "e2e-\(name)")
            tokensSeen.insert(try #require(payload["machine_token"] as? String))
            let keyValue = String(decoding: try #require(data["encryption-key"]), as: UTF8.self)
            let identity = try AgeIdentity(harmonyValue: keyValue)
            let status = try #require(cluster.gateway(name)?["status"])
            #expect(status["recipient"]?.stringValue == identity.recipient.description)
            // A file the real age encrypts to that recipient decrypts with the key in the Secret.
            let encrypted = try await runAge(["-r", identity.recipient.description], input: Data("hello harmony".utf8))
            #expect(try Age.decrypt(encrypted, with: [identity]) == Data("hello harmony".utf8))
        }

        // 2. /metrics shows the expiry gauges; the probes answer.
        // The gauges are set right after the status write the test saw: poll until they are there.
        var (metricsStatus, metrics) = (0, "")
        _ = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            (metricsStatus, metrics) = try await E2ECluster.get("http://127.0.0.1:\(metricsPort)/metrics")
            return Self.gateways.allSatisfy { metrics.contains(#"runbeam_operator_token_expiry_timestamp_seconds{namespace="harmony",gateway="\#($0)"}"#) }
        }
        #expect(metricsStatus == 200)
        for name in Self.gateways {
            #expect(metrics.contains(#"runbeam_operator_token_expiry_timestamp_seconds{namespace="harmony",gateway="\#(name)"}"#))
        }
        #expect(try await E2ECluster.get("http://127.0.0.2:\(healthPort)/healthz").0 == 200)
        let readiness = try await E2ECluster.get("http://127.0.0.2:\(healthPort)/readyz")
        #expect(readiness.0 == 200, "readyz: \(readiness.1)")

        // 3. Each token is renewed before it expires (and not before its renewal time), and each target
        //    rolls once per token change.
        var firstToken: [String: (issued: String, renewal: String, expiry: String)] = [:]
        for name in Self.gateways {
            let status = cluster.gateway(name)?["status"]
            firstToken[name] = (
                status?["issuedAt"]?.stringValue ?? "", status?["renewalTime"]?.stringValue ?? "", status?["expiresAt"]?.stringValue ?? ""
            )
        }
        // Renewed = Runbeam issued a second token and the operator recorded it in status (which it
        // writes after the Secret and the rollouts).
        let renewed = await eventually(timeout: .seconds(45), every: .milliseconds(100)) {
            Self.gateways.allSatisfy { name in
                cluster.cloud.tokensIssued(gatewayCode: "e2e-\(name)") >= 2
                    && cluster.gateway(name)?[path: ["status", "issuedAt"]]?.stringValue != firstToken[name]?.issued
            }
        }
        #expect(renewed, "not renewed; operator output:\n\(operatorProcess.output.suffix(4000))")
        for name in Self.gateways {
            let issuedAt = cluster.gateway(name)?[path: ["status", "issuedAt"]]?.stringValue ?? ""
            let first = try #require(firstToken[name])
            let inWindow = !issuedAt.isEmpty && issuedAt >= String(first.renewal.prefix(19)) && issuedAt < first.expiry
            #expect(inWindow, """
                \(name) renewed at \(issuedAt); window [\(first.renewal), \(first.expiry)); operator log for it:
                \(operatorProcess.output.split(separator: "\n").filter { $0.contains("/\(name)") }.suffix(40).joined(separator: "\n"))
                """)
            let payload = cluster.secretData(name)["machine-token"].flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            if let token = payload?["machine_token"] as? String { tokensSeen.insert(token) }
        }
        let settled = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
            Self.gateways.allSatisfy { cluster.rollouts($0) == cluster.cloud.tokensIssued(gatewayCode: "e2e-\($0)") }
        }
        for name in Self.gateways {
            #expect(cluster.rollouts(name) == cluster.cloud.tokensIssued(gatewayCode: "e2e-\(name)"), "rollouts of \(name) vs tokens issued (settled: \(settled))")
        }

        let (_, finalMetrics) = try await E2ECluster.get("http://127.0.0.1:\(metricsPort)/metrics")

        // 4. SIGTERM: exit 0 within 10 s, and the Lease is released.
        operatorProcess.terminate()
        let status = await operatorProcess.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "exit status \(String(describing: status)); output:\n\(operatorProcess.output.suffix(2000))")
        let lease = cluster.kube.store.get(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: E2ECluster.namespace, name: "runbeam-operator")
        let holder = lease?[path: ["spec", "holderIdentity"]]?.stringValue ?? ""
        #expect(holder.isEmpty, "the Lease is still held by \(holder)")

        // 5. The shipped RBAC allows every request the operator made, and grants nothing it did not use. Patching an
        //    Event (folding a repeat into a series) needs a repeated Event, which this short run may not produce; the
        //    fault suite's whole-run audit (Tests/FaultTests) covers it.
        let operatorRequests = cluster.kube.requestLog.all.filter { $0.userAgent?.hasPrefix("runbeam-operator") == true }
        let audit = RBACAudit(namespace: E2ECluster.namespace).check(operatorRequests.map { APIRequest(verb: $0.verb, path: $0.path) })
        #expect(audit.denied.isEmpty, "requests the roles do not allow: \(audit.denied)")
        // The emulator enforced those roles (and owner-reference admission): nothing was refused.
        let refused = operatorRequests.filter { $0.statusCode == 403 }.map { "\($0.verb) \($0.path)" }
        #expect(refused.isEmpty, "requests refused under the shipped roles: \(refused)")
        let unused = audit.unused.filter { !($0.verb == "patch" && $0.group == "events.k8s.io" && $0.resource == "events") }
        #expect(unused.isEmpty, "grants no request used: \(unused)")

        // 6. Nothing secret in logs, Events, status or metrics.
        let (_, events) = try await E2ECluster.get("\(cluster.kube.baseURL.absoluteString)/apis/events.k8s.io/v1/namespaces/harmony/events")
        let statuses = Self.gateways.compactMap { cluster.gateway($0)?["status"]?.jsonString }.joined(separator: "\n")
        let keys = Self.gateways.compactMap { String(data: cluster.secretData($0)["encryption-key"] ?? Data(), encoding: .utf8) }
        for (what, text) in [("logs", operatorProcess.output), ("events", events), ("status", statuses), ("metrics", finalMetrics)] {
            #expect(!text.contains(cluster.credential.value), "credential in \(what)")
            #expect(!text.contains("AGE-SECRET-KEY-1"), "private key in \(what)")
            for key in keys where !key.isEmpty { #expect(!text.contains(key), "encryption key in \(what)") }
            for token in tokensSeen { #expect(!text.contains(token), "machine token in \(what)") }
            #expect(text.range(of: #"mt_[A-Za-z0-9]{40}"#, options: .regularExpression) == nil, "token-shaped string in \(what)")
        }
        #expect(!operatorProcess.output.isEmpty)
        await cluster.shutdown()
    }

    /// Runs the real `age` with `arguments`, feeding `input`.
    private func runAge(_ arguments: [String], input: Data) async throws -> Data {
        let result = try await ChildProcess.run(ChildCommand(
            executable: "age", arguments: arguments, environment: ProcessInfo.processInfo.environment, input: .data(input), error: .discard
        ))
        guard result.exit.succeeded else { throw AgeRunFailure(exit: result.exit) }
        return result.standardOutput
    }

    struct AgeRunFailure: Error { var exit: ChildExit }
}
