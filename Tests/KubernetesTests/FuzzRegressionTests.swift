import Foundation
import TestSupport
import Testing
@testable import Kubernetes

/// Inputs the fuzzers found problems with, kept so the fixes stay fixed.
@Suite struct FuzzRegressionTests {
    /// FuzzKubeconfig: an empty kubeconfig leaked the 4 KiB read buffer of Foundation's
    /// `Data(contentsOf:)` (LeakSanitizer). The loader now reads through a `FileHandle`, bounded
    /// by the YAML size limit; an empty file must still be a clear error.
    @Test func emptyKubeconfigIsAClearError() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let path = try folder.write("config", "")
        let error = try #require(throws: KubernetesConfigurationError.self) {
            try KubeconfigLoader(explicitPath: path, environment: [:], homeDirectory: folder.url.path).load()
        }
        #expect(error.message.hasPrefix("no kubeconfig found"))
    }
}
