import Basics
import FoundationEssentials
import GatewayAPI
import Kubernetes
import Logging
import Operator

/// `runbeam-operator sandbox`: both emulators, the example, and (unless ``SandboxOptions/runsController``
/// is false) the real controller in-process with a compressed token lifetime, reporting progress.
///
/// ```swift
/// let sandbox = try await Sandbox.start(SandboxOptions(gateways: 3), output: { print($0) })
/// let tally = try await sandbox.waitUntilRenewed()   // every Gateway renewed, written, rolled out
/// await sandbox.shutdown()
/// ```
public final class Sandbox: Sendable {
    public let options: SandboxOptions
    public let cluster: SandboxCluster
    public let progress: SandboxProgress
    private let controller: SandboxController?
    private let observer: Task<Void, Never>
    private let stopped = Locked(false)
    private let logger: Logger

    private init(options: SandboxOptions, cluster: SandboxCluster, progress: SandboxProgress, controller: SandboxController?, logger: Logger) {
        self.options = options
        self.cluster = cluster
        self.progress = progress
        self.controller = controller
        self.logger = logger
        let observer = SandboxObserver(cluster: cluster, progress: progress, reportsTokens: controller == nil)
        // Gateways applied while it runs (with kubectl, say) are followed like the example's.
        let namespace = cluster.example.namespace
        cluster.kube.store.onChange { [progress] change in
            guard change.type == "ADDED", change.resourceKey == "gateways.\(GatewayCRD.group)",
                change.object[path: ["metadata", "namespace"]]?.stringValue == namespace,
                let member = SandboxExample.Member(appliedGateway: change.object)
            else { return }
            progress.adopt(member)
        }
        self.observer = Task { await observer.run() }
    }

    /// Validates `options`, starts the emulators, installs the example and starts the controller.
    /// - Parameters:
    ///   - output: receives one progress line per event.
    ///   - version: the operator version, for `User-Agent` headers.
    public static func start(
        _ options: SandboxOptions, version: String = "sandbox", output: @escaping @Sendable (String) -> Void,
        logger: Logger = Logger(label: "runbeam.sandbox")
    ) async throws(SandboxError) -> Sandbox {
        try options.validate()
        let cluster = try await SandboxCluster.start(options)
        let progress = SandboxProgress(example: cluster.example, timeScale: options.timeScale, output: output)
        var controller: SandboxController?
        if options.runsController {
            do {
                controller = try SandboxController(
                    cluster: cluster, progress: progress, version: version, logger: Logger(label: "runbeam.operator.controller"))
            } catch {
                await cluster.shutdown()
                throw error
            }
        }
        logger.info("sandbox started", metadata: [
            "kubernetes": "\(cluster.kube.baseURL.absoluteString)", "runbeam": "\(cluster.cloud.apiBaseURL)",
            "gateways": "\(options.gateways)", "tokenLifetime": "\(options.tokenLifetime)", "controller": "\(options.runsController)",
        ])
        let sandbox = Sandbox(options: options, cluster: cluster, progress: progress, controller: controller, logger: logger)
        controller?.start()
        return sandbox
    }

    /// How long to wait for every renewal by default: three token lifetimes plus 30 s for start-up.
    public var defaultTimeout: Duration { options.tokenLifetime * 3 + .seconds(30) }

    /// Returns once every Gateway was renewed and the renewal written and rolled out.
    /// Throws ``SandboxError/interrupted`` after ``stop()``, ``SandboxError/timedOut(_:)`` after `timeout`.
    public func waitUntilRenewed(timeout: Duration? = nil) async throws(SandboxError) -> SandboxTally {
        let deadline = ContinuousClock.now + (timeout ?? defaultTimeout)
        while true {
            let tally = progress.tally
            if tally.isComplete {
                logger.info("every Gateway renewed", metadata: ["summary": "\(tally.summary)"])
                return tally
            }
            if isStopped { throw .interrupted }
            if ContinuousClock.now >= deadline {
                let members = progress.members.filter { tally.pending.contains($0.name) }
                throw .timedOut(members.map { "\($0.name): \(cluster.readiness(of: $0))" }.joined(separator: "; "))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The Gateway renewed next and when, from the Gateways' `status.renewalTime`; nil before any is set.
    public func nextRenewal() -> (member: SandboxExample.Member, at: Date)? {
        progress.members.compactMap { member in cluster.renewalTime(of: member).map { (member, $0) } }.min { $0.1 < $1.1 }
    }

    /// How many Gateways have `Ready=True`.
    public var readyCount: Int { progress.members.filter(cluster.isReady).count }

    /// Returns after ``stop()``.
    public func waitUntilStopped() async {
        while !isStopped { try? await Task.sleep(for: .milliseconds(100)) }
    }

    /// Makes the waits return (from a signal handler, say).
    public func stop() { stopped.withLock { $0 = true } }

    private var isStopped: Bool { stopped.withLock { $0 } }

    /// Stops the controller, the observer and the emulators, and removes the temp folder.
    public func shutdown() async {
        stop()
        // The controller takes no new work, and what is in flight (a renewal's Events and status, a
        // write interrupted by Ctrl-C) lands instead of being cancelled into warnings.
        await controller?.stop(grace: .milliseconds(500))
        observer.cancel()
        await observer.value
        progress.close()
        await cluster.shutdown()
        logger.info("sandbox stopped")
    }
}
