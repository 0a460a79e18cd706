import Foundation
import Manifests
import Testing

/// `manifests/` is the checked-in output of `runbeam-operator manifests --output-directory manifests`.
@Suite struct ManifestsDriftTests {
    private let regenerate = "regenerate it with: swift run runbeam-operator manifests --output-directory manifests"

    @Test func everyGeneratedFileMatchesTheGenerator() throws {
        for file in try InstallManifests.files(ManifestOptions()) {
            let url = RepositoryFolder.manifests.appendingPathComponent(file.path)
            let checkedIn = try? String(contentsOf: url, encoding: .utf8)
            #expect(checkedIn == (try file.text()), "manifests/\(file.path) differs from the generator's output; \(regenerate)")
        }
    }

    @Test func chartCRDMatchesTheGenerator() throws {
        let url = RepositoryFolder.root().appendingPathComponent("charts/runbeam-operator/crds/gateways.runbeam.io.yaml")
        let checkedIn = try? String(contentsOf: url, encoding: .utf8)
        #expect(checkedIn == (try InstallManifests.crdYAML()), """
            charts/runbeam-operator/crds/gateways.runbeam.io.yaml differs from the generator's CRD; regenerate it with: \
            swift run runbeam-operator manifests --crd-only > charts/runbeam-operator/crds/gateways.runbeam.io.yaml
            """)
    }

    /// Besides the generated files: examples/ and monitoring/ (the alerts and dashboard, checked by DashboardTests,
    /// .ci/check-monitoring and .ci/validate-manifests).
    @Test func manifestsHoldsOnlyGeneratedFilesExamplesAndMonitoring() throws {
        let generated = Set(try InstallManifests.files(ManifestOptions()).map(\.path))
        let present = RepositoryFolder.files(under: RepositoryFolder.manifests).filter { !$0.hasPrefix("examples/") && !$0.hasPrefix("monitoring/") }
        let stray = present.filter { !generated.contains($0) }
        #expect(stray.isEmpty, "manifests/ holds files the generator does not write: \(stray); delete them or \(regenerate)")
        #expect(Set(present) == generated, "manifests/ misses generated files; \(regenerate)")
    }
}
