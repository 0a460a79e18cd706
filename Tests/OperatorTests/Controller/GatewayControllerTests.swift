import Age
import Basics
import Emulators
import Foundation
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes
import Logging
import Operator
import Runbeam
import TestSupport
import Testing

@Suite struct GatewayControllerTests {
    static let namespace = ClusterFixture.namespace
    static let names = ["alpha", "bravo", "charlie"]

    /// What one Gateway's Secret held at one moment.
    struct Issued {
        var token: String
        var issuedAt: Date
        var expiresAt: Date
        var identity: AgeIdentity
    }

    @Test(.timeLimit(.minutes(2)))
    func threeGatewaysBecomeReadyRenewBeforeExpiryAndRollOncePerToken() async throws {
        let credential = RunbeamCloudCredential.sanctum(id: 11, team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential], tokenLifetime: .seconds(20)))
        let cluster = try await ClusterFixture.start()
        try cluster.createCredentials(credential.value)
        for name in Self.names {
            try cluster.createDeployment("harmony-\(name)", secret: "\(name)-runbeam")
            try cluster.createGateway(name, apiURL: cloud.apiBaseURL, target: "harmony-\(name)")
        }
        // The clock reads whole seconds: let the Deployments' creation second pass, so the first token is newer.
        try await Task.sleep(for: .milliseconds(1100))
        let logs = LogCapture()
        let logger = Logger(label: "controller-test") { _ in CapturingLogHandler(capture: logs) }
        let issuer = RunbeamTokenIssuer(userAgent: RunbeamUserAgent(version: "0.0.0-test"), timeout: .seconds(10), logger: logger)
        let recorder = EventRecorder(client: cluster.client, controller: "runbeam.io/operator", instance: "test", logger: logger)
        var configuration = OperatorConfiguration()
        configuration.workers = 2
        let controller = GatewayController(
            client: cluster.client, configuration: configuration, issuer: issuer, events: recorder, clock: SystemClock(), logger: logger)
        let finished = LockedFlag()
        let run = Task {
            await controller.run()
            finished.set()
        }

        // Three Gateways become Ready with valid Secrets.
        var first: [String: Issued] = [:]
        let ready = await eventually(timeout: .seconds(30)) {
            for name in Self.names {
                guard let gateway = try? await cluster.client.get(.gateway, namespace: Self.namespace, name: name),
                    GatewayResource.status(of: gateway).condition(.ready)?.isTrue == true,
                    GatewayResource.status(of: gateway).condition(.rolloutComplete)?.isTrue == true
                else { return false }
            }
            return true
        }
        #expect(ready)
        #expect(controller.hasSynced)
        for name in Self.names {
            let issued = try await Self.read(name, cluster: cluster)
            first[name] = issued
            let status = GatewayResource.status(of: try await cluster.client.get(.gateway, namespace: Self.namespace, name: name))
            #expect(status.recipient == issued.identity.recipient.description)
            #expect(status.secretName == "\(name)-runbeam")
            #expect(cloud.isValid(machineToken: issued.token))
            #expect(status.renewalTime.map { $0.date < issued.expiresAt } == true)
        }

        // Steady state: no request (not even a read) while every token is valid and every rollout is done.
        cluster.emulator.requestLog.clear()
        try await Task.sleep(for: .seconds(1))
        let requests = cluster.emulator.requestLog.all.filter { $0.verb != "watch" }
        #expect(requests.isEmpty, "\(requests.map { "\($0.method) \($0.path)" })")

        // Each token is renewed before it expires; each target rolls once per token.
        var renewed: [String: Issued] = [:]
        let allRenewed = try await eventually(timeout: .seconds(30)) {
            for name in Self.names where renewed[name] == nil {
                if let now = try? await Self.read(name, cluster: cluster), now.token != first[name]?.token { renewed[name] = now }
            }
            guard renewed.count == Self.names.count else { return false }
            for name in Self.names {
                let gateway = try await cluster.client.get(.gateway, namespace: Self.namespace, name: name)
                guard GatewayResource.status(of: gateway).condition(.rolloutComplete)?.isTrue == true else { return false }
            }
            return true
        }
        #expect(allRenewed)
        run.cancel()
        #expect(await eventually(timeout: .seconds(30)) { finished.isSet })

        for name in Self.names {
            guard let before = first[name], let after = renewed[name] else { continue }
            #expect(after.issuedAt < before.expiresAt, "\(name) renewed at \(after.issuedAt), after the old token expired at \(before.expiresAt)")
            #expect(after.identity.recipient == before.identity.recipient, "the key is kept across renewals")
            let tokens = cloud.tokensIssued(gatewayCode: "\(name)-gateway")
            #expect(tokens == 2)
            #expect(cluster.emulator.rolloutCount(namespace: Self.namespace, name: "harmony-\(name)") == tokens)
        }

        // No token, credential or key in Events, status or logs.
        let secrets =
            [credential.value, String(credential.value.split(separator: "|")[1])]
            + (Array(first.values) + Array(renewed.values)).flatMap { [$0.token, $0.identity.description, $0.identity.harmonyValue(.base64)] }
        var texts = try await cluster.events().compactMap(\.note) + logs.lines
        for name in Self.names {
            texts.append(try await cluster.client.get(.gateway, namespace: Self.namespace, name: name)["status"]?.jsonString ?? "")
        }
        #expect(texts.count > Self.names.count)
        for text in texts {
            #expect(!secrets.contains { text.contains($0) }, "a secret leaked into: \(text)")
        }
        let reasons = Set(try await cluster.events().compactMap(\.reason))
        #expect(reasons.isSuperset(of: ["TokenIssued", "TokenRenewed"]))
        #expect(try await cluster.events().contains { $0.reason == "TokenRenewed" && $0.note?.contains("; restarting Deployment") == true })

        issuer.shutdown()
        await cluster.stop()
        await cloud.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func missingCredentialsAreReportedWithoutCallingRunbeam() async throws {
        let cluster = try await ClusterFixture.start()
        try cluster.createGateway("lonely", apiURL: "https://api.runbeam.cloud/api")
        let issuer = FakeTokenIssuer(now: Date())
        let controller = GatewayController(
            client: cluster.client, configuration: OperatorConfiguration(), issuer: issuer, events: nil, clock: SystemClock(), logger: quietLogger)
        let run = Task { await controller.run() }
        let reported = try await eventually {
            let gateway = try await cluster.client.get(.gateway, namespace: Self.namespace, name: "lonely")
            return GatewayResource.status(of: gateway).condition(.ready)?.reason == "CredentialsMissing"
        }
        #expect(reported)
        #expect(issuer.calls.isEmpty)
        #expect(try await cluster.client.list(Secret.self, namespace: Self.namespace).items.isEmpty)
        run.cancel()
        await run.value
        await cluster.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func onlyTheLeaderReconcilesAndWinningTheLeaseStartsTheWork() async throws {
        let cluster = try await ClusterFixture.start()
        try cluster.createCredentials("1|test-credential")
        try cluster.createGateway("follower", apiURL: "https://api.runbeam.cloud/api")
        let issuer = FakeTokenIssuer(now: Date())
        var configuration = OperatorConfiguration()
        configuration.watchNamespaces = [Self.namespace]
        let controller = GatewayController(
            client: cluster.client, configuration: configuration, issuer: issuer, events: nil, clock: SystemClock(), leading: false, logger: quietLogger)
        let run = Task { await controller.run() }
        #expect(await eventually { controller.hasSynced })
        try await Task.sleep(for: .milliseconds(500))
        #expect(issuer.calls.isEmpty)
        #expect(cluster.writes().isEmpty)

        controller.startLeading()
        let ready = try await eventually {
            let gateway = try await cluster.client.get(.gateway, namespace: Self.namespace, name: "follower")
            return GatewayResource.status(of: gateway).condition(.ready)?.isTrue == true
        }
        #expect(ready)
        #expect(issuer.calls == ["follower-gateway"])
        run.cancel()
        await run.value
        await cluster.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func losingTheLeaseCancelsInFlightReconcilesAndWinningItAgainResumes() async throws {
        let cluster = try await ClusterFixture.start()
        try cluster.createCredentials("1|test-credential")
        try cluster.createGateway("slow", apiURL: "https://api.runbeam.cloud/api")
        let issuer = GatedTokenIssuer(base: FakeTokenIssuer(now: Date()))
        var configuration = OperatorConfiguration()
        configuration.watchNamespaces = [Self.namespace]
        let controller = GatewayController(
            client: cluster.client, configuration: configuration, issuer: issuer, events: nil, clock: SystemClock(), logger: quietLogger)
        let run = Task { await controller.run() }
        // The reconcile of "slow" waits in its token request.
        #expect(await eventually { issuer.waiting == 1 })

        // Losing the Lease ends the term: the request is cancelled, nothing is written, no token is issued.
        await controller.stopLeading()?.value
        #expect(!controller.isLeading)
        #expect(issuer.waiting == 0)
        #expect(issuer.base.calls.isEmpty)
        #expect(cluster.writes().isEmpty, "a cancelled reconcile writes no failure into status")

        // While standing by, changes are watched but not reconciled.
        issuer.open()
        try cluster.createGateway("later", apiURL: "https://api.runbeam.cloud/api")
        try await Task.sleep(for: .milliseconds(500))
        #expect(issuer.base.calls.isEmpty)
        #expect(cluster.writes().isEmpty)

        // Winning it again reconciles both, each once.
        controller.startLeading()
        let ready = try await eventually {
            var ready = 0
            for name in ["slow", "later"] {
                let gateway = try await cluster.client.get(.gateway, namespace: Self.namespace, name: name)
                if GatewayResource.status(of: gateway).condition(.ready)?.isTrue == true { ready += 1 }
            }
            return ready == 2
        }
        #expect(ready)
        #expect(issuer.base.calls.sorted() == ["later-gateway", "slow-gateway"])
        run.cancel()
        await run.value
        await cluster.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func aLostSecretRaceIsRetriedOnFreshObjects() async throws {
        let cluster = try await ClusterFixture.start()
        try cluster.createCredentials("1|test-credential")
        try cluster.createGateway("racy", apiURL: "https://api.runbeam.cloud/api")
        cluster.emulator.faults.failNext(1, matching: .init(verb: "create", pathContains: "/secrets"), with: .conflict)
        let issuer = FakeTokenIssuer(now: Date())
        let controller = GatewayController(
            client: cluster.client, configuration: OperatorConfiguration(), issuer: issuer, events: nil, clock: SystemClock(), logger: quietLogger)
        let run = Task { await controller.run() }
        let ready = try await eventually {
            let gateway = try await cluster.client.get(.gateway, namespace: Self.namespace, name: "racy")
            return GatewayResource.status(of: gateway).condition(.ready)?.isTrue == true
        }
        #expect(ready)
        let secret = try await cluster.client.get(Secret.self, namespace: Self.namespace, name: "racy-runbeam")
        let payload = try JSONValue(parsing: try #require(secret.data["machine-token"]))
        #expect(issuer.calls.count == 1, "the token of the lost race is written on the retry, not thrown away")
        #expect(payload["machine_token"]?.stringValue == issuer.tokens.last)
        #expect(cluster.writes(to: "/secrets").map(\.statusCode) == [409, 201])
        run.cancel()
        await run.value
        await cluster.stop()
    }

    /// The token, times and key in Gateway `name`'s Secret.
    static func read(_ name: String, cluster: ClusterFixture) async throws -> Issued {
        let secret = try await cluster.client.get(Secret.self, namespace: namespace, name: "\(name)-runbeam")
        let payload = try JSONValue(parsing: try #require(secret.data["machine-token"]))
        #expect(payload.objectValue?.count == 6)
        let identity = try AgeIdentity(harmonyValue: String(decoding: try #require(secret.data["encryption-key"]), as: UTF8.self))
        return Issued(
            token: try #require(payload["machine_token"]?.stringValue),
            issuedAt: try #require(payload["issued_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:))?.date),
            expiresAt: try #require(payload["expires_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:))?.date), identity: identity)
    }
}

/// An issuer whose requests wait until ``open()`` (and end when their task is cancelled, as a real request
/// does), then ask `base`.
final class GatedTokenIssuer: TokenIssuer, @unchecked Sendable {
    let base: FakeTokenIssuer
    private let lock = NSLock()
    private var isOpen = false
    private var _waiting = 0

    init(base: FakeTokenIssuer) { self.base = base }

    /// Requests waiting at the gate.
    var waiting: Int { lock.withLock { _waiting } }

    func open() { lock.withLock { isOpen = true } }

    func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        lock.withLock { _waiting += 1 }
        defer { lock.withLock { _waiting -= 1 } }
        while !lock.withLock({ isOpen }) {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                throw .unavailable(message: "cancelled")
            }
        }
        return try await base.issue(gatewayCode: gatewayCode, apiURL: apiURL, credential: credential)
    }
}

/// A flag set once from any task.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
