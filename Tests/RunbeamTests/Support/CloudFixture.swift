import Emulators
import Foundation
import HTTP
import Runbeam
import RunbeamCloud
import TestSupport
import Testing

/// A Runbeam Cloud emulator with two teams' credentials and a client with captured logs.
struct CloudFixture {
    let cloud: RunbeamCloudEmulator
    let blue: RunbeamCloudCredential
    let red: RunbeamCloudCredential
    let logs = LogCapture()

    static func start(tokenLifetime: Duration = .seconds(30 * 86_400), now: @escaping @Sendable () -> Date = { Date() }) async throws -> CloudFixture {
        let blue = RunbeamCloudCredential.sanctum(id: 7, team: "blue")
        let red = RunbeamCloudCredential.jwt(userID: 9, team: "red")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [blue, red], tokenLifetime: tokenLifetime, now: now))
        return CloudFixture(cloud: cloud, blue: blue, red: red)
    }

    func client(timeout: Duration = .seconds(10), maxResponseSize: Int = 1 << 20, apiBaseURL: String? = nil) throws -> RunbeamClient {
        RunbeamClient(
            apiBaseURL: try RunbeamAPIURL(apiBaseURL ?? cloud.apiBaseURL),
            userAgent: RunbeamUserAgent(version: "9.9.9-test"),
            timeout: timeout, maxResponseSize: maxResponseSize, logger: logs.logger
        )
    }

    func credential(_ emulated: RunbeamCloudCredential) throws -> RunbeamCredential {
        try RunbeamCredential(emulated.value)
    }

    /// Runs an authorize call that must fail and returns its error.
    func failure(
        gatewayCode: String = "blue-gateway", as emulated: RunbeamCloudCredential? = nil, client: RunbeamClient? = nil
    ) async throws -> RunbeamError {
        let client = try client ?? self.client()
        let credential = try credential(emulated ?? blue)
        do {
            let response = try await client.authorize(gatewayCode: gatewayCode, credential: credential)
            Issue.record("expected a failure, got a token for \(response.gateway.code)")
            return .cancelled
        } catch {
            return error
        }
    }

    /// Every text the client produced about `error`: descriptions, reflection and log lines.
    func texts(of error: RunbeamError) -> [String] {
        [error.description, String(describing: error), String(reflecting: error), "\(error)"] + logs.lines
    }
}

/// Secrets that must never appear in client output.
enum SecretScan {
    /// The credential, its Sanctum secret part, the given tokens, and anything shaped like `mt_…`.
    static func findings(in texts: [String], credentials: [String], tokens: [String]) -> [String] {
        var secrets = credentials + tokens
        for credential in credentials where credential.contains("|") {
            secrets.append(String(credential.split(separator: "|", maxSplits: 1)[1]))
        }
        var found: [String] = []
        for text in texts {
            for secret in secrets where text.contains(secret) { found.append("secret in: \(text.prefix(120))") }
            if text.range(of: #"mt_[A-Za-z0-9]{6,}"#, options: .regularExpression) != nil { found.append("token-shaped text in: \(text.prefix(120))") }
        }
        return found
    }
}
