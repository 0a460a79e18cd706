import Age
import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Operator
import TestSupport
import Testing

@Suite struct ReconcileExecutorTests {
    static let namespace = ClusterFixture.namespace
    static let credential = "1|test-credential-\(UUID().uuidString)"

    /// A Gateway `prod` targeting Deployment `harmony`, and one reconcile-and-execute step over freshly read objects.
    struct Scenario {
        let cluster: ClusterFixture
        let executor: ReconcileExecutor
        let issuer = FakeTokenIssuer(now: Date())
        let reconciler = GatewayReconciler(configuration: OperatorConfiguration(), rateLimiter: nil, logger: quietLogger)

        static func start() async throws -> Scenario {
            let cluster = try await ClusterFixture.start()
            try cluster.createDeployment("harmony", secret: "prod-runbeam")
            try cluster.createGateway("prod", apiURL: "https://api.runbeam.cloud/api", target: "harmony")
            // The clock reads whole seconds: let the Deployment's creation second pass, so the first token is newer.
            try await Task.sleep(for: .milliseconds(1100))
            let recorder = EventRecorder(client: cluster.client, controller: "runbeam.io/operator", instance: "test", logger: quietLogger)
            return Scenario(cluster: cluster, executor: ReconcileExecutor(client: cluster.client, events: recorder, logger: quietLogger))
        }

        func gatewayObject() async throws -> KubernetesObject {
            try await cluster.client.get(.gateway, namespace: namespace, name: "prod")
        }

        func secret() async throws -> Secret? {
            do {
                return try await cluster.client.get(Secret.self, namespace: namespace, name: "prod-runbeam")
            } catch KubernetesError.notFound {
                return nil
            }
        }

        func deployment() async throws -> Deployment {
            try await cluster.client.get(Deployment.self, namespace: namespace, name: "harmony")
        }

        func step() async throws -> (ReconcileResult, ReconcileExecutor.Execution) {
            let object = try await gatewayObject()
            let gateway = try GatewayResource.decode(object).get()
            let secret = try await secret()
            let now = Date()
            issuer.now = now
            let world = ReconcileWorld(
                managedSecret: secret.map(ManagedSecret.init), credential: .found(Credential(credential)),
                workloads: [WorkloadState(try await deployment())], now: now)
            let result = await reconciler.reconcile(gateway, world: world, issuer: issuer)
            cluster.emulator.requestLog.clear()
            return (result, await executor.perform(result, gateway: object, existingSecret: secret))
        }
    }

    @Test func aFirstIssuanceWritesSecretStatusAndOneRestartAndASteadyStateWritesNothing() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        let (first, execution) = try await scenario.step()
        #expect(execution.outcome == .completed)
        guard case .create = first.secretWrite else { Issue.record("expected a Secret create"); await cluster.stop(); return }

        let writes = cluster.writes().filter { !$0.path.contains("/events") }
        #expect(writes.count <= 3 + 1, "\(writes.map { "\($0.method) \($0.path)" })")
        #expect(writes.filter { $0.path.hasSuffix("/secrets") && $0.method == "POST" }.count == 1)
        #expect(writes.filter { $0.path.hasSuffix("/gateways/prod/status") && $0.method == "PUT" }.count == 1)
        let patches = writes.filter { $0.path.hasSuffix("/deployments/harmony") }
        #expect(patches.map(\.method) == ["PATCH"])
        #expect(patches.first?.contentType == "application/merge-patch+json")
        #expect(patches.first?.userAgent?.hasPrefix("runbeam-operator") == true)
        #expect(cluster.emulator.rolloutCount(namespace: Self.namespace, name: "harmony") == 1)

        let deployment = try await scenario.deployment()
        let managers = (deployment.metadata.managedFields?.arrayValue ?? []).compactMap { $0["manager"]?.stringValue }
        #expect(managers.contains("runbeam-operator"))
        #expect(deployment.podTemplate.annotations[OperatorLabels.restartedAt] != nil)

