import Emulators
import Foundation
import TestSupport
import Testing

/// Faults of Runbeam Cloud's authorize endpoint, injected at the first renewal.
@Suite struct RunbeamCloudFaultTests {
    /// A fault and how many renewal attempts it answers.
    struct Case: Sendable, CustomTestStringConvertible {
        var fault: RunbeamCloudFault
        var count: Int
        var testDescription: String { "\(fault.name) ×\(count)" }
    }

    @Test func internalErrorBeyondHalfTheRenewalWindow() async throws {
        // 40-second tokens renewed 20 s before expiry (and up to 2 s of jitter earlier): 500 for 12 s covers more than the window's first half.
        let settings = FaultSettings(tokenLifetime: .seconds(40))
        try await FaultRun.scenario("cloud: 500 for 12 s of a 20 s renewal window", settings) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-0.5))
            run.cluster.cloud.faults.inject(.internalError, for: .seconds(12))
            try await Task.sleep(for: .seconds(12))
            let failed = run.cluster.cloud.requestLog.all.filter { $0.statusCode == 500 }.count
            #expect(failed >= 2, "only \(failed) renewal attempts met the outage")
            try await Self.expectFailureReported(run)
        }
    }

    /// Every Gateway got a `TokenRequestFailed` Event (a failed renewal is reported, and only reported).
    static func expectFailureReported(_ run: FaultRun) async throws {
        for gateway in run.cluster.settings.gateways {
            let reasons = try await run.eventReasons(for: gateway)
            #expect(reasons.contains("TokenRequestFailed"), "\(gateway): Events \(reasons)")
        }
    }

    @Test(arguments: [
        Case(fault: .rateLimited(retryAfterSeconds: 3), count: 3),
        Case(fault: .delay(.seconds(5)), count: 2),
        Case(fault: .malformedJSON, count: 2),
        Case(fault: .truncatedBody, count: 2),
        Case(fault: .unparseableExpiresAt, count: 2),
    ])
    func faultAtRenewal(_ fault: Case) async throws {
        // The operator's Runbeam timeout is 2 s, shorter than the 5-second delay.
        let settings = FaultSettings(runbeamTimeoutSeconds: 2)
        try await FaultRun.scenario("cloud: \(fault.testDescription)", settings, lostTokens: 1) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-0.5))
            for gateway in run.cluster.settings.gateways {
                run.cluster.cloud.faults.inject(fault.fault, count: fault.count, gatewayCode: "faults-\(gateway)")
            }
            let consumed = await eventually(timeout: .seconds(40), every: .milliseconds(100)) { run.cluster.cloud.faults.pending == 0 }
            #expect(consumed, "the operator did not retry through every injected fault")
            try await Self.expectFailureReported(run)
            if case .rateLimited(let seconds) = fault.fault {
                // Retry-After is honoured: no attempt for a Gateway within `seconds` of a 429 to it.
                let log = run.cluster.cloud.requestLog.all.filter { $0.path.hasSuffix("/authorize") || $0.gatewayCode != nil }
                for gateway in run.cluster.settings.gateways {
                    let attempts = log.filter { $0.gatewayCode == "faults-\(gateway)" }
                    for (previous, next) in zip(attempts, attempts.dropFirst()) where previous.statusCode == 429 {
                        #expect(
                            next.time.timeIntervalSince(previous.time) >= Double(seconds) - 0.1,
                            "\(gateway): retried \(next.time.timeIntervalSince(previous.time)) s after a 429 asking for \(seconds) s; output:\n\(run.output.suffix(30000))")
                    }
                }
            }
        }
    }
}
