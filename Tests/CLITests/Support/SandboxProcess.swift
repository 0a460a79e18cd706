import Foundation
import TestSupport

/// `runbeam-operator sandbox --keep-running` as a child process: an emulated cluster (with the controller, or
/// without it) that the commands under test reach through the kubeconfig the sandbox prints.
final class SandboxProcess: Sendable {
    let process: OperatorProcess
    let kubeconfig: String
    /// The `run --config` file the sandbox prints with `--no-controller`.
    let operatorConfiguration: String?

    private init(process: OperatorProcess, kubeconfig: String, operatorConfiguration: String?) {
        self.process = process
        self.kubeconfig = kubeconfig
        self.operatorConfiguration = operatorConfiguration
    }

    /// Starts a sandbox with `gateways` Gateways whose tokens last 30 days / `timeScale`.
    static func start(gateways: Int, timeScale: Int, controller: Bool = true) async throws -> SandboxProcess {
        var arguments = ["sandbox", "--gateways", String(gateways), "--time-scale", String(timeScale), "--keep-running"]
        if !controller { arguments.append("--no-controller") }
        let process = try OperatorProcess(arguments: arguments)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, process.isRunning {
            let output = process.output
            if let kubeconfig = value(after: "kubectl --kubeconfig ", in: output),
               controller || output.contains("Press Ctrl-C to stop.") {
                return SandboxProcess(process: process, kubeconfig: kubeconfig, operatorConfiguration: value(after: "run --config ", in: output))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.kill()
        throw SandboxStartFailure(output: process.output)
    }

    /// Runs `body` against a sandbox started as ``start(gateways:timeScale:controller:)``, and stops it however `body` ends.
    static func with(gateways: Int, timeScale: Int, controller: Bool = true, _ body: (SandboxProcess) async throws -> Void) async throws {
        let sandbox = try await start(gateways: gateways, timeScale: timeScale, controller: controller)
        do {
            try await body(sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    /// The word after `marker` in `text`.
    private static func value(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        return text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init)
    }

    func stop() async {
        process.terminate()
        if await process.waitForExit(timeout: .seconds(20)) == nil { process.kill() }
    }
}

/// The sandbox did not print its kubeconfig.
struct SandboxStartFailure: Error, CustomStringConvertible {
    var output: String
    var description: String { "the sandbox did not start; its output:\n\(output)" }
}
