import Basics
import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Operator
import TestSupport
import Testing

/// The real ``GatewayController`` (informers, work queue, reconciler, executor) on ``InMemoryKubernetes`` and a fake
/// token issuer: what a Gateway's lifecycle writes, end to end, without HTTP or an emulator.
@Suite struct GatewayControllerWithFakeTests {
    static let namespace = "harmony"
    static let credential = "1|test-credential-fake"
    static let writeVerbs: Set<String> = ["create", "update", "patch"]

    /// A running controller over a fake holding the credentials Secret and the Gateways named in `init`.
    final class Scenario: Sendable {
        let kube = InMemoryKubernetes()
        let issuer = FakeTokenIssuer(now: Date())
        let controller: GatewayController
        private let run: Task<Void, Never>

        init(gateways: [String], workers: Int = 2, before: (InMemoryKubernetes) -> Void = { _ in }) {
            kube.seed([
                "apiVersion": "v1", "kind": "Secret",
                "metadata": ["name": "runbeam-api-token", "namespace": .string(GatewayControllerWithFakeTests.namespace)],
                "data": ["token": .string(Data(GatewayControllerWithFakeTests.credential.utf8).base64EncodedString())],
            ])
            for name in gateways { Self.seedGateway(name, in: kube) }
            before(kube)
            var configuration = OperatorConfiguration()
            configuration.watchNamespaces = [GatewayControllerWithFakeTests.namespace]
            configuration.workers = workers
            let controller = GatewayController(
                client: kube, configuration: configuration, issuer: issuer, events: nil, clock: SystemClock(), logger: quietLogger)
            self.controller = controller
            run = Task { await controller.run() }
        }

