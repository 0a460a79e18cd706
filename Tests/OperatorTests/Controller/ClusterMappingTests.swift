import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Operator
import Testing

@Suite struct ClusterMappingTests {
    static let gatewayJSON: JSONValue = [
        "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
        "metadata": [
            "name": "prod", "namespace": "harmony", "uid": "uid-1", "generation": 3, "resourceVersion": "42",
            "annotations": ["runbeam.io/renew-requested-at": "now"], "managedFields": [["manager": "kubectl"]],
        ],
        "spec": [
            "gatewayCode": "prod-gateway",
            "cloud": ["apiURL": "https://api.runbeam.cloud/api", "credentialsSecretRef": ["name": "creds", "key": "token"]],
            "secret": ["name": "prod-runbeam", "encryptionKeyFormat": "Raw"],
            "rollout": ["targets": [["kind": "StatefulSet", "name": "harmony"]]],
        ],
        "status": ["observedGeneration": 2, "conditions": [], "recipient": "age1example"],
    ]

    @Test func aGatewayObjectDecodesWithMetadataSpecAndStatus() throws {
        let gateway = try GatewayResource.decode(KubernetesObject(Self.gatewayJSON)).get()
        #expect(gateway.metadata.name == "prod" && gateway.metadata.namespace == "harmony" && gateway.metadata.uid == "uid-1")
        #expect(gateway.metadata.generation == 3)
        #expect(gateway.metadata.annotations?["runbeam.io/renew-requested-at"] == "now")
        #expect(gateway.spec.secret?.encryptionKeyFormat == .raw)
        #expect(gateway.spec.rollout?.targets == [RolloutTarget(kind: .statefulSet, name: "harmony")])
        #expect(gateway.status?.observedGeneration == 2 && gateway.status?.recipient == "age1example")
    }

    @Test func aMistypedGatewayBecomesInvalidSpecNotACrash() throws {
        var json = Self.gatewayJSON
        json[path: ["spec", "rollout", "targets"]] = [["kind": "Pod", "name": "harmony"]]
        guard case .failure(let error) = GatewayResource.decode(KubernetesObject(json)) else {
            Issue.record("a Pod target must not decode")
            return
        }
        #expect(error.message.hasPrefix("spec.rollout.targets[0].kind"))

        json[path: ["spec", "cloud"]] = nil
        guard case .failure(let missing) = GatewayResource.decode(KubernetesObject(json)) else {
            Issue.record("a Gateway without spec.cloud must not decode")
            return
        }
        #expect(missing.message == "spec.cloud: required field is missing")

        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let result = GatewayResource.invalidSpecResult(KubernetesObject(json), error: missing, now: now)
        let status = try #require(result.status)
        #expect(status.observedGeneration == 3)
        #expect(status.recipient == "age1example")
        #expect(status.condition(.ready)?.reason == "InvalidSpec")
        #expect(status.condition(.ready)?.status == "False")
        #expect(result.events.map(\.reason) == ["InvalidSpec"])
        #expect(result.secretWrite == nil && result.restarts.isEmpty && result.nextReconcile == nil)

        json["status"] = GatewayResource.encode(status)
        let again = GatewayResource.invalidSpecResult(KubernetesObject(json), error: missing, now: now.addingTimeInterval(60))
        #expect(again.status == nil)
        #expect(again.events.isEmpty)
    }

    @Test func aStatusRoundTripsThroughJSON() throws {
        var status = GatewayStatus()
        status.gatewayID = "gw-1"
        status.expiresAt = Timestamp(Date(timeIntervalSince1970: 1_800_000_000))
        status.setCondition(.ready, true, reason: "TokenValid", message: "ok", generation: 1, now: Timestamp(Date(timeIntervalSince1970: 1_700_000_000)))
        var object = KubernetesObject(Self.gatewayJSON)
        object["status"] = GatewayResource.encode(status)
        #expect(GatewayResource.status(of: object) == status)
        #expect(object["status", "expiresAt"]?.stringValue == "2027-01-15T08:00:00Z")
    }

