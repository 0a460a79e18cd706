import Emulators
import Foundation
import GatewayCore
import Operator
import Runbeam
import TestSupport
import Testing

@Suite struct RunbeamTokenIssuerTests {
    /// A cloud with one team's credential and an issuer talking to it.
    struct Fixture {
        let cloud: RunbeamCloudEmulator
        let credential: RunbeamCloudCredential
        let issuer: RunbeamTokenIssuer

        static func start(lifetime: Duration = .seconds(30 * 86_400)) async throws -> Fixture {
            let credential = RunbeamCloudCredential.sanctum(id: 4, team: "blue")
            let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential], tokenLifetime: lifetime))
            let issuer = RunbeamTokenIssuer(userAgent: RunbeamUserAgent(version: "0.0.0-test"), timeout: .seconds(10), logger: quietLogger)
            return Fixture(cloud: cloud, credential: credential, issuer: issuer)
        }

        func issue(_ code: String = "blue-gateway", apiURL: String? = nil, credential: String? = nil) async throws(TokenIssueError) -> IssuedToken {
            try await issuer.issue(gatewayCode: code, apiURL: apiURL ?? cloud.apiBaseURL, credential: Credential(credential ?? self.credential.value))
        }

        func failure(_ code: String = "blue-gateway", apiURL: String? = nil, credential: String? = nil) async -> TokenIssueError? {
            do {
                let token = try await issue(code, apiURL: apiURL, credential: credential)
                Issue.record("expected a failure, got \(token)")
                return nil
            } catch {
                return error
            }
        }

        func stop() async {
            issuer.shutdown()
            await cloud.shutdown()
        }
    }

    @Test func issuesATokenAndReusesOneClientPerAPIURL() async throws {
        let fixture = try await Fixture.start(lifetime: .seconds(3600))
        let before = Date()
        let token = try await fixture.issue()
        let after = Date()
        #expect(token.machineToken.hasPrefix("mt_"))
        #expect(fixture.cloud.isValid(machineToken: token.machineToken))
        #expect(token.gatewayCode == "blue-gateway")
        #expect(token.gatewayID == fixture.cloud.gateway(code: "blue-gateway")?.id)
        // Issued between `before` and `after` (however slow the machine), for an hour; expiry has whole seconds.
        #expect(token.expiresAt >= before.addingTimeInterval(3599) && token.expiresAt <= after.addingTimeInterval(3601))
        #expect(!token.description.contains(token.machineToken))

        _ = try await fixture.issue("other-gateway")
        #expect(fixture.issuer.clientCount == 1)
        let loopbackName = fixture.cloud.apiBaseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        _ = try await fixture.issue(apiURL: loopbackName + "/")
        #expect(fixture.issuer.clientCount == 2)
        #expect(fixture.cloud.requestLog.all.allSatisfy { $0.userAgent == "runbeam-operator/0.0.0-test" })
        await fixture.stop()
    }

    @Test func anUnknownCredentialIsUnauthorized() async throws {
        let fixture = try await Fixture.start()
        let stranger = RunbeamCloudCredential.sanctum(id: 5, team: "blue").value
        let error = try #require(await fixture.failure(credential: stranger))
        guard case .unauthorized = error else { Issue.record("expected unauthorized, got \(error)"); await fixture.stop(); return }
        #expect(error.isCredentialRejection)
        #expect(!error.description.contains(stranger))
        #expect(!error.description.contains(String(stranger.split(separator: "|")[1])))
        await fixture.stop()
    }

    @Test func aGatewayOfAnotherTeamIsForbidden() async throws {
        let fixture = try await Fixture.start()
        fixture.cloud.createGateway(code: "red-owned", team: "red")
        let error = try #require(await fixture.failure("red-owned"))
        #expect(error == .forbidden(message: "This gateway belongs to a different team"))
        #expect(error.isCredentialRejection)
        await fixture.stop()
    }

    @Test func rateLimitsKeepRetryAfter() async throws {
        let fixture = try await Fixture.start()
        fixture.cloud.faults.inject(.rateLimited(retryAfterSeconds: 7))
        let limited = try #require(await fixture.failure())
        #expect(limited == .rateLimited(retryAfter: 7))
        #expect(limited.retryAfter == 7)
        #expect(!limited.isCredentialRejection)

        fixture.cloud.faults.inject(.serviceUnavailable(retryAfterSeconds: 3))
        #expect(await fixture.failure() == .rateLimited(retryAfter: 3))
        fixture.cloud.faults.inject(.internalError)
        guard case .unavailable = try #require(await fixture.failure()) else { Issue.record("expected unavailable"); await fixture.stop(); return }
        _ = try await fixture.issue()
        await fixture.stop()
    }

    @Test func malformedAnswersAndBadRequestsMapToTheirCases() async throws {
        let fixture = try await Fixture.start()
        fixture.cloud.faults.inject(.malformedJSON)
        guard case .malformed = try #require(await fixture.failure()) else { Issue.record("expected malformed"); await fixture.stop(); return }
        fixture.cloud.faults.inject(.validationFailed)
        guard case .invalid(let message) = try #require(await fixture.failure()) else { Issue.record("expected invalid"); await fixture.stop(); return }
        #expect(message.contains("gateway_code"))
        guard case .invalid = try #require(await fixture.failure(apiURL: "http://runbeam.example.test/api")) else {
            Issue.record("expected an insecure URL to be refused"); await fixture.stop(); return
        }
        guard case .invalid = try #require(await fixture.failure(credential: "  ")) else {
            Issue.record("expected an empty credential to be refused"); await fixture.stop(); return
        }
        #expect(fixture.cloud.requestLog.all.count == 2)
        await fixture.stop()
    }
}
