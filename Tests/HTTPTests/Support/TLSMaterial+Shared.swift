import TestSupport

extension TLSMaterial {
    /// One CA, server certificate (names `runbeam.test` and `localhost`, no IP) and client certificate for the whole
    /// test process.
    static let shared = Task { try await make(authority: "runbeam test CA", serverNames: ["runbeam.test", "localhost"], clientNames: ["runbeam-operator"]) }
}

extension TLSMaterial {
    /// Material whose server certificate names only the address 127.0.0.1.
    static let loopbackAddress = Task { try await make(authority: "runbeam test CA", serverNames: ["IP:127.0.0.1"], clientNames: ["runbeam-operator"]) }
}
