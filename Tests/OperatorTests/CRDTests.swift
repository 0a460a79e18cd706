import Emulators
import Foundation
import GatewayAPI
import JSON
import Operator
import Testing
import YAML

@Suite("Gateway CRD")
struct CRDTests {
    static let example = """
        apiVersion: runbeam.io/v1alpha1
        kind: Gateway
        metadata: {name: prod, namespace: harmony}
        spec:
          gatewayCode: prod-gateway
          cloud:
            apiURL: https://api.runbeam.cloud/api
            credentialsSecretRef: {name: runbeam-api-token, key: token}
          secret:
            name: prod-runbeam
            machineTokenKey: machine-token
            encryptionKeyKey: encryption-key
            encryptionKeyFormat: Base64
            labels: {}
            annotations: {}
          renewal:
            renewBefore: 240h
          encryptionKey:
            rotation: Never
          rollout:
            targets:
              - {kind: Deployment, name: harmony}
          suspend: false
        """

    func json(_ yaml: String) throws -> JSONValue {
        try JSONValue(parsing: try YAMLParser().node(from: yaml).jsonData())
    }

    func store() throws -> KubernetesStore {
        let store = KubernetesStore()
        try store.create(GatewayCRD.json)
        try store.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "harmony"]])
        return store
    }

    @Test("the CRD prints as YAML with names, columns, status subresource and CEL rules")
    func shape() throws {
        let crd = GatewayCRD.json
        let yaml = try YAMLEncoder().encode(crd)
        #expect(yaml.contains("shortNames:") && yaml.contains("- rbgw"))
        #expect(crd[path: ["spec", "names", "categories"]] == ["runbeam"])
        #expect(crd[path: ["metadata", "annotations", GatewayCRD.keepAnnotation]] == "keep", "helm uninstall must not delete every Gateway")
        let version = try #require(crd[path: ["spec", "versions"]]?.arrayValue?.first)
        #expect(version[path: ["subresources", "status"]] == .emptyObject)
        #expect(version["additionalPrinterColumns"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Code", "Ready", "Expires", "Renews", "Age"])
        let spec = try #require(version[path: ["schema", "openAPIV3Schema", "properties", "spec", "properties"]])
        #expect(spec[path: ["renewal", "x-kubernetes-validations"]]?.arrayValue?.first?["rule"] == "!(has(self.renewBefore) && has(self.renewBeforePercentage))")
        #expect(spec[path: ["rollout", "x-kubernetes-validations"]]?.arrayValue?.first?["rule"] == "!(has(self.targets) && has(self.selector))")
        #expect(spec[path: ["gatewayCode", "pattern"]] == .string(GatewayConstraints.gatewayCodePattern))
        // Round trip through YAML gives the same document.
        #expect(try JSONValue(parsing: try YAMLParser().node(from: yaml).jsonData()) == crd)
    }

    @Test("the emulator accepts the design's example, applies defaults, and it decodes into Gateway")
    func acceptsExample() throws {
        let store = try store()
        let created = try store.create(try json(Self.example))
        #expect(created[path: ["spec", "secret", "encryptionKeyFormat"]] == "Base64")
        let minimal = try store.create(
            try json(
                """
                apiVersion: runbeam.io/v1alpha1
                kind: Gateway
                metadata: {name: small, namespace: harmony}
                spec:
                  cloud: {credentialsSecretRef: {name: creds, key: token}}
                """))
        #expect(minimal[path: ["spec", "secret", "machineTokenKey"]] == "machine-token")
        #expect(minimal[path: ["spec", "encryptionKey", "rotation"]] == "Never")
        #expect(minimal[path: ["spec", "suspend"]] == false)
        let gateway = try JSONDecoder().decode(Gateway.self, from: Data(created.serialized()))
        #expect(gateway.spec.renewal?.renewBefore?.seconds == 864_000)
        let resolved = try GatewayValidator(configuration: OperatorConfiguration()).validate(gateway).get()
        #expect(resolved.rollout == .targets([RolloutTarget(kind: .deployment, name: "harmony")]))
        // Gateway encodes back to the same spec.
        let encoded = try JSONValue(parsing: Array(try JSONEncoder().encode(gateway)))
        #expect(encoded["spec"] == created["spec"])
    }

    @Test(
        "the emulator rejects bad values",
        arguments: [
            ("gatewayCode: Bad_Code!", "spec.gatewayCode"),
            ("gatewayCode: \(String(repeating: "a", count: 129))", "spec.gatewayCode"),
            ("secret: {encryptionKeyFormat: Hex}", "spec.secret.encryptionKeyFormat"),
            ("renewal: {renewBefore: 10 days}", "spec.renewal.renewBefore"),
            ("renewal: {renewBeforePercentage: 0}", "spec.renewal.renewBeforePercentage"),
            ("encryptionKey: {rotation: Always}", "spec.encryptionKey.rotation"),
            ("rollout: {targets: [{kind: Job, name: x}]}", "spec.rollout.targets[0].kind"),
            ("suspend: maybe", "spec.suspend"),
        ])
    func rejects(line: String, field: String) throws {
        let store = try store()
        let text = """
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata: {name: bad, namespace: harmony}
            spec:
              cloud: {credentialsSecretRef: {name: creds, key: token}}
              \(line)
            """
        do {
            try store.create(try json(text))
            Issue.record("accepted \(line)")
        } catch {
            #expect("\(error)".contains(field), "\(error)")
        }
    }

    @Test("the schema requires cloud.credentialsSecretRef")
    func required() throws {
        let store = try store()
        #expect(throws: (any Error).self) {
            try store.create(try json("apiVersion: runbeam.io/v1alpha1\nkind: Gateway\nmetadata: {name: x, namespace: harmony}\nspec: {cloud: {}}\n"))
        }
    }
}