        let secret = try #require(try await scenario.secret())
        #expect(secret.metadata.labels[OperatorLabels.managedBy] == "runbeam-operator")
        #expect(secret.metadata.ownerReferences.first?.kind == "Gateway" && secret.metadata.ownerReferences.first?.controller == true)
        let payload = try JSONValue(parsing: try #require(secret.data["machine-token"]))
        #expect(Set(payload.objectValue?.keys.map { $0 } ?? []) == ["machine_token", "expires_at", "gateway_id", "gateway_code", "abilities", "issued_at"])
        let identity = try AgeIdentity(harmonyValue: String(decoding: try #require(secret.data["encryption-key"]), as: UTF8.self))
        let gateway = try await scenario.gatewayObject()
        #expect(gateway["status", "recipient"]?.stringValue == identity.recipient.description)
        #expect(gateway["status", "tokenHash"]?.stringValue == TokenHash.of(secret.data))

        let events = try await cluster.events()
        #expect(events.contains { $0.reason == "TokenIssued" && $0.note?.contains("; restarting Deployment") == true })
        #expect(events.allSatisfy { $0.regarding?.kind == "Gateway" && $0.regarding?.name == "prod" })
        let secrets = scenario.issuer.tokens + [Self.credential, identity.description, identity.harmonyValue(.base64), identity.harmonyValue(.raw)]
        let texts = events.compactMap(\.note) + [gateway["status"]?.jsonString ?? ""]
        for text in texts {
            #expect(!secrets.contains { !$0.isEmpty && text.contains($0) }, "a secret leaked into \(text)")
        }

        #expect(try await eventually { WorkloadState(try await scenario.deployment()).isRolledOut })
        let (settled, settling) = try await scenario.step()
        #expect(settling.outcome == .completed)
        #expect(settled.secretWrite == nil && settled.restarts.isEmpty)
        let (steady, quiet) = try await scenario.step()
        #expect(quiet.outcome == .completed)
        #expect(!steady.writes)
        #expect(cluster.writes().isEmpty, "\(cluster.writes().map { "\($0.method) \($0.path)" })")
        #expect(scenario.issuer.calls.count == 1)
        #expect(cluster.emulator.rolloutCount(namespace: Self.namespace, name: "harmony") == 1)
        await cluster.stop()
    }

    @Test func conflictsOnTheSecretOrStatusMeanReconcileAgain() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        _ = try await scenario.step()
        let stale = try #require(try await scenario.secret())
        let staleGateway = try await scenario.gatewayObject()

        var edited = stale
        edited.metadata.labels["edited"] = "yes"
        _ = try await cluster.client.replace(edited)
        var managed = ManagedSecret(stale)
        managed.annotations["runbeam.io/extra"] = "1"
        var status = GatewayResource.status(of: staleGateway)
        status.failedAttempts = 1
        let result = ReconcileResult(
            secretWrite: .update(managed), restarts: [WorkloadRestart(kind: .deployment, name: "harmony", restartedAt: "2030-01-01T00:00:00.000Z")],
            status: status, events: [GatewayEvent(.normal, "TokenRenewed", "renewed")])
        cluster.emulator.requestLog.clear()
        let secretConflict = await scenario.executor.perform(result, gateway: staleGateway, existingSecret: stale)
        #expect(secretConflict.outcome == .conflict)
        #expect(cluster.writes().map(\.path).allSatisfy { $0.hasSuffix("/secrets/prod-runbeam") }, "nothing after a lost Secret race")

        var touched = staleGateway
        touched.metadata.labels = ["touched": "yes"]
        _ = try await cluster.client.replace(.gateway, touched)
        cluster.emulator.requestLog.clear()
        let statusConflict = await scenario.executor.perform(ReconcileResult(status: status), gateway: staleGateway, existingSecret: nil)
        #expect(statusConflict.outcome == .conflict)
        #expect(cluster.writes().map(\.method) == ["PUT"])
        await cluster.stop()
    }

    @Test func aStatusConflictAfterASecretWriteIsRetriedOnceOnTheFreshGateway() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        cluster.emulator.faults.failNext(1, matching: .init(verb: "update", pathContains: "/gateways/prod/status"), with: .conflict)
        let (_, execution) = try await scenario.step()
        #expect(execution.outcome == .completed)
        #expect(cluster.writes(to: "/gateways/prod").map(\.statusCode) == [409, 200])
        let secret = try #require(try await scenario.secret())
        #expect(try await scenario.gatewayObject()["status", "tokenHash"]?.stringValue == TokenHash.of(secret.data))
        await cluster.stop()
    }

