import Emulators
import Testing

/// Which token the kubeconfig an emulator writes carries.
@Suite struct EmulatorKubeconfigTokenTests {
    @Test func aSuperuserTokenComesFirst() async throws {
        let emulator = try await KubernetesEmulator.start(.init(
            bearerTokens: ["admin-test-value"], users: ["user-test-value": KubernetesUser(parsing: "system:serviceaccount:ns:op")]))
        #expect(emulator.kubeconfigYAML().contains("    token: \"admin-test-value\"\n"))
        await emulator.shutdown()
    }

    @Test func withOnlyRBACUsersTheFirstUsersTokenIsWrittenInsteadOfAnEmptyUser() async throws {
        let emulator = try await KubernetesEmulator.start(.init(users: [
            "tb-test-value": KubernetesUser(parsing: "system:serviceaccount:ns:b"),
            "ta-test-value": KubernetesUser(parsing: "system:serviceaccount:ns:a"),
        ]))
        let yaml = emulator.kubeconfigYAML()
        #expect(yaml.contains("    token: \"ta-test-value\"\n"))
        #expect(!yaml.contains("{}"))
        await emulator.shutdown()
    }
}
