import Foundation

/// The Kubernetes and Runbeam Cloud emulators, each run by the operator binary as its own process, plus
/// the folder holding the kubeconfig and operator config of one run.
struct EmulatorProcesses: Sendable {
    let kubernetes: BenchProcess
    let runbeam: BenchProcess
    /// The Kubernetes emulator's base URL.
    let kubernetesURL: String
    /// The Runbeam Cloud API URL (ends in `/api`).
    let runbeamURL: String
    /// The credential the Runbeam emulator accepts (generated per run).
    let credential: String
    let folder: URL

    var kubeconfig: URL { folder.appendingPathComponent("kubeconfig") }

    /// Starts both emulators from a copy of `binary` with Runbeam latency 0; `tokenLifetime` as the Runbeam
    /// emulator reads it (`30d`, `90s`).
    static func start(binary original: URL, tokenLifetime: String = "30d") async throws(BenchError) -> EmulatorProcesses {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-bench-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create a work folder in \(FileManager.default.temporaryDirectory.path): \(error)")
        }
        let credential = "1|bench-\(UUID().uuidString.lowercased())"
        let kubeconfig = folder.appendingPathComponent("kubeconfig")
        // The emulators run from a copy of the binary: in a cluster no other process maps the operator's executable,
        // and the kernel keeps pages another process maps resident, which would hide the operator's release of its
        // start-up code (`ExecutablePages`) and charge the emulators' code to the operator's resident memory.
        let binary = folder.appendingPathComponent("runbeam-emulators")
        do {
            try FileManager.default.copyItem(at: original, to: binary)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw BenchError("cannot copy \(original.path) for the emulators: \(error)")
        }
        let kubernetes = try BenchProcess(
            name: "Kubernetes emulator", executable: binary,
            arguments: [
                "emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig.path,
                // Enough history that no watch of a 20,000-Gateway run falls behind it.
                "--history-limit", "200000", "--rollout-delay-milliseconds", "50",
            ])
        let runbeam: BenchProcess
        do {
            runbeam = try BenchProcess(
                name: "Runbeam emulator", executable: binary,
                arguments: ["emulator", "runbeam", "--listen", "127.0.0.1:0", "--credential", "bench=\(credential)", "--token-lifetime", tokenLifetime])
        } catch {
            kubernetes.forceKill()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        do {
            let kubernetesURL = try await kubernetes.waitForURL(after: "listening on", timeout: .seconds(30))
            let runbeamURL = try await runbeam.waitForURL(after: "listening on", timeout: .seconds(30))
            // The kubeconfig is written before the URL is printed.
            return EmulatorProcesses(
                kubernetes: kubernetes, runbeam: runbeam, kubernetesURL: kubernetesURL, runbeamURL: runbeamURL,
                credential: credential, folder: folder)
        } catch {
            kubernetes.forceKill()
            runbeam.forceKill()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Kills both emulators and removes the work folder.
    func stop() {
        kubernetes.forceKill()
        runbeam.forceKill()
        try? FileManager.default.removeItem(at: folder)
    }
}
