import Foundation
import Testing
import YAML

/// The kubeconfig fields the fixture uses, decoded with unknown keys rejected so that a
/// misread key would fail the test.
private struct KubeConfig: Decodable {
    struct NamedCluster: Decodable { var name: String; var cluster: Cluster }
    struct Cluster: Decodable {
        var server: String
        var certificateAuthorityData: Data?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?
        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }
    struct NamedContext: Decodable { var name: String; var context: Context }
    struct Context: Decodable { var cluster: String; var user: String; var namespace: String? }
    struct NamedUser: Decodable { var name: String; var user: User }
    struct User: Decodable {
        var clientCertificateData: Data?
        var clientKeyData: Data?
        var exec: Exec?
        enum CodingKeys: String, CodingKey {
            case clientCertificateData = "client-certificate-data"
            case clientKeyData = "client-key-data"
            case exec
        }
    }
    struct Exec: Decodable {
        struct EnvVar: Decodable { var name: String; var value: String }
        var apiVersion: String
        var command: String
        var args: [String]?
        var env: [EnvVar]?
        var interactiveMode: String?
        var provideClusterInfo: Bool?
    }
    var apiVersion: String
    var kind: String
    var preferences: [String: String]
    var currentContext: String
    var clusters: [NamedCluster]
    var contexts: [NamedContext]
    var users: [NamedUser]
    enum CodingKeys: String, CodingKey {
        case apiVersion, kind, preferences, clusters, contexts, users
        case currentContext = "current-context"
    }
}

/// The parts of a Deployment the operator looks at; other fields are ignored.
private struct DeploymentFields: Decodable {
    struct Metadata: Decodable { var name: String; var namespace: String?; var labels: [String: String]?; var annotations: [String: String]? }
    struct Spec: Decodable { var replicas: Int?; var selector: Selector; var template: Template }
    struct Selector: Decodable { var matchLabels: [String: String] }
    struct Template: Decodable { var metadata: TemplateMetadata?; var spec: PodSpec }
    struct TemplateMetadata: Decodable { var labels: [String: String]?; var annotations: [String: String]? }
    struct PodSpec: Decodable { var containers: [Container]; var volumes: [Volume]? }
    struct Container: Decodable { var name: String; var image: String; var args: [String]?; var env: [EnvVar]?; var ports: [Port]? }
    struct Port: Decodable { var name: String?; var containerPort: Int32 }
    struct EnvVar: Decodable { var name: String; var value: String?; var valueFrom: ValueFrom? }
    struct ValueFrom: Decodable { var secretKeyRef: KeyRef? }
    struct KeyRef: Decodable { var name: String; var key: String }
    struct Volume: Decodable { var name: String; var configMap: ConfigMapRef? }
    struct ConfigMapRef: Decodable { var name: String; var defaultMode: Int32? }
    var apiVersion: String
    var kind: String
    var metadata: Metadata
    var spec: Spec
}

/// A CustomResourceDefinition, schema kept as a generic tree.
private struct CRD: Decodable {
    struct Spec: Decodable { var group: String; var names: Names; var scope: String; var versions: [Version] }
    struct Names: Decodable { var kind: String; var plural: String; var shortNames: [String]; var categories: [String] }
    struct Version: Decodable {
        var name: String
        var served: Bool
        var storage: Bool
        var additionalPrinterColumns: [Column]
        var schema: Schema
    }
    struct Column: Decodable { var name: String; var type: String; var jsonPath: String }
    struct Schema: Decodable { var openAPIV3Schema: Property }
    final class Property: Decodable {
        var type: String
        var properties: [String: Property]?
        var pattern: String?
        var maxLength: Int?
        var `enum`: [String]?
        var validations: [Validation]?
        var preserveUnknownFields: Bool?
        enum CodingKeys: String, CodingKey {
            case type, properties, pattern, maxLength, `enum`
            case validations = "x-kubernetes-validations"
            case preserveUnknownFields = "x-kubernetes-preserve-unknown-fields"
        }
    }
    struct Validation: Decodable { var rule: String; var message: String }
    var apiVersion: String
    var kind: String
    var spec: Spec
}

private struct Resource: Decodable {
    struct Metadata: Decodable { var name: String; var namespace: String }
    var apiVersion: String
    var kind: String
    var metadata: Metadata
}

