import Basics
import ArgumentParser
import FoundationEssentials
import GatewayAPI
import Manifests
import Operator

/// `runbeam-operator manifests`: prints the install manifests (CRD, Namespace, RBAC, ConfigMap, Deployment, Service).
struct ManifestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifests",
        abstract: "Print the Kubernetes manifests that install the operator, as one multi-document YAML stream.",
        discussion: """
            Examples:
              runbeam-operator manifests | kubectl apply --server-side -f -
              runbeam-operator manifests --namespace platform --replicas 1 > all.yaml
              runbeam-operator manifests --crd-only > crds/gateways.runbeam.io.yaml
            """
    )

    @Option(help: "The namespace to install the operator into.")
    var namespace: String = ManifestOptions.defaultNamespace

    @Option(help: "The operator's container image.")
    var image: String = ManifestOptions.defaultImage

    @Option(help: "Operator replicas (leader election keeps one active).")
    var replicas: Int = 2

    @Option(help: "An operator configuration file to put into the ConfigMap instead of the defaults.")
    var config: String?

    @Option(help: "Write the files of the repository's manifests/ folder (runbeam-operator.yaml, Kustomization) here instead of printing.")
    var outputDirectory: String?

    @Flag(help: "Print only the CustomResourceDefinition (what the Helm chart's crds/ holds).")
    var crdOnly = false

    func validate() throws {
        guard GatewayConstraints.isDNSLabel(namespace) else {
            throw ValidationError("--namespace \"\(namespace)\" is not a namespace name (lower-case letters, digits and '-', at most 63)")
        }
        guard !image.isEmpty, !image.contains(where: \.isWhitespace) else {
            throw ValidationError("--image must be an image reference without spaces, e.g. \(ManifestOptions.defaultImage)")
        }
        guard (1...10).contains(replicas) else {
            throw ValidationError("--replicas must be between 1 and 10, found \(replicas)")
        }
    }

    func run() throws {
        if crdOnly {
            print(try InstallManifests.crdYAML(), terminator: "")
            return
        }
        var configuration = OperatorConfiguration()
        if let config {
            do {
                configuration = try OperatorConfiguration.load(contentsOf: URL(fileURLWithPath: config))
            } catch {
                throw CommandUsage.failure("\(error)", in: Self.self)
            }
        }
        if replicas > 1, !configuration.leaderElection.enabled {
            throw CommandUsage.failure("--replicas \(replicas) needs leaderElection.enabled: true in --config, or two replicas would both reconcile", in: Self.self)
        }
        let options = ManifestOptions(namespace: namespace, image: image, replicas: replicas, configuration: configuration)
        guard let outputDirectory else {
            print(try InstallManifests.yaml(options), terminator: "")
            return
        }
        let root = URL(fileURLWithPath: outputDirectory, isDirectory: true)
        for file in try InstallManifests.files(options) {
            let url = root.appendingPathComponent(file.path)
            let text = try file.text()
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CommandUsage.failure("cannot write \(url.path) (\(errorText(error))); check that --output-directory is a writable folder", in: Self.self)
            }
        }
    }
}
