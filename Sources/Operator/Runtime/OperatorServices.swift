import Kubernetes
import Logging
import ServiceLifecycle

/// Runs the controller until graceful shutdown, and samples the queue depth and Gateway counts into
/// the metrics every second.
struct ControllerService: Service {
    let controller: GatewayController
    let metrics: OperatorMetrics

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await controller.run() }
                group.addTask {
                    while !Task.isCancelled {
                        metrics.setWorkqueueDepth(await controller.queueDepth)
                        metrics.setGatewayCounts(controller.conditionCounts())
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}

/// Holds the leader Lease (or, with leader election off, leads at once) and starts and stops the controller's
/// workers with it.
struct LeadershipService: Service {
    let elector: LeaderElector?
    let controller: GatewayController
    let health: HealthState
    let metrics: OperatorMetrics
    let logger: Logger

    func run() async throws {
        guard let elector else {
            lead()
            try await gracefulShutdown()
            return
        }
        // Cancelling the elector releases the Lease, so a standby takes over at once.
        await cancelWhenGracefulShutdown {
            await elector.run(onStartedLeading: lead, onStoppedLeading: stand)
        }
        stand()
    }

    private func lead() {
        guard !health.isLeader else { return }
        health.isLeader = true
        metrics.setLeader(true)
        logger.info("leading: reconciling Gateways")
        controller.startLeading()
    }

    private func stand() {
        guard health.isLeader else { return }
        health.isLeader = false
        metrics.setLeader(false)
        controller.stopLeading()
        logger.info("not leading: workers stopped, in-flight reconciles cancelled")
    }
}

/// The probe and metrics server, stopped last.
struct ProbeService: Service {
    let server: ProbeServer

    func run() async throws {
        try? await gracefulShutdown()
        await server.shutdown()
    }
}