        static func seedGateway(_ name: String, in kube: InMemoryKubernetes) {
            kube.seed([
                "apiVersion": .string(Gateway.apiVersion), "kind": "Gateway",
                "metadata": [
                    "name": .string(name), "namespace": .string(GatewayControllerWithFakeTests.namespace), "uid": .string("uid-\(name)"),
                    "generation": 1,
                ],
                "spec": [
                    "gatewayCode": .string("\(name)-gateway"),
                    "cloud": ["apiURL": "https://api.runbeam.cloud/api", "credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
                ],
            ])
        }

        func stop() async {
            run.cancel()
            await run.value
        }

        func status(_ name: String) -> GatewayStatus? {
            kube.object(.gateway, namespace: GatewayControllerWithFakeTests.namespace, name: name).map(GatewayResource.status(of:))
        }

        func isReady(_ name: String) -> Bool { status(name)?.condition(.ready)?.isTrue == true }

        func secret(_ name: String) -> Secret? {
            kube.object(Secret.resourceType, namespace: GatewayControllerWithFakeTests.namespace, name: "\(name)-runbeam").map(Secret.init(object:))
        }

        /// The machine token in Gateway `name`'s Secret.
        func token(_ name: String) -> String? {
            guard let payload = secret(name)?.data["machine-token"] else { return nil }
            return (try? JSONValue(parsing: payload))?["machine_token"]?.stringValue
        }

        /// The writes made so far, as `verb resource/name`.
        func writes() -> [String] {
            kube.calls.filter { GatewayControllerWithFakeTests.writeVerbs.contains($0.verb) }.map { "\($0.verb) \($0.resource)/\($0.name)" }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aGatewayWithCredentialsGetsItsSecretAndBecomesReadyThenRestsQuiet() async throws {
        let scenario = Scenario(gateways: ["prod"])
        let ready = await eventually { scenario.isReady("prod") && scenario.token("prod") != nil }
        #expect(ready)
        #expect(scenario.issuer.calls == ["prod-gateway"])
        #expect(scenario.token("prod") == scenario.issuer.tokens.first)
        let secret = try #require(scenario.secret("prod"))
        #expect(secret.metadata.labels[OperatorLabels.managedBy] == OperatorLabels.managerName)
        #expect(secret.metadata.ownerReferences.first.map { $0.uid == "uid-prod" && $0.controller == true } == true)
        #expect(secret.data["encryption-key"]?.isEmpty == false)
        #expect(scenario.status("prod")?.secretName == "prod-runbeam")
        #expect(scenario.writes() == ["create secrets/prod-runbeam", "update gateways/status/prod"])

        // The informers bring the controller its own two writes; reconciling them again writes and asks nothing.
        try await Task.sleep(for: .milliseconds(500))
        #expect(scenario.writes().count == 2, "\(scenario.writes())")
        #expect(scenario.issuer.calls.count == 1)
        await scenario.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func aRefusedSecretCreateIsRecordedAndTheKeptTokenIsWrittenOnceAllowed() async throws {
        let scenario = Scenario(gateways: ["prod"]) { kube in
            kube.refuse("create", "secrets", name: "prod-runbeam", with: .forbidden("secrets is forbidden: cannot create"))
        }
        let recorded = await eventually { scenario.status("prod")?.condition(.issued)?.reason == "SecretWriteFailed" }
        #expect(recorded)
        #expect(scenario.status("prod")?.condition(.issued)?.message.contains("403") == true, "\(String(describing: scenario.status("prod")))")
        #expect(scenario.status("prod")?.condition(.ready)?.isTrue != true)
        // At least one retry is refused too, and none asks Runbeam Cloud for another token.
        let retried = await eventually { scenario.writes().filter { $0 == "create secrets/prod-runbeam" }.count >= 2 }
        #expect(retried)
        #expect(scenario.secret("prod") == nil)
        #expect(scenario.issuer.calls == ["prod-gateway"])

        scenario.kube.allow("create", "secrets", name: "prod-runbeam")
        let written = await eventually { scenario.isReady("prod") && scenario.token("prod") != nil }
        #expect(written)
        #expect(scenario.issuer.calls == ["prod-gateway"], "the kept token is written, not a new one asked for")
        #expect(scenario.token("prod") == scenario.issuer.tokens.first)
        #expect(scenario.status("prod")?.condition(.issued)?.isTrue == true)
        await scenario.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func aSecretDeletedOutsideIsRecreated() async throws {
        let scenario = Scenario(gateways: ["prod"])
        #expect(await eventually { scenario.isReady("prod") && scenario.token("prod") != nil })
        let first = scenario.token("prod")

        #expect(scenario.kube.remove(Secret.resourceType, namespace: Self.namespace, name: "prod-runbeam"))
        let recreated = await eventually { scenario.token("prod") != nil }
        #expect(recreated)
        #expect(scenario.secret("prod")?.metadata.ownerReferences.first?.uid == "uid-prod")
        #expect(scenario.token("prod").map { scenario.issuer.tokens.contains($0) } == true)
        #expect(await eventually { scenario.isReady("prod") })
        #expect(scenario.writes().filter { $0 == "create secrets/prod-runbeam" }.count == 2)
        // The token went with the Secret: a new one is asked for.
        #expect(scenario.token("prod") != first)
        #expect(scenario.issuer.calls == ["prod-gateway", "prod-gateway"])
        await scenario.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func afterTheWatchesExpireTheInformersListAgainAndStillSeeDeletions() async throws {
        let scenario = Scenario(gateways: ["prod"])
        #expect(await eventually { scenario.isReady("prod") && scenario.token("prod") != nil })
        let lists = scenario.kube.calls.filter { $0.verb == "list" }.count
        #expect(lists == 5, "one list per informer")

        scenario.kube.expireWatches()
        // Every informer lists again and watches from the new list.
        let relisted = await eventually {
            scenario.kube.calls.filter { $0.verb == "list" }.count == 2 * lists && scenario.kube.watchCount == lists
        }
        #expect(relisted)
        #expect(scenario.kube.remove(Secret.resourceType, namespace: Self.namespace, name: "prod-runbeam"))
        #expect(await eventually { scenario.token("prod") != nil })
        #expect(scenario.writes().filter { $0 == "create secrets/prod-runbeam" }.count == 2)
        await scenario.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func aDeletedGatewayIsNoLongerReconciled() async throws {
        let scenario = Scenario(gateways: ["prod"])
        #expect(await eventually { scenario.isReady("prod") && scenario.token("prod") != nil })

        // The Gateway goes, then (as the garbage collector would) its Secret, whose event wakes the Gateway's key: a
        // controller still holding the Gateway would write a new Secret (a live one does within a second).
        #expect(scenario.kube.remove(.gateway, namespace: Self.namespace, name: "prod"))
        let writesBefore = scenario.writes().count
        #expect(scenario.kube.remove(Secret.resourceType, namespace: Self.namespace, name: "prod-runbeam"))
        // The controller still works: a Gateway added now becomes Ready.
        Scenario.seedGateway("next", in: scenario.kube)
        #expect(await eventually { scenario.isReady("next") })

        let resurrected = await eventually(timeout: .seconds(3)) {
            scenario.secret("prod") != nil || scenario.issuer.calls.filter { $0 == "prod-gateway" }.count > 1
        }
        #expect(!resurrected, "the deleted Gateway was reconciled: \(scenario.writes())")
        let later = scenario.writes().dropFirst(writesBefore)
        #expect(later.allSatisfy { !$0.hasSuffix("/prod") && !$0.hasSuffix("/prod-runbeam") }, "\(Array(later))")
        #expect(scenario.issuer.calls == ["prod-gateway", "next-gateway"])
        await scenario.stop()
    }
}
