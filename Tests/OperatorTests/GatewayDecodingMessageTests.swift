import Foundation
import GatewayAPI
import JSON
import Kubernetes
import Operator
import Testing

/// A Gateway whose fields have the wrong JSON type is reported in JSON's words, with the field's path.
@Suite struct GatewayDecodingMessageTests {
    static let valid: JSONValue = [
        "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
        "metadata": ["name": "prod", "namespace": "harmony", "uid": "uid-1", "generation": 2],
        "spec": [
            "gatewayCode": "prod-gateway",
            "cloud": ["apiURL": "https://api.runbeam.cloud/api", "credentialsSecretRef": ["name": "creds", "key": "token"]],
            "renewal": ["renewBefore": "240h"],
            "rollout": ["targets": [["kind": "Deployment", "name": "harmony"]]],
        ],
    ]

    /// Swift spellings a message must never show a user.
    static let swiftTypeNames = ["Dictionary", "Array", "String", "Double", "Bool", "Int", "Optional", "Any", "Swift"]

    struct Mistyped: Sendable, CustomTestStringConvertible {
        var path: [String]
        var value: JSONValue
        var message: String

        var testDescription: String { path.joined(separator: ".") }
    }

    static let cases: [Mistyped] = [
        Mistyped(path: ["spec", "cloud"], value: "https://api.runbeam.cloud/api", message: "spec.cloud: expected an object"),
        Mistyped(path: ["spec", "suspend"], value: "yes", message: "spec.suspend: expected a boolean"),
        Mistyped(path: ["spec", "gatewayCode"], value: 42, message: "spec.gatewayCode: expected a string"),
        Mistyped(path: ["spec", "rollout", "targets"], value: "harmony", message: "spec.rollout.targets: expected an array"),
        Mistyped(
            path: ["spec", "renewal", "renewBeforePercentage"], value: "ten", message: "spec.renewal.renewBeforePercentage: expected a number"),
        Mistyped(path: ["metadata", "generation"], value: "two", message: "metadata.generation: expected an integer"),
        Mistyped(path: ["spec", "secret"], value: ["labels": ["team": 7]], message: "spec.secret.labels.team: expected a string"),
        Mistyped(
            path: ["spec", "cloud", "credentialsSecretRef", "name"], value: .null,
            message: "spec.cloud.credentialsSecretRef.name: expected a string, found null"),
    ]

    @Test(arguments: cases)
    func aWrongTypeNamesTheFieldAndTheJSONType(_ mistyped: Mistyped) throws {
        var json = Self.valid
        json[path: mistyped.path] = mistyped.value
        guard case .failure(let error) = GatewayResource.decode(KubernetesObject(json)) else {
            Issue.record("\(mistyped.testDescription) with the wrong type must not decode")
            return
        }
        #expect(error.message == mistyped.message)
        for name in Self.swiftTypeNames {
            #expect(!error.message.contains(name), "\(error.message)")
        }
    }

    @Test func theInvalidSpecConditionSaysTheJSONType() throws {
        var json = Self.valid
        json[path: ["spec", "suspend"]] = 1
        guard case .failure(let error) = GatewayResource.decode(KubernetesObject(json)) else {
            Issue.record("a number for spec.suspend must not decode")
            return
        }
        let result = GatewayResource.invalidSpecResult(KubernetesObject(json), error: error, now: Date(timeIntervalSince1970: 1_800_000_000))
        let ready = try #require(result.status?.condition(.ready))
        #expect(ready.reason == "InvalidSpec")
        #expect(ready.message == "the Gateway cannot be read: spec.suspend: expected a boolean")
        #expect(result.events.map(\.note) == [ready.message])
    }
}
