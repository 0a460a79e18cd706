import Foundation
import Manifests
import TestSupport
import Testing

/// Acceptance: the shipped RBAC (``OperatorPermissions``) grants exactly what the operator used across the
/// whole fault suite: every request allowed (each fault test also checks its own), every grant used.
@Suite struct SuiteRBACAuditTests {
    @Test func shippedRolesMatchTheSuitesRequests() async throws {
        // The fault tests run in parallel with this one: wait for them to start, then to end.
        _ = await eventually(timeout: .seconds(30), every: .milliseconds(100)) { await !FaultLedger.shared.startedTests.isEmpty }
        let drained = await eventually(timeout: .seconds(540), every: .milliseconds(100)) { await FaultLedger.shared.running.isEmpty }
        let running = await FaultLedger.shared.running.sorted()
        #expect(drained, "fault tests still running: \(running)")
        let ledger = FaultLedger.shared
        let finished = await ledger.finishedTests, failed = await ledger.failedTests
        let requests = await ledger.requests
        let rbac = RBACAudit(namespace: FaultCluster.namespace)
        let audit = rbac.check(requests)
        #expect(audit.denied.isEmpty, "requests the shipped roles do not allow: \(audit.denied)")
        // (verb, group/resource[/subresource]) the operator used.
        let used = Set(requests.map { "\($0.verb) \($0.group.isEmpty ? "core" : $0.group)/\($0.resource)" })
        print("fault suite: \(finished.count) tests, \(requests.count) operator requests, \(used.count) (verb, resource) pairs: \(used.sorted())")
        // Only a full, passing run used everything; a filtered or failed run cannot judge unused grants.
        guard failed.isEmpty, finished.count >= FaultLedger.expectedTestCount else { return }
        #expect(audit.unused.isEmpty, "grants no request of the fault suite used: \(audit.unused)")
    }
}
