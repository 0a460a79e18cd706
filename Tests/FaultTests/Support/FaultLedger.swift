import Manifests

/// Which fault tests started and ended in this process, and the operator requests of the ones that passed
/// their scenario: the RBAC audit compares the shipped roles with what the whole suite used.
actor FaultLedger {
    static let shared = FaultLedger()
    /// Fault scenarios in the target (test functions × arguments), for the audit to know a run was complete.
    static let expectedTestCount = 25

    private(set) var startedTests: Set<String> = []
    private(set) var finishedTests: Set<String> = []
    private(set) var failedTests: Set<String> = []
    private(set) var requests: [APIRequest] = []

    func started(_ name: String) { startedTests.insert(name) }

    /// `name` ended; `requests` is nil when its scenario threw.
    func finished(_ name: String, requests: [APIRequest]?) {
        finishedTests.insert(name)
        if let requests { self.requests += requests } else { failedTests.insert(name) }
    }

    /// Tests that started and have not ended.
    var running: Set<String> { startedTests.subtracting(finishedTests) }
}
