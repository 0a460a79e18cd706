import Basics
import Kubernetes
import Logging
import ServiceLifecycle

/// Runs the controller until graceful shutdown, samples the queue depth and Gateway counts into
/// the metrics every second, and hands the executable's start-up pages back to the kernel (``ExecutablePages``)
/// twice: before the informers list (the configuration, discovery and set-up code), so that it is not resident
/// together with the first lists, and once the caches have synced (the list code).
struct ControllerService: Service {
    let controller: GatewayController
    let metrics: OperatorMetrics
    let logger: Logger

    func run() async throws {
        releaseStartUpCode(stage: "set-up")
        await cancelWhenGracefulShutdown {
            // Each task says whether it was the controller; only the controller's end ends the service.
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await controller.run()
                    return true
                }
                group.addTask {
                    await controller.waitUntilSynced()
                    guard !Task.isCancelled else { return false }
                    releaseStartUpCode(stage: "first lists")
                    return false
                }
                group.addTask {
                    while !Task.isCancelled {
                        metrics.setWorkqueueDepth(await controller.queueDepth)
                        metrics.setGatewayCounts(controller.conditionCounts())
                        try? await Task.sleep(for: .seconds(1))
                    }
                    return false
                }
                while let controllerEnded = await group.next(), !controllerEnded {}
                group.cancelAll()
            }
        }
    }

    private func releaseStartUpCode(stage: String) {
        if let advised = ExecutablePages.release() {
            logger.debug("start-up code released to the kernel", metadata: ["after": "\(stage)", "bytes": "\(advised)"])
        } else {
            logger.debug("start-up code kept: the kernel does not take MADV_PAGEOUT", metadata: ["after": "\(stage)"])
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
