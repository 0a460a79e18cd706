import Emulators
import Foundation
import HTTP
import Runbeam
import Testing

@Suite struct RunbeamClientTests {
    @Test func authorizeIssuesATokenAndCreatesTheGateway() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let fixture = try await CloudFixture.start(now: { start })
        defer { Task { await fixture.cloud.shutdown() } }
        let client = try fixture.client()
        let first = try await client.authorize(gatewayCode: "prod-gateway", credential: try fixture.credential(fixture.blue))
        #expect(first.machineToken.secretValue.hasPrefix("mt_"))
        #expect(first.machineToken.secretValue.count == 43)
        #expect(first.expiresIn == 2_592_000)
        #expect(first.expiresAt == start.addingTimeInterval(2_592_000))
        #expect(first.gateway.code == "prod-gateway")
        #expect(first.gateway.name == "Prod gateway")
        #expect(UUID(uuidString: first.gateway.id) != nil)
        #expect(first.gateway.authorizedBy?.id == "7")
        #expect(first.abilities == [])
        #expect(fixture.cloud.isValid(machineToken: first.machineToken.secretValue))

        let second = try await client.authorize(gatewayCode: "prod-gateway", credential: try fixture.credential(fixture.blue))
        #expect(second.gateway.id == first.gateway.id)
        #expect(second.machineToken != first.machineToken)
        #expect(fixture.cloud.tokensIssued(gatewayCode: "prod-gateway") == 2)
        let log = fixture.cloud.requestLog.all
        #expect(log.map(\.statusCode) == [201, 200])
        #expect(log.allSatisfy { $0.userAgent == "runbeam-operator/9.9.9-test" && $0.gatewayCode == "prod-gateway" })
        #expect(fixture.logs.lines.contains { $0.contains("machine token issued") && $0.contains(first.gateway.id) })
        let secrets = SecretScan.findings(in: fixture.logs.lines, credentials: [fixture.blue.value], tokens: [first.machineToken.secretValue, second.machineToken.secretValue])
        #expect(secrets.isEmpty, "\(secrets)")
    }

    @Test func aJWTCredentialIsAcceptedAndSendsTheOptionalFields() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let credential = try fixture.credential(fixture.red)
        #expect(credential.kind == .jwt)
        let response = try await fixture.client().authorize(
            gatewayCode: "red-gateway", credential: credential, machinePublicKey: "age1example", metadata: ["cluster=test"]
        )
        #expect(response.gateway.code == "red-gateway")
        #expect(fixture.cloud.gateway(code: "red-gateway")?.team == "red")
    }

    @Test func unknownCredentialIsUnauthorized() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let stranger = RunbeamCloudCredential.sanctum(id: 3, team: "blue")
        let error = try await fixture.failure(as: stranger)
        #expect(error == .unauthorized)
        #expect(error.isCredentialRejected && !error.isRetryable)
        #expect(SecretScan.findings(in: fixture.texts(of: error), credentials: [stranger.value], tokens: []).isEmpty)
    }

    @Test func aGatewayOfAnotherTeamIsForbidden() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.createGateway(code: "red-owned", team: "red")
        let error = try await fixture.failure(gatewayCode: "red-owned")
        #expect(error == .forbidden(message: "This gateway belongs to a different team"))
        #expect(error.description.contains("different team"))
        #expect(fixture.cloud.tokensIssued(gatewayCode: "red-owned") == 0)
    }

    @Test func aForbiddenMessageEchoingSecretsIsScrubbed() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let echoed = "credential \(fixture.blue.value) may not use \("mt_" + String(repeating: "q", count: 40))"
        fixture.cloud.faults.inject(.forbidden(message: echoed))
        let error = try await fixture.failure()
        guard case .forbidden(let message) = error else { Issue.record("expected forbidden, got \(error)"); return }
        #expect(message.contains("[redacted]"))
        #expect(SecretScan.findings(in: fixture.texts(of: error), credentials: [fixture.blue.value], tokens: []).isEmpty)
    }

    @Test func validationErrorsCarryTheFieldMessages() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let error = try await fixture.failure(gatewayCode: "not a valid code!")
        #expect(error == .invalid(fieldErrors: ["gateway_code": ["The gateway code field format is invalid."]]))
        #expect(error.description.contains("gateway_code"))
    }

    @Test func rateLimitingSurfacesRetryAfter() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.rateLimited(retryAfterSeconds: 7), count: 2)
        let first = try await fixture.failure()
        #expect(first == .rateLimited(retryAfter: .seconds(7)))
        #expect(first.retryAfter == .seconds(7))
        #expect(first.isRetryable)
        #expect(try await fixture.failure() == .rateLimited(retryAfter: .seconds(7)))
        _ = try await fixture.client().authorize(gatewayCode: "blue-gateway", credential: try fixture.credential(fixture.blue))
    }

    @Test func serverErrorsAreUnavailable() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.internalError)
        fixture.cloud.faults.inject(.serviceUnavailable(retryAfterSeconds: 12))
        let serverError = try await fixture.failure()
        guard case .unavailable(let reason, nil) = serverError else { Issue.record("got \(serverError)"); return }
        #expect(reason.contains("500"))
        let unavailable = try await fixture.failure()
        #expect(unavailable.retryAfter == .seconds(12))
        #expect(unavailable.isRetryable)
    }

    @Test func aSlowServerTimesOut() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.delay(.seconds(4)))
        let error = try await fixture.failure(client: try fixture.client(timeout: .seconds(1)))
        guard case .unavailable(let reason, _) = error else { Issue.record("got \(error)"); return }
        #expect(reason.contains("timed out"))
    }

    @Test func aShortDelayStillSucceeds() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.delay(.milliseconds(200)))
        let response = try await fixture.client().authorize(gatewayCode: "slow", credential: try fixture.credential(fixture.blue))
        #expect(response.gateway.code == "slow")
        #expect(fixture.cloud.requestLog.all.first?.fault == "delay")
    }

    @Test func aRefusedConnectionIsUnavailable() async throws {
        let fixture = try await CloudFixture.start()
        let url = fixture.cloud.apiBaseURL
        await fixture.cloud.shutdown()
        let error = try await fixture.failure(client: try fixture.client(apiBaseURL: url))
        guard case .unavailable = error else { Issue.record("got \(error)"); return }
        #expect(error.isRetryable)
    }

    @Test(arguments: [
        (RunbeamCloudFault.malformedJSON, "not valid JSON"),
        (RunbeamCloudFault.wrongFieldTypes, "machine_token"),
        (RunbeamCloudFault.unparseableExpiresAt, "expires_at"),
    ])
    func malformedBodiesAreRejected(fault: RunbeamCloudFault, reasonMentions: String) async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(fault)
        let error = try await fixture.failure()
        guard case .malformedResponse(let reason) = error else { Issue.record("got \(error)"); return }
        #expect(reason.contains(reasonMentions))
        let findings = SecretScan.findings(in: fixture.texts(of: error), credentials: [fixture.blue.value], tokens: [])
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aTruncatedBodyIsARetryableFailure() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.truncatedBody)
        let error = try await fixture.failure()
        #expect(error.isRetryable)
        #expect(SecretScan.findings(in: fixture.texts(of: error), credentials: [fixture.blue.value], tokens: []).isEmpty)
    }

    @Test func aTwoMebibyteBodyIsRefused() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.hugeBody(bytes: 2 << 20))
        let error = try await fixture.failure()
        #expect(error == .responseTooLarge(limit: 1 << 20))
        #expect(!error.isRetryable)
    }

    @Test func aWrongBaseURLIsAnUnexpectedStatus() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let error = try await fixture.failure(client: try fixture.client(apiBaseURL: fixture.cloud.baseURL))
        #expect(error == .unexpectedStatus(code: 404, message: "Not Found"))
        #expect(error.description.contains("/api"))
    }

    @Test func faultsCanTargetOneGatewayCode() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        fixture.cloud.faults.inject(.unauthorized, count: 1, gatewayCode: "target")
        let client = try fixture.client()
        let credential = try fixture.credential(fixture.blue)
        _ = try await client.authorize(gatewayCode: "bystander", credential: credential)
        #expect(try await fixture.failure(gatewayCode: "target") == .unauthorized)
        _ = try await client.authorize(gatewayCode: "target", credential: credential)
        #expect(fixture.cloud.faults.pending == 0)
    }

    /// Acceptance 4: every error path's descriptions and logs are free of the credential and tokens.
    @Test func noErrorPathRevealsTheCredentialOrAToken() async throws {
        let fixture = try await CloudFixture.start()
        defer { Task { await fixture.cloud.shutdown() } }
        let issued = try await fixture.client().authorize(gatewayCode: "blue-gateway", credential: try fixture.credential(fixture.blue))
        let faults: [RunbeamCloudFault] = [
            .unauthorized, .forbidden(message: "nope \(fixture.blue.value) \(issued.machineToken.secretValue)"), .validationFailed,
            .rateLimited(retryAfterSeconds: 3), .internalError, .serviceUnavailable(retryAfterSeconds: 2), .malformedJSON,
            .truncatedBody, .wrongFieldTypes, .unparseableExpiresAt, .hugeBody(bytes: 2 << 20),
        ]
        var texts: [String] = []
        for fault in faults {
            fixture.cloud.faults.inject(fault)
            texts += fixture.texts(of: try await fixture.failure())
        }
        let stranger = RunbeamCloudCredential.sanctum(id: 99)
        texts += fixture.texts(of: try await fixture.failure(as: stranger))
        fixture.cloud.createGateway(code: "red-owned", team: "red")
        texts += fixture.texts(of: try await fixture.failure(gatewayCode: "red-owned"))
        #expect(texts.count > 20)
        let findings = SecretScan.findings(in: texts, credentials: [fixture.blue.value, stranger.value], tokens: [issued.machineToken.secretValue])
        #expect(findings.isEmpty, "\(findings)")
    }
}