    @Test func aFailedSecretWriteWritesNothingElseAndNamesTheFailure() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        cluster.emulator.faults.failNext(1, matching: .init(verb: "create", pathContains: "/secrets"), with: .internalError)
        let (result, execution) = try await scenario.step()
        #expect(result.pendingToken != nil)
        guard case .secretWriteFailed(let failure) = execution.outcome else {
            Issue.record("expected a Secret write failure, got \(execution.outcome)")
            await cluster.stop()
            return
        }
        #expect(failure.verb == "create" && failure.resource == "secrets" && failure.name == "prod-runbeam" && failure.code == 500)
        #expect(execution.failures == [failure])
        // No status claiming a token, no restart, no success Event: only the failed create was attempted.
        #expect(cluster.writes().map(\.path) == ["/api/v1/namespaces/\(Self.namespace)/secrets"])
        #expect(try await scenario.secret() == nil)
        await cluster.stop()
    }

    @Test func aFailedStatusWriteIsToldByAWarningEvent() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        cluster.emulator.faults.failNext(10, matching: .init(verb: "update", pathContains: "/status"), with: .internalError)
        let (_, execution) = try await scenario.step()
        guard case .failed(let message) = execution.outcome else {
            Issue.record("expected a failure, got \(execution.outcome)")
            await cluster.stop()
            return
        }
        #expect(message.contains("update gateways/status harmony/prod failed: HTTP 500"))
        #expect(execution.failures.map(\.resource) == ["gateways/status"])
        let warnings = try await cluster.events().filter { $0.reason == "StatusWriteFailed" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.type == .warning)
        #expect(warnings.first?.note?.contains("update gateways/status harmony/prod failed") == true)
        await cluster.stop()
    }

    @Test func aFailedRestartStillWritesTheStatusAndReportsAFailure() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        let gateway = try await scenario.gatewayObject()
        var status = GatewayStatus()
        status.secretName = "prod-runbeam"
        let result = ReconcileResult(restarts: [WorkloadRestart(kind: .statefulSet, name: "missing", restartedAt: "2030-01-01T00:00:00.000Z")], status: status)
        let execution = await scenario.executor.perform(result, gateway: gateway, existingSecret: nil)
        guard case .failed(let message) = execution.outcome else { Issue.record("expected a failure, got \(execution.outcome)"); await cluster.stop(); return }
        #expect(message.contains("patch statefulsets harmony/missing failed: HTTP 404"))
        let written = try await scenario.gatewayObject()
        #expect(written["status", "secretName"]?.stringValue == "prod-runbeam")
        // The status says the rollout write failed, and the failure is counted.
        let rollout = GatewayResource.status(of: written).condition(.rolloutComplete)
        #expect(rollout?.isTrue == false)
        #expect(rollout?.reason == "RolloutWriteFailed")
        #expect(execution.failures.map(\.resource) == ["statefulsets"])
        #expect(execution.failures.map(\.code) == [404])
        #expect(execution.gateway != nil)
        await cluster.stop()
    }

    @Test func aRestartDecidedOnAnOutdatedVersionIsNotPatched() async throws {
        let scenario = try await Scenario.start()
        let cluster = scenario.cluster
        let gateway = try await scenario.gatewayObject()
        let seen = try await cluster.client.get(.deployment, namespace: Self.namespace, name: "harmony")
        // Someone (here: an earlier reconcile whose write the cache has not shown yet) restarts it first.
        let first = WorkloadRestart(kind: .deployment, name: "harmony", restartedAt: "2030-01-01T00:00:00.000Z", resourceVersion: seen.metadata.resourceVersion)
        let earlier = await scenario.executor.perform(ReconcileResult(restarts: [first]), gateway: gateway, existingSecret: nil)
        #expect(earlier.outcome == .completed)

        // A second decision taken on the version read before that restart must not restart the pods again.
        let stale = WorkloadRestart(kind: .deployment, name: "harmony", restartedAt: "2030-01-01T00:00:01.000Z", resourceVersion: seen.metadata.resourceVersion)
        let execution = await scenario.executor.perform(ReconcileResult(restarts: [stale]), gateway: gateway, existingSecret: nil)
        #expect(execution.outcome == .outdated)
        #expect(execution.workloads.isEmpty)
        let after = try await cluster.client.get(.deployment, namespace: Self.namespace, name: "harmony")
        #expect(after["spec", "template", "metadata", "annotations", OperatorLabels.restartedAt]?.stringValue == "2030-01-01T00:00:00.000Z")
        #expect(cluster.emulator.store.rolloutCount(kind: "Deployment", namespace: Self.namespace, name: "harmony") == 1)
        await cluster.stop()
    }
}
