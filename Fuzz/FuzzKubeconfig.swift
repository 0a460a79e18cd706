import Foundation
import Kubernetes

/// A private folder for this process; the input is written there as the kubeconfig.
private let folder: String = {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("fuzz-kubeconfig-\(getpid())")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

private let file = (folder as NSString).appendingPathComponent("config")

/// Loads the input as the only kubeconfig, with an empty environment and the private folder as
/// home. Loading must never run an exec plugin or read a referenced file; every rejection must
/// be a ``KubernetesConfigurationError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKubeconfig(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: bytes, count: size)
    guard FileManager.default.createFile(atPath: file, contents: input) else { fatalError("cannot write \(file)") }
    let loader = KubeconfigLoader(explicitPath: file, environment: [:], homeDirectory: folder)
    do {
        let configuration = try loader.load()
        _ = (configuration.server, configuration.namespace)
    } catch is KubernetesConfigurationError {
    } catch {
        fatalError("KubeconfigLoader threw a \(type(of: error)): \(error)")
    }
    return 0
}
