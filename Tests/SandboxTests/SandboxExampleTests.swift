import JSON
import Sandbox
import Testing

@Suite struct SandboxExampleTests {
    let example = SandboxExample(namespace: "harmony", gateways: 2, apiURL: "http://127.0.0.1:9/api")

    @Test func membersAreNamedAfterTheirGateway() {
        #expect(example.members.map(\.name) == ["gateway-1", "gateway-2"])
        #expect(example.members.map(\.secretName) == ["gateway-1-runbeam", "gateway-2-runbeam"])
        #expect(example.members.map(\.deploymentName) == ["harmony-gateway-1", "harmony-gateway-2"])
        #expect(example.member(gatewayCode: "sandbox-gateway-2")?.name == "gateway-2")
        #expect(example.member(gatewayCode: "elsewhere") == nil)
    }

    @Test func objectsComeInCreationOrder() {
        let objects = example.objects(credential: "1|test-credential")
        #expect(objects.map { $0["kind"]?.stringValue ?? "" } == ["Namespace", "Secret", "Deployment", "Gateway", "Deployment", "Gateway"])
        #expect(objects.dropFirst().allSatisfy { $0[path: ["metadata", "namespace"]] == "harmony" })
    }

    @Test func credentialsSecretHoldsTheCredential() {
        let secret = example.objects(credential: "1|test-credential")[1]
        #expect(secret[path: ["metadata", "name"]] == .string(SandboxExample.credentialsSecretName))
        #expect(secret[path: ["stringData", SandboxExample.credentialsSecretKey]] == "1|test-credential")
    }

    @Test func deploymentReadsItsGatewaysSecretThroughSecretKeyRef() throws {
        let deployment = example.objects(credential: "1|test-credential")[4]
        #expect(deployment[path: ["metadata", "name"]] == "harmony-gateway-2")
        let env = try #require(deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue)
        let refs = env.map { ($0["name"]?.stringValue ?? "", $0[path: ["valueFrom", "secretKeyRef", "name"]]?.stringValue ?? "", $0[path: ["valueFrom", "secretKeyRef", "key"]]?.stringValue ?? "") }
        #expect(refs.map(\.0) == [SandboxExample.machineTokenEnv, SandboxExample.encryptionKeyEnv])
        #expect(refs.map(\.1) == ["gateway-2-runbeam", "gateway-2-runbeam"])
        #expect(refs.map(\.2) == ["machine-token", "encryption-key"])
        #expect(deployment[path: ["spec", "selector", "matchLabels"]] == deployment[path: ["spec", "template", "metadata", "labels"]])
    }

    @Test func gatewayPointsAtTheEmulatorAndRestartsItsDeployment() {
        let gateway = example.objects(credential: "1|test-credential")[3]
        #expect(gateway["apiVersion"] == "runbeam.io/v1alpha1")
        #expect(gateway[path: ["spec", "gatewayCode"]] == "sandbox-gateway-1")
        #expect(gateway[path: ["spec", "cloud", "apiURL"]] == "http://127.0.0.1:9/api")
        #expect(gateway[path: ["spec", "cloud", "credentialsSecretRef", "name"]] == .string(SandboxExample.credentialsSecretName))
        #expect(gateway[path: ["spec", "rollout", "targets"]] == [["kind": "Deployment", "name": "harmony-gateway-1"]])
    }
}
