import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Operator
import TestSupport
import Testing

/// The executor against ``InMemoryKubernetes``: what it writes, in which order, and what a refusal or a lost race
/// turns into, without an API server.
@Suite struct ExecutorWithFakeTests {
    static let namespace = "harmony"
    static let credential = "1|test-credential-fake"

    struct Scenario {
        let kube = InMemoryKubernetes()
        let issuer = FakeTokenIssuer(now: Date())
        let reconciler = GatewayReconciler(configuration: OperatorConfiguration(), rateLimiter: nil, logger: quietLogger)
        var executor: ReconcileExecutor { ReconcileExecutor(client: kube, events: nil, logger: quietLogger) }

        init() {
            kube.seed([
                "apiVersion": .string(Gateway.apiVersion), "kind": "Gateway",
                "metadata": ["name": "prod", "namespace": .string(ExecutorWithFakeTests.namespace), "uid": "uid-prod", "generation": 1],
                "spec": [
                    "gatewayCode": "prod-gateway",
                    "cloud": ["apiURL": "https://api.runbeam.cloud/api", "credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
                ],
            ])
        }

        /// One reconcile of `prod` over what the fake holds, and its execution.
        func step() async throws -> (ReconcileResult, ReconcileExecutor.Execution) {
            let object = try await kube.get(.gateway, namespace: ExecutorWithFakeTests.namespace, name: "prod")
            let gateway = try GatewayResource.decode(object).get()
            let secret = kube.object(Secret.resourceType, namespace: ExecutorWithFakeTests.namespace, name: "prod-runbeam").map(Secret.init(object:))
            let world = ReconcileWorld(
                managedSecret: secret.map(ManagedSecret.init), credential: .found(Credential(ExecutorWithFakeTests.credential)), now: issuer.now)
            let result = await reconciler.reconcile(gateway, world: world, issuer: issuer)
            return (result, await executor.perform(result, gateway: object, existingSecret: secret))
        }
    }

    @Test func aFirstIssuanceCreatesTheSecretThenWritesStatusAndASecondReconcileWritesNothing() async throws {
        let scenario = Scenario()
        let (first, execution) = try await scenario.step()
        #expect(execution.outcome == .completed)
        guard case .create = first.secretWrite else { Issue.record("expected a Secret create"); return }
        #expect(scenario.kube.calls.filter { $0.verb != "get" }.map { "\($0.verb) \($0.resource)" } == ["create secrets", "update gateways/status"])
        let secret = try #require(scenario.kube.object(Secret.resourceType, namespace: Self.namespace, name: "prod-runbeam"))
        #expect(Secret(object: secret).metadata.ownerReferences.first?.uid == "uid-prod")
        let gateway = try #require(scenario.kube.object(.gateway, namespace: Self.namespace, name: "prod"))
        #expect(GatewayResource.status(of: gateway).condition(.ready)?.status == "True")

        let writesBefore = scenario.kube.calls.filter { $0.verb != "get" }.count
        let (second, again) = try await scenario.step()
        #expect(again.outcome == .completed)
        #expect(second.secretWrite == nil && second.status == nil)
        #expect(scenario.kube.calls.filter { $0.verb != "get" }.count == writesBefore)
        #expect(scenario.issuer.calls.count == 1)
    }

    @Test func aRefusedSecretCreateWritesNothingElseAndNamesTheFix() async throws {
        let scenario = Scenario()
        scenario.kube.refuse("create", "secrets", name: "prod-runbeam", with: .forbidden("secrets is forbidden: cannot create"))
        let (_, execution) = try await scenario.step()
        guard case .secretWriteFailed(let failure) = execution.outcome else { Issue.record("expected a refused Secret write"); return }
        #expect(failure.code == 403 && failure.verb == "create" && failure.resource == "secrets")
        #expect(scenario.kube.calls.filter { $0.verb != "get" }.map(\.verb) == ["create"])
        #expect(execution.failures == [failure])
    }

    @Test func aStatusOnlyWriteThatLosesARaceAsksForAnotherReconcile() async throws {
        let scenario = Scenario()
        let (first, _) = try await scenario.step()
        #expect(first.secretWrite != nil)
        // Someone else changes the Gateway between the read and the status write: nothing was written that the status
        // must record, so the executor leaves it to the next reconcile, on the fresh object.
        let object = try await scenario.kube.get(.gateway, namespace: Self.namespace, name: "prod")
        var edited = object
        edited.json[path: ["metadata", "labels"]] = ["team": "blue"]
        _ = try await scenario.kube.replace(.gateway, edited, namespace: nil, subresource: nil)
        var result = ReconcileResult(status: GatewayResource.status(of: object), events: [], nextReconcile: nil)
        result.status?.lastRenewRequest = "now"
        let execution = await scenario.executor.perform(result, gateway: object, existingSecret: nil)
        #expect(execution.outcome == .conflict)
        let stored = try #require(scenario.kube.object(.gateway, namespace: Self.namespace, name: "prod"))
        #expect(GatewayResource.status(of: stored).lastRenewRequest == nil)
        #expect(stored.metadata.labels["team"] == "blue")
        #expect(execution.failures.isEmpty)
    }
}
