import TestSupport
@testable import Emulators

/// Runs `body` against an emulator started with `configuration` (an ``EmulatedCluster``) and a test client sending its
/// first bearer token, if any; the emulator is stopped whether `body` returns or throws.
func withKubernetesEmulator(
    _ configuration: KubernetesEmulator.Configuration = .init(rolloutDelay: .milliseconds(50), bookmarkInterval: .milliseconds(200)),
    _ body: (KubernetesEmulator, KubernetesTestClient) async throws -> Void
) async throws {
    try await EmulatedCluster.with(configuration) { cluster in
        try await body(cluster.emulator, KubernetesTestClient(baseURL: cluster.emulator.baseURL, token: configuration.bearerTokens.first))
    }
}
