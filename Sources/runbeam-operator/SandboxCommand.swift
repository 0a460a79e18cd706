import ArgumentParser
import Basics
import FoundationEssentials
import GatewayAPI
import Logging
import Operator
import Sandbox
import Basics

/// `runbeam-operator sandbox`: both emulators, an example, and the real controller with a compressed
/// clock, printing what happens until every Gateway has been renewed.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Watch the operator issue, renew and roll out tokens against emulators (no cluster or account needed).",
        discussion: """
            Starts a Kubernetes API emulator and a Runbeam Cloud emulator on 127.0.0.1, installs the Gateway CRD \
            and an example (namespace harmony, a credentials Secret, one Harmony Deployment per Gateway reading \
            the Gateway's Secret through secretKeyRef), and runs the controller against them. Token lifetimes are \
            compressed: 30 days / --time-scale (default: 30 seconds). Exits 0 once every Gateway has been renewed.

            Examples:
              runbeam-operator sandbox
              runbeam-operator sandbox --gateways 20 --time-scale 864000
              runbeam-operator sandbox --keep-running   # then use kubectl
              runbeam-operator sandbox --no-controller  # start `run` yourself
            """
    )

    @Option(help: "How many Gateways the example holds (1-50).")
    var gateways: Int = 3

    @Option(help: "How much faster than real time tokens expire; 86400 makes a 30-day token live 30 s.")
    var timeScale: Double = SandboxOptions.defaultTimeScale

    @Flag(help: "Keep everything running after the renewals, until Ctrl-C, for use with kubectl.")
    var keepRunning = false

    @Flag(help: "Run only the emulators and the example, for running `runbeam-operator run` separately.")
    var noController = false

    @Option(help: "Level of the operator's own log lines on stderr.")
    var logLevel: OperatorConfiguration.Log.Level = .warning

    func validate() throws {
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    private var options: SandboxOptions {
        SandboxOptions(gateways: gateways, timeScale: timeScale, runsController: !noController)
    }

    func run() async throws {
        var log = OperatorConfiguration.Log()
        log.level = logLevel
        log.format = .text
        let logger = OperatorLogging.bootstrap(log)
        let signals = SignalWaiter()
        let sandbox: Sandbox
        do {
            sandbox = try await Sandbox.start(options, version: OperatorVersion.current, output: Self.say, logger: logger)
        } catch {
            Self.complain(error.description)
            throw ExitCode(1)
        }
        Task {
            _ = await signals.wait()
            sandbox.stop()
        }
        introduce(sandbox)
        let waiting = Task { await Self.reportWaits(sandbox) }
        defer { waiting.cancel() }
        if noController {
            await sandbox.waitUntilStopped()
            await sandbox.shutdown()
            Self.say("Stopped.")
            return
        }
        do {
            _ = try await sandbox.waitUntilRenewed()
            if keepRunning {
                Self.say("Every Gateway has been renewed; still running (renewals continue). Press Ctrl-C to stop.")
                await sandbox.waitUntilStopped()
                await finish(sandbox, headline: "Stopped")
            } else {
                await finish(sandbox, headline: "Every Gateway was renewed at least once")
            }
        } catch .interrupted where keepRunning {
            await finish(sandbox, headline: "Stopped")
        } catch {
            await finish(sandbox, headline: "Stopped early")
            Self.complain(error.description)
            throw ExitCode(error == .interrupted ? 130 : 1)
        }
    }

    /// What is running and how to look at it.
    private func introduce(_ sandbox: Sandbox) {
        let cluster = sandbox.cluster
        let example = cluster.example
        let lifetime = DurationText.abbreviated(sandbox.options.tokenLifetime)
        Self.say("""
            Kubernetes API emulator: \(cluster.kube.baseURL.absoluteString)
            Runbeam Cloud emulator:  \(cluster.cloud.apiBaseURL)
            Installed: the Gateway CRD, namespace \(example.namespace), Secret \(example.namespace)/\(SandboxExample.credentialsSecretName) \
            (an emulator credential), \(example.members.count) Gateway(s) each with a Harmony Deployment reading its Secret through secretKeyRef.
            Token lifetime: \(lifetime) (30 days / time scale \(Self.number(sandbox.options.timeScale))).
            """)
        if noController {
            Self.say("""
                No controller runs here. In another terminal:
                  \(Self.executable) run --config \(cluster.operatorConfiguration.path) --kubeconfig \(cluster.kubeconfig.path)
                  kubectl --kubeconfig \(cluster.kubeconfig.path) get rbgw -n \(example.namespace)
                Runbeam API URL and credential for `runbeam-operator token get`:
                  export RUNBEAM_API_URL=\(cluster.cloud.apiBaseURL)
                  export RUNBEAM_API_TOKEN="$(cat \(cluster.credentialFile.path))"
                What that operator does is reported below. Press Ctrl-C to stop.
                """)
        } else if keepRunning {
            Self.say("""
                Look around while it runs (a Gateway you apply in namespace \(example.namespace) is followed too):
                  kubectl --kubeconfig \(cluster.kubeconfig.path) get rbgw -n \(example.namespace)
                  kubectl --kubeconfig \(cluster.kubeconfig.path) get secrets,deployments,events.events.k8s.io -n \(example.namespace)
                Press Ctrl-C to stop.
                """)
        }
    }

    /// Summarises after shutdown, so the counts include every line printed above them.
    private func finish(_ sandbox: Sandbox, headline: String) async {
        let elapsed = String(cFormat: "%.1f", sandbox.progress.elapsed.inSeconds)
        let ready = sandbox.readyCount
        await sandbox.shutdown()
        let tally = sandbox.progress.tally
        Self.say("""
            \(headline) after \(elapsed)s; \(ready) of \(sandbox.cluster.example.members.count) Gateway(s) Ready.
            Summary: issuances: \(tally.issuances), renewals: \(tally.renewals), Secret writes: \(tally.secretWrites), rollouts: \(tally.rollouts)
            """)
    }

    /// While nothing happens for two seconds, says when the next renewal is due (once per due time).
    private static func reportWaits(_ sandbox: Sandbox) async {
        var announced: Date?
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            guard sandbox.progress.quietFor >= .seconds(2), let next = sandbox.nextRenewal(), next.at != announced else { continue }
            let seconds = next.at.timeIntervalSinceNow
            guard seconds >= 1 else { continue }
            announced = next.at
            sandbox.progress.note(
                "waiting", "next renewal in \(String(cFormat: "%.1f", seconds))s (\(sandbox.cluster.example.namespace)/\(next.member.name))")
        }
    }

    /// How this binary was started, so a printed command works for a user who ran `swift run`.
    private static var executable: String {
        let first = CommandLine.arguments.first ?? "runbeam-operator"
        guard first.contains("/") else { return first }
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }

    @Sendable private static func say(_ line: String) {
        FileStream.standardOutput.write((line + "\n"))
    }

    private static func complain(_ message: String) {
        FileStream.standardError.write("error: \(message)\n")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

