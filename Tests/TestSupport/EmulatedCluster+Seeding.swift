import Emulators
import GatewayAPI
import JSON

/// Seeding shared by several suites; each writes to the store directly, so no request is logged.
extension EmulatedCluster {
    /// Installs the `runbeam.io` Gateway CustomResourceDefinition.
    public func installGatewayCRD() throws {
        _ = try store.create(GatewayCRD.json)
    }

    /// Creates namespace `name`.
    @discardableResult
    public func createNamespace(_ name: String) throws -> JSONValue {
        try store.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
    }
}
