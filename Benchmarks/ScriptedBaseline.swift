import Basics
import Foundation

/// Scenario 5, the baseline: what users script today, one Gateway after another — `curl` to Runbeam's
/// authorize endpoint, `jq` to build Harmony's token JSON, `age-keygen` for the encryption key,
/// `kubectl create secret … --dry-run=client -o yaml | kubectl apply -f -`, `kubectl rollout restart`.
/// CPU time is what bash's `times` reports for the script and every command it ran.
struct ScriptedBaseline: Sendable {
    var gateways: Int
    var operatorBinary: URL

    struct Result: Sendable {
        var gateways: Int
        var wallSeconds: Double
        var cpuSeconds: Double

        var lines: [String] {
            let figures = FigureLines(scenario: "baseline_script", labels: "gateways=\(gateways)")
            return [
                figures.line("wall_seconds", wallSeconds),
                figures.line("cpu_seconds", cpuSeconds),
                figures.line("wall_ms_per_gateway", wallSeconds * 1000 / Double(gateways)),
                figures.line("cpu_ms_per_gateway", cpuSeconds * 1000 / Double(gateways)),
            ]
        }
    }

    func run(timeout: Duration) async throws(BenchError) -> Result {
        let kubectl = try Self.tool("kubectl", environment: "KUBECTL")
        for tool in ["curl", "jq", "age-keygen", "base64"] { _ = try Self.tool(tool, environment: nil) }
        let cluster = try await BenchCluster.start(operatorBinary: operatorBinary)
        defer { cluster.stop() }
        try await cluster.seed.createDeployments(0..<gateways)
        let script = try writeScript(in: cluster.emulators.folder, kubectl: kubectl)

        let started = ContinuousClock.now
        let shell = try BenchProcess(
            name: "baseline script", executable: URL(fileURLWithPath: "/bin/bash"), arguments: [script.path],
            environment: [
                "KUBECONFIG": cluster.emulators.kubeconfig.path, "RUNBEAM_API": cluster.emulators.runbeamURL,
                "RUNBEAM_CREDENTIAL": cluster.emulators.credential, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                // kubectl keeps its discovery cache under $HOME/.kube: the run's own folder, not the caller's.
                "HOME": cluster.emulators.folder.path,
            ])
        guard let status = await shell.waitForExit(timeout: timeout) else {
            shell.forceKill()
            throw BenchError("the baseline script did not finish within \(timeout); its output:\n\(shell.output.suffix(2000))")
        }
        let wall = (ContinuousClock.now - started).inSeconds
        guard status == 0 else { throw BenchError("the baseline script failed (exit \(status)); its output:\n\(shell.output.suffix(2000))") }
        let cpu = try Self.cpuSeconds(fromTimesOutput: shell.output)
        let secrets = try await cluster.seed.secretCount()
        guard secrets >= gateways else { throw BenchError("the baseline script wrote \(secrets) Secrets for \(gateways) Gateways") }
        return Result(gateways: gateways, wallSeconds: wall, cpuSeconds: cpu)
    }

    private func writeScript(in folder: URL, kubectl: String) throws(BenchError) -> URL {
        let file = folder.appendingPathComponent("baseline.sh")
        let names = (0..<gateways).map(ClusterSeed.name).joined(separator: " ")
        let text = """
            set -euo pipefail
            ns=\(ClusterSeed.namespace)
            for name in \(names); do
              answer=$(curl -sS --fail -X POST "$RUNBEAM_API/harmony/authorize" \\
                -H "Authorization: Bearer $RUNBEAM_CREDENTIAL" -H 'Content-Type: application/json' -H 'Accept: application/json' \\
                -d "{\\"token\\":\\"$RUNBEAM_CREDENTIAL\\",\\"gateway_code\\":\\"bench-$name\\"}")
              token=$(printf '%s' "$answer" | jq -c '{machine_token, expires_at, gateway_id: .gateway.id, gateway_code: .gateway.code, abilities: (.abilities // []), issued_at: (now | todate)}')
              key=$(age-keygen 2>/dev/null | grep -v '^#' | tr -d '\\n' | base64 -w 0)
              \(kubectl) create secret generic "$name-runbeam" -n "$ns" --from-literal=machine-token="$token" \\
                --from-literal=encryption-key="$key" --dry-run=client -o yaml | \(kubectl) apply -f - >/dev/null
              \(kubectl) rollout restart -n "$ns" "deployment/harmony-$name" >/dev/null
            done
            echo "times:"
            times

            """
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            throw BenchError("cannot write the baseline script \(file.path): \(error)")
        }
        return file
    }

    /// Sums the shell's and its children's user and system times from `times` output after a `times:` line.
    static func cpuSeconds(fromTimesOutput output: String) throws(BenchError) -> Double {
        guard let marker = output.range(of: "times:\n") else { throw BenchError("the baseline script printed no `times` output") }
        let values = output[marker.upperBound...].split(whereSeparator: \.isWhitespace).compactMap { field -> Double? in
            // `0m1.234s`
            guard field.hasSuffix("s"), let m = field.firstIndex(of: "m"),
                  let minutes = Double(field[..<m]), let seconds = Double(field[field.index(after: m)..<field.index(before: field.endIndex)])
            else { return nil }
            return minutes * 60 + seconds
        }
        guard values.count == 4 else { throw BenchError("unexpected `times` output: \(output[marker.upperBound...].prefix(200))") }
        return values.reduce(0, +)
    }

    /// The path of `name`: `$environment` if set, else the first on `PATH`.
    static func tool(_ name: String, environment: String?) throws(BenchError) -> String {
        let env = ProcessInfo.processInfo.environment
        if let environment, let path = env[environment], !path.isEmpty { return path }
        for folder in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BenchError("the baseline needs \(name) on PATH (apt-get install -y curl jq age kubectl, or set $KUBECTL)")
    }
}
