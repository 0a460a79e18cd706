import Emulators
import Foundation
import GatewayAPI
import JSON
import Kubernetes
import Operator
import Testing

/// The CRD's structural schema refuses the invalid Gateways a schema can express: the Kubernetes emulator,
/// which validates custom resources against it, answers 422 naming the field; unknown members are pruned.
@Suite struct GatewaySchemaRejectionTests {
    static let schemaCases = HostileSpec.cases.filter { $0.schema != .notExpressible }

    @Test func theValidGatewayIsAccepted() async throws {
        let cluster = try await ClusterFixture.start()
        defer { Task { await cluster.stop() } }
        let stored = try await cluster.client.create(.gateway, KubernetesObject(HostileSpec.valid))
        #expect(stored.json[path: ["spec", "gatewayCode"]] == "prod-gateway")
        #expect(stored.json[path: ["spec", "secret", "encryptionKeyFormat"]] == "Base64")
    }

    @Test func everySchemaCaseIsRefusedOrPruned() async throws {
        let cluster = try await ClusterFixture.start()
        defer { Task { await cluster.stop() } }
        for (index, hostile) in Self.schemaCases.enumerated() {
            var object = HostileSpec.valid
            hostile.edit(&object)
            object[path: ["metadata", "name"]] = .string("hostile-\(index)")
            object[path: ["metadata", "uid"]] = nil
            let outcome: Result<KubernetesObject, KubernetesError>
            do {
                outcome = .success(try await cluster.client.create(.gateway, KubernetesObject(object)))
            } catch let error as KubernetesError {
                outcome = .failure(error)
            }
            switch (hostile.schema, outcome) {
            case (.rejected(let field), .failure(.invalid(let message, let causes))):
                #expect(causes.contains { $0.field == field || $0.field.hasPrefix(field + ".") || $0.field.hasPrefix(field + "[") }, "\(hostile.name): \(causes)")
                #expect(message.contains(field), "\(hostile.name): \(message)")
            case (.pruned(let path), .success(let stored)):
                if !path.isEmpty { #expect(stored.json[path: path] == nil, "\(hostile.name) was stored") }
                #expect(stored.json[path: ["spec", "cloud", "credentialsSecretRef", "name"]] == "runbeam-api-token")
            default:
                Issue.record("\(hostile.name): expected \(hostile.schema), got \(outcome)")
            }
        }
    }

    /// Whether every expressible case reaches the schema, so the table above is not silently short.
    @Test func theTableCoversEveryTopLevelField() {
        let fields = Set(Self.schemaCases.compactMap { hostile -> String? in
            guard case .rejected(let field) = hostile.schema else { return nil }
            return field.split(separator: ".").dropFirst().first.map(String.init)
        })
        let properties = Set(GatewaySchema.spec.json["properties"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(properties.isSubset(of: fields), "no schema case for \(properties.subtracting(fields).sorted())")
    }
}
