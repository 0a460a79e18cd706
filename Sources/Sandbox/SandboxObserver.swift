import FoundationEssentials

/// Watches the emulators for what the operator did: Secret writes (by resourceVersion), rollouts (the
/// Kubernetes emulator's rollout counter) and, when the controller runs out of process, tokens issued
/// (the Runbeam emulator's counter), and reports each to ``SandboxProgress``.
///
/// Polls the in-process stores rather than opening watches, so it adds no requests to the emulators' logs.
struct SandboxObserver: Sendable {
    let cluster: SandboxCluster
    let progress: SandboxProgress
    /// Whether to report tokens from the Runbeam emulator; an in-process controller reports them itself.
    var reportsTokens: Bool
    var interval: Duration = .milliseconds(50)

    /// What was last seen of one member.
    struct Seen: Sendable, Hashable {
        var tokens = 0
        var secretVersion: String?
        var rollouts = 0
    }

    /// Polls until the task is cancelled, reporting everything since the example was installed.
    func run() async {
        var seen: [String: Seen] = [:]
        while !Task.isCancelled {
            poll(&seen)
            try? await Task.sleep(for: interval)
        }
    }

    /// Compares the stores with `seen`, reports the differences and updates `seen`. Tokens, then
    /// Secrets, then rollouts, so nothing is reported before what caused it.
    func poll(_ seen: inout [String: Seen]) {
        let members = progress.members
        if reportsTokens {
            for member in members {
                let count = cluster.cloud.tokensIssued(gatewayCode: member.gatewayCode)
                let expiresAt = cluster.cloud.gateway(code: member.gatewayCode)?.tokenExpiresAt ?? Date()
                let before = seen[member.name, default: Seen()].tokens
                for _ in before..<max(before, count) {
                    progress.tokenIssued(gatewayCode: member.gatewayCode, expiresAt: expiresAt)
                }
                seen[member.name, default: Seen()].tokens = max(before, count)
            }
        }
        for member in members {
            let version = cluster.secretVersion(of: member)
            let before = seen[member.name, default: Seen()].secretVersion
            if let version, version != before {
                progress.secretWritten(member, created: before == nil)
            }
            seen[member.name, default: Seen()].secretVersion = version
        }
        for member in members where !member.deploymentName.isEmpty {
            let count = cluster.rolloutCount(of: member)
            let before = seen[member.name, default: Seen()].rollouts
            // One event per rollout, even when two land between polls, so the lines add up to the count.
            for next in before..<max(before, count) { progress.rolledOut(member, count: next + 1) }
            seen[member.name, default: Seen()].rollouts = max(before, count)
        }
    }
}
