import Foundation
import GatewayAPI
import JSON
import Manifests
import Operator
import Testing
import YAML

@Suite struct InstallManifestsTests {
    private func parsedStream(_ options: ManifestOptions) throws -> [JSONValue] {
        try YAMLParser().documents(from: try InstallManifests.yaml(options)).map { try JSONValue(parsing: String(decoding: try $0.root.jsonData(), as: UTF8.self)) }
    }

    private func object(_ objects: [JSONValue], kind: String) throws -> JSONValue {
        try #require(objects.first { $0["kind"]?.stringValue == kind }, "no \(kind) in the stream")
    }

    @Test func streamReadsBackAsTheGeneratedObjectsInInstallOrder() throws {
        let options = ManifestOptions()
        let objects = try parsedStream(options)
        #expect(objects == (try InstallManifests.objects(options)))
        #expect(objects.compactMap { $0["kind"]?.stringValue } == [
            "Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
            "Role", "RoleBinding", "ConfigMap", "Deployment", "Service",
        ])
        #expect(try object(objects, kind: "CustomResourceDefinition") == GatewayCRD.json)
    }

    @Test func everyNamespacedObjectAndSubjectUsesTheChosenNamespace() throws {
        let objects = try parsedStream(ManifestOptions(namespace: "platform-ops", image: "registry.example/op:1"))
        #expect(try object(objects, kind: "Namespace")[path: ["metadata", "name"]] == "platform-ops")
        for kind in ["ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Deployment", "Service"] {
            #expect(try object(objects, kind: kind)[path: ["metadata", "namespace"]] == "platform-ops", "\(kind)")
        }
        for kind in ["ClusterRoleBinding", "RoleBinding"] {
            #expect(try object(objects, kind: kind)["subjects"]?.arrayValue?.first?["namespace"] == "platform-ops", "\(kind)")
        }
        let container = try object(objects, kind: "Deployment")[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first
        #expect(container?["image"] == "registry.example/op:1")
    }

    @Test func rolesGrantExactlyTheOperatorPermissions() throws {
        let objects = try parsedStream(ManifestOptions())
        let clusterRole = try object(objects, kind: "ClusterRole")
        #expect(clusterRole["rules"] == .array(OperatorPermissions.cluster.map(\.json)))
        #expect(clusterRole[path: ["metadata", "annotations", "runbeam.io/rbac-note"]]?.stringValue?.contains("label selector") == true)
        #expect(try object(objects, kind: "Role")["rules"] == .array(OperatorPermissions.namespaced.map(\.json)))
        let rules = OperatorPermissions.cluster + OperatorPermissions.namespaced
        #expect(rules.contains { $0.allows(group: "runbeam.io", resource: "gateways/status", verb: "update") })
        #expect(!rules.contains { $0.allows(group: "runbeam.io", resource: "gateways", verb: "update") })
        #expect(!rules.contains { $0.allows(group: "", resource: "secrets", verb: "delete") })
        #expect(!rules.contains { $0.verbs.contains("*") || $0.resources.contains("*") || $0.apiGroups.contains("*") })
    }

    @Test func deploymentIsLockedDownAndElectsALeader() throws {
        let objects = try parsedStream(ManifestOptions())
        let deployment = try object(objects, kind: "Deployment")
        #expect(deployment[path: ["spec", "replicas"]] == 2)
        let pod = try #require(deployment[path: ["spec", "template", "spec"]])
        #expect(pod[path: ["securityContext", "runAsNonRoot"]] == true)
        #expect(pod[path: ["securityContext", "seccompProfile", "type"]] == "RuntimeDefault")
        let container = try #require(pod["containers"]?.arrayValue?.first)
        #expect(container[path: ["securityContext", "readOnlyRootFilesystem"]] == true)
        #expect(container[path: ["securityContext", "allowPrivilegeEscalation"]] == false)
        #expect(container[path: ["securityContext", "capabilities", "drop"]] == ["ALL"])
        #expect(container[path: ["livenessProbe", "httpGet", "path"]] == "/healthz")
        #expect(container[path: ["readinessProbe", "httpGet", "path"]] == "/readyz")
        #expect(container[path: ["resources", "limits", "memory"]] != nil)
        let podName = container["env"]?.arrayValue?.first { $0["name"] == "POD_NAME" }
        #expect(podName?[path: ["valueFrom", "fieldRef", "fieldPath"]] == "metadata.name")
        #expect(container["args"] == ["run", "--config", "/etc/runbeam-operator/config.yaml"])
        #expect(pod["volumes"]?.arrayValue?.contains { $0[path: ["configMap", "name"]] == "runbeam-operator" } == true)
    }

    @Test func configMapHoldsAConfigurationTheOperatorReadsBack() throws {
        var configuration = OperatorConfiguration()
        configuration.watchNamespaces = ["harmony", "edge"]
        configuration.runbeam.requestsPerSecond = 2.5
        configuration.leaderElection.leaseDuration = GoDuration(seconds: 30)
        configuration.log.format = .text
        for expected in [OperatorConfiguration(), configuration] {
            let objects = try parsedStream(ManifestOptions(configuration: expected))
            let text = try #require(try object(objects, kind: "ConfigMap")[path: ["data", "config.yaml"]]?.stringValue)
            #expect(try OperatorConfiguration.parse(Data(text.utf8)) == expected)
        }
    }

    @Test func metricsServiceAndContainerPortsFollowTheConfiguredAddresses() throws {
        var configuration = OperatorConfiguration()
        configuration.metricsAddress = "0.0.0.0:9100"
        let objects = try parsedStream(ManifestOptions(configuration: configuration))
        let container = try object(objects, kind: "Deployment")[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first
        #expect(container?["ports"]?.arrayValue?.first { $0["name"] == "metrics" }?["containerPort"] == 9100)
        #expect(try object(objects, kind: "Service")[path: ["spec", "ports"]]?.arrayValue?.first?["targetPort"] == "metrics")
    }
}