@Suite("Real-world fixtures")
struct FixtureTests {
    @Test("a multi-context kubeconfig with certificate-authority-data and an exec user")
    func kubeconfig() throws {
        let config = try YAMLDecoder(unknownKeys: .reject).decode(KubeConfig.self, from: try fixture("kubeconfig.yaml"), fileName: "kubeconfig.yaml")
        #expect(config.currentContext == "dev")
        #expect(config.contexts.map(\.name) == ["dev", "prod", "prod-ops"])
        #expect(config.contexts[2].context.namespace == "ops")
        let ca = try #require(config.clusters[0].cluster.certificateAuthorityData)
        #expect(String(decoding: ca, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(config.clusters[1].cluster.insecureSkipTLSVerify == false)
        #expect(config.users[0].user.clientKeyData == Data("CLIENT-KEY".utf8))
        let exec = try #require(config.users[1].user.exec)
        #expect(exec.command == "kubelogin")
        #expect(exec.args == ["get-token", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"])
        #expect(exec.env?.last?.value == "true")
        #expect(exec.provideClusterInfo == false)
    }

    @Test("a hand-written Deployment in kubectl style")
    func deployment() throws {
        let deployment = try YAMLDecoder().decode(DeploymentFields.self, from: try fixture("deployment.yaml"), fileName: "deployment.yaml")
        #expect(deployment.metadata.labels?["app.kubernetes.io/version"] == "1.0")
        #expect(deployment.spec.replicas == 2)
        let container = try #require(deployment.spec.template.spec.containers.first)
        #expect(container.args == ["--config", "/etc/harmony/config.toml"])
        #expect(container.ports?.first?.containerPort == 8080)
        #expect(container.env?.compactMap { $0.valueFrom?.secretKeyRef?.key } == ["machine-token", "encryption-key"])
        #expect(deployment.spec.template.spec.volumes?.first?.configMap?.defaultMode == 420)
        #expect(deployment.spec.template.metadata?.annotations?["runbeam.io/restartedAt"] == "2025-01-31T12:00:00Z")
    }

    @Test("a hand-written CustomResourceDefinition")
    func crd() throws {
        let crd = try YAMLDecoder().decode(CRD.self, from: try fixture("crd.yaml"), fileName: "crd.yaml")
        #expect(crd.spec.names.shortNames == ["rbgw"])
        let version = try #require(crd.spec.versions.first)
        #expect(version.additionalPrinterColumns[1].jsonPath == #".status.conditions[?(@.type=="Ready")].status"#)
        let spec = try #require(version.schema.openAPIV3Schema.properties?["spec"])
        #expect(spec.validations?.first?.rule.hasPrefix("!(has(self.renewal)") == true)
        #expect(spec.properties?["gatewayCode"]?.pattern == "^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$")
        #expect(spec.properties?["encryptionKey"]?.properties?["rotation"]?.enum == ["Never", "OnRenewal"])
        #expect(version.schema.openAPIV3Schema.properties?["status"]?.preserveUnknownFields == true)
        let json = try JSONSerialization.jsonObject(with: YAMLParser().node(from: try fixture("crd.yaml")).jsonData())
        #expect(JSONSerialization.isValidJSONObject(json))
    }

    @Test("a multi-document file with --- separators and comments")
    func multiDocument() throws {
        let data = try fixture("multi-document.yaml")
        let documents = try YAMLParser().documents(from: data, fileName: "multi-document.yaml")
        #expect(documents.map(\.mark.line) == [3, 13, 21, 23])
        #expect(documents[2].isEmpty)
        let resources = try YAMLDecoder().decodeAll(Resource.self, from: data, fileName: "multi-document.yaml")
        #expect(resources.map(\.metadata.name) == ["prod", "staging", "runbeam-api-token"])
        #expect(resources.map(\.kind) == ["Gateway", "Gateway", "Secret"])
        #expect(documents[1].root["spec"]?["suspend"]?.bool == false)
        #expect(documents[1].root["spec"]?["renewal"]?["renewBefore"]?.mark == YAMLMark(line: 19, column: 26))
    }

    @Test("fixtures survive parse → emit → parse with the same values")
    func reEmit() throws {
        for name in ["kubeconfig.yaml", "deployment.yaml", "crd.yaml", "multi-document.yaml"] {
            let documents = try YAMLParser().documents(from: try fixture(name)).map(\.root)
            let text = try YAMLEncoder().encode(documents: documents)
            let again = try YAMLParser().documents(from: text).map(\.root)
            #expect(try again.map { try $0.jsonData() } == documents.map { try $0.jsonData() }, "\(name)")
        }
    }
}
