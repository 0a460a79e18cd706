import Foundation
import GatewayAPI
import GatewayCore
import Kubernetes
import Logging
import Operator
import TestSupport
import Testing

/// `ReconcileExecutor(dryRun: true)`: the same decisions as a real executor, logged, and not one request that writes.
@Suite struct DryRunExecutorTests {
    @Test func aFirstIssuanceIsLoggedAndNothingIsWritten() async throws {
        let cluster = try await ClusterFixture.start()
        try cluster.createDeployment("harmony", secret: "prod-runbeam")
        try cluster.createGateway("prod", apiURL: "https://api.runbeam.cloud/api", target: "harmony")
        try await Task.sleep(for: .milliseconds(1100))
        let logs = LogCapture()
        let logger = Logger(label: "dry-run-test") { _ in CapturingLogHandler(capture: logs) }
        let executor = ReconcileExecutor(client: cluster.client, events: nil, dryRun: true, logger: logger)
        let object = try await cluster.client.get(.gateway, namespace: ClusterFixture.namespace, name: "prod")
        let gateway = try GatewayResource.decode(object).get()
        let deployment = try await cluster.client.get(Deployment.self, namespace: ClusterFixture.namespace, name: "harmony")
        let now = Date()
        let world = ReconcileWorld(
            managedSecret: nil, credential: .found(Credential("1|dry-run-credential")), workloads: [WorkloadState(deployment)], now: now)
        let reconciler = GatewayReconciler(configuration: OperatorConfiguration(), rateLimiter: nil, logger: quietLogger)
        let result = await reconciler.reconcile(gateway, world: world, issuer: DryRunTokenIssuer(logger: logger, now: { now }))
        cluster.emulator.requestLog.clear()

        let execution = await executor.perform(result, gateway: object, existingSecret: nil)
        let writes = cluster.writes()
        await cluster.stop()

        #expect(execution.outcome == .completed)
        #expect(execution.secret == nil && execution.gateway == nil && execution.workloads.isEmpty)
        #expect(writes.isEmpty, "a dry run wrote: \(writes.map { "\($0.method) \($0.path)" })")
        let lines = logs.lines
        func logged(_ message: String, _ values: String...) -> Bool {
            lines.contains { line in line.contains(message) && values.allSatisfy(line.contains) }
        }
        #expect(logged("dry run: would request a machine token", "prod-gateway"))
        #expect(logged("dry run: would create Secret", "prod-runbeam", "encryption-key,machine-token"))
        #expect(logged("dry run: would restart workload", "Deployment", "harmony"))
        #expect(logged("dry run: would update status", "Ready="))
        #expect(logged("dry run: would record Event", "TokenIssued"))
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("AGE-SECRET-KEY"))
    }
}