    @Test func aSecretMapsToAManagedSecretAndBackKeepingUnknownFields() throws {
        var secret = Secret(name: "prod-runbeam", namespace: "harmony")
        secret.type = "Opaque"
        secret.metadata.resourceVersion = "7"
        secret.metadata.labels = ["team": "a"]
        secret.metadata.finalizers = ["example.test/keep"]
        secret.metadata.ownerReferences = [
            Kubernetes.OwnerReference(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", name: "prod", uid: "uid-1", controller: true)
        ]
        secret.data = ["machine-token": Data("{}".utf8), "stale": Data("x".utf8)]
        secret.object["immutable"] = false

        var managed = ManagedSecret(secret)
        #expect(managed.name == "prod-runbeam" && managed.namespace == "harmony" && managed.resourceVersion == "7")
        #expect(managed.labels == ["team": "a"])
        #expect(managed.isControlled(byUID: "uid-1"))
        #expect(managed.data["machine-token"] == Data("{}".utf8))

        managed.data = ["machine-token": Data("{\"a\":1}".utf8), "encryption-key": Data("k".utf8)]
        managed.annotations = ["runbeam.io/recipient": "age1example"]
        let replaced = Secret(managed, over: secret)
        #expect(replaced.metadata.finalizers == ["example.test/keep"])
        #expect(replaced.object["immutable"] == false)
        #expect(replaced.metadata.resourceVersion == "7")
        #expect(replaced.metadata.annotations == ["runbeam.io/recipient": "age1example"])
        #expect(replaced.data == managed.data)
        #expect(replaced.metadata.ownerReferences.first?.controller == true)

        let created = Secret(managed)
        #expect(created.object.apiVersion == "v1" && created.object.kind == "Secret")
        #expect(created.type == "Opaque")
        #expect(created.metadata.finalizers.isEmpty)
        #expect(ManagedSecret(created).data == managed.data)
    }

    @Test func workloadsMapWithTheirSecretReferencesAndRolloutState() throws {
        let template: JSONValue = [
            "metadata": ["annotations": ["runbeam.io/restartedAt": "2026-01-01T00:00:00.000Z"]],
            "spec": [
                "initContainers": [["name": "init", "env": [["name": "T", "valueFrom": ["secretKeyRef": ["name": "from-env", "key": "machine-token"]]]]]],
                "containers": [["name": "harmony", "envFrom": [["secretRef": ["name": "from-env-from"]]]]],
                "volumes": [["name": "v", "secret": ["secretName": "from-volume"]]],
            ],
        ]
        let deployment = Deployment(
            object: KubernetesObject([
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "harmony", "namespace": "harmony", "uid": "d-1", "generation": 4, "labels": ["app": "harmony"],
                             "creationTimestamp": "2026-01-01T00:00:00Z"],
                "spec": ["replicas": 3, "paused": true, "template": template],
                "status": ["observedGeneration": 4, "updatedReplicas": 3],
            ]))
        let state = WorkloadState(deployment)
        #expect(state.kind == .deployment && state.name == "harmony" && state.uid == "d-1")
        #expect(state.paused)
        #expect(state.generation == 4 && state.observedGeneration == 4 && state.replicas == 3 && state.updatedReplicas == 3)
        #expect(state.isRolledOut)
        #expect(state.referencedSecrets == ["from-env", "from-env-from", "from-volume"])
        #expect(state.podTemplateAnnotations["runbeam.io/restartedAt"] == "2026-01-01T00:00:00.000Z")
        #expect(state.creationTimestamp == Date(timeIntervalSince1970: 1_767_225_600))

        let daemonSet = DaemonSet(
            object: KubernetesObject([
                "metadata": ["name": "agent", "generation": 2],
                "spec": ["template": template],
                "status": ["observedGeneration": 1, "desiredNumberScheduled": 2, "updatedNumberScheduled": 1],
            ]))
        let daemon = WorkloadState(daemonSet)
        #expect(daemon.kind == .daemonSet && !daemon.paused)
        #expect(daemon.replicas == 2 && daemon.updatedReplicas == 1 && !daemon.isRolledOut)

        let statefulSet = WorkloadState(StatefulSet(object: KubernetesObject(["metadata": ["name": "db"], "spec": ["template": .emptyObject]])))
        #expect(statefulSet.kind == .statefulSet && statefulSet.replicas == 1 && statefulSet.updatedReplicas == 0)
        #expect(statefulSet.referencedSecrets.isEmpty)
    }
}
