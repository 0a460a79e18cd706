import Foundation
import GatewayAPI
import JSON
import Operator
import Testing
import YAML

/// The hand-written `manifests/examples/` stay valid for the operator.
@Suite struct ExampleManifestsTests {
    private var examples: URL { RepositoryFolder.manifests.appendingPathComponent("examples", isDirectory: true) }

    @Test func exampleGatewaysPassTheOperatorsValidation() throws {
        let validator = GatewayValidator(configuration: OperatorConfiguration())
        var gateways = 0
        for path in RepositoryFolder.files(under: examples) where path.hasSuffix(".yaml") {
            let data = try Data(contentsOf: examples.appendingPathComponent(path))
            for document in try YAMLParser().documents(from: data, fileName: path) where document.root["kind"]?.string == Gateway.kind {
                let gateway = try YAMLDecoder(unknownKeys: .reject).decode(Gateway.self, from: document.root, fileName: path)
                if case .failure(let error) = validator.validate(gateway) {
                    Issue.record("\(path): \(error)")
                }
                gateways += 1
            }
        }
        #expect(gateways >= 1)
    }

    @Test func harmonyExampleConsumesTheGatewaysSecretThroughSecretKeyRef() throws {
        let text = try String(contentsOf: examples.appendingPathComponent("harmony-deployment.yaml"), encoding: .utf8)
        let deployment = try JSONValue(parsing: String(decoding: try YAMLParser().node(from: text).jsonData(), as: UTF8.self))
        let env = deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue ?? []
        let references = env.compactMap { $0[path: ["valueFrom", "secretKeyRef"]] }
        #expect(references.contains(["name": "prod-runbeam", "key": "machine-token"]))
        #expect(references.contains(["name": "prod-runbeam", "key": "encryption-key"]))
    }
}
