import Basics
import FoundationEssentials
import Kubernetes

/// Turns what the issuer and the cluster observer see into ``SandboxEvent``s, counts them and prints
/// one line per event. Shared by the controller's workers and the observer, hence the lock.
public final class SandboxProgress: Sendable {
    private let example: SandboxExample
    private let timeScale: Double
    private let started: ContinuousClock.Instant
    private let now: @Sendable () -> Date
    private let output: @Sendable (String) -> Void
    private let state: Locked<State>

    private let objectWidth: Int

    private struct State {
        var tally: SandboxTally
        /// The example's Gateways, then any applied while running.
        var members: [SandboxExample.Member]
        var events: [SandboxEvent] = []
        var lastLine: ContinuousClock.Instant
        var closed = false
    }

    /// - Parameters:
    ///   - output: receives each progress line (without a newline).
    ///   - now: the wall clock, for how long an issued token has left.
    public init(
        example: SandboxExample, timeScale: Double, now: @escaping @Sendable () -> Date = { Date() },
        output: @escaping @Sendable (String) -> Void
    ) {
        self.example = example
        self.timeScale = timeScale
        self.started = .now
        self.now = now
        self.output = output
        self.objectWidth = example.members.flatMap { [$0.name, $0.secretName, $0.deploymentName] }.map(\.count).max().map { $0 + example.namespace.count + 1 } ?? 0
        self.state = Locked(State(tally: SandboxTally(gateways: example.members.map(\.name)), members: example.members, lastLine: .now))
    }

    /// The Gateways followed: the example's, then those applied while the sandbox runs.
    public var members: [SandboxExample.Member] { state.withLock { $0.members } }

    /// Follows a Gateway applied while the sandbox runs, with a line saying so; no-op if followed already.
    public func adopt(_ member: SandboxExample.Member) {
        let elapsed = self.elapsed
        state.withLock { state in
            guard !state.closed, !state.members.contains(where: { $0.name == member.name }) else { return }
            state.members.append(member)
            state.tally.add(gateway: member.name)
            state.lastLine = .now
            output(SandboxEvent.noteLine(
                elapsed: elapsed, what: "gateway added", text: "\(example.namespace)/\(member.name)  applied while running; following it too"))
        }
    }

    /// Ends the output: later events are neither counted nor printed, so a summary taken after
    /// this matches the lines above it.
    public func close() { state.withLock { $0.closed = true } }

    /// Time since the last line was printed.
    public var quietFor: Duration { .now - state.withLock { $0.lastLine } }

    /// Prints a line in the events' columns that counts nothing (`waiting  next renewal in 4.2s …`).
    public func note(_ what: String, _ text: String) {
        let elapsed = self.elapsed
        state.withLock { state in
            guard !state.closed else { return }
            state.lastLine = .now
            output(SandboxEvent.noteLine(elapsed: elapsed, what: what, text: text))
        }
    }

    /// Time since the progress began.
    public var elapsed: Duration { .now - started }

    /// The counts so far.
    public var tally: SandboxTally { state.withLock { $0.tally } }

    /// Every event so far, in order.
    public var events: [SandboxEvent] { state.withLock { $0.events } }

    /// Runbeam Cloud issued a token for `gatewayCode` valid until `expiresAt`.
    public func tokenIssued(gatewayCode: String, expiresAt: Date) {
        guard let member = members.first(where: { $0.gatewayCode == gatewayCode }) else { return }
        let expiresIn = expiresAt.timeIntervalSince(now())
        record { tally in .tokenIssued(gateway: member.name, issuance: tally.nextIssuance(of: member.name), expiresIn: expiresIn) }
    }

    /// The Secret of `member` was created or updated.
    public func secretWritten(_ member: SandboxExample.Member, created: Bool) {
        record { _ in .secretWritten(gateway: member.name, secret: member.secretName, created: created) }
    }

    /// The rollout counter of `member`'s Deployment reached `count`.
    public func rolledOut(_ member: SandboxExample.Member, count: Int) {
        record { _ in .rollout(gateway: member.name, deployment: member.deploymentName, count: count) }
    }

    private func record(_ make: (SandboxTally) -> SandboxEvent) {
        let elapsed = self.elapsed
        // Decide, count and print under the lock, so lines appear in the order they were counted.
        state.withLock { state in
            guard !state.closed else { return }
            let event = make(state.tally)
            state.tally.apply(event)
            state.events.append(event)
            state.lastLine = .now
            output(event.line(elapsed: elapsed, namespace: example.namespace, timeScale: timeScale, objectWidth: objectWidth))
        }
    }
}
