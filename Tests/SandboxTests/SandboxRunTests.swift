import Emulators
import Foundation
import JSON
import Sandbox
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct SandboxRunTests {
    /// A Gateway applied while the sandbox runs (as with `--keep-running` and kubectl) shows in the stream.
    @Test func aGatewayAppliedWhileRunningIsFollowed() async throws {
        let lines = Lines()
        let sandbox = try await Sandbox.start(SandboxOptions(gateways: 1, timeScale: 864_000), output: lines.append)
        do {
            _ = try await sandbox.waitUntilRenewed(timeout: .seconds(30))
            try sandbox.cluster.kube.store.create([
                "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
                "metadata": ["name": "late", "namespace": "harmony"],
                "spec": ["cloud": ["credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]]],
            ])
            _ = await eventually(timeout: .seconds(20), every: .milliseconds(50)) { lines.text.contains("secret created  harmony/late-runbeam") }
        } catch {
            Issue.record("\(error)")
        }
        await sandbox.shutdown()
        let text = lines.text
        #expect(text.contains("gateway added   harmony/late  applied while running; following it too"), "\(text)")
        #expect(text.contains("token issued    harmony/late"), "\(text)")
        #expect(text.contains("secret created  harmony/late-runbeam"), "\(text)")
        #expect(sandbox.progress.tally.gateways["late"]?.issuances ?? 0 >= 1)
    }

    @Test func everyGatewayIsIssuedRenewedWrittenAndRolledOut() async throws {
        let lines = Lines()
        let sandbox = try await Sandbox.start(SandboxOptions(gateways: 2, timeScale: 864_000), output: lines.append)
        let cluster = sandbox.cluster
        let credential = try String(contentsOf: cluster.credentialFile, encoding: .utf8)
        let tally: SandboxTally
        do {
            tally = try await sandbox.waitUntilRenewed(timeout: .seconds(30))
        } catch {
            await sandbox.shutdown()
            Issue.record("\(error)")
            return
        }
        // Read what must never be printed before the shutdown removes it.
        let tokens = cluster.example.members.compactMap { member -> String? in
            let secret = cluster.kube.store.get(apiVersion: "v1", kind: "Secret", namespace: "harmony", name: member.secretName)
            return secret?[path: ["data", "machine-token"]]?.stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        let keys = cluster.example.members.compactMap { member -> String? in
            let secret = cluster.kube.store.get(apiVersion: "v1", kind: "Secret", namespace: "harmony", name: member.secretName)
            return secret?[path: ["data", "encryption-key"]]?.stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        let issued = cluster.cloud.tokensIssued
        await sandbox.shutdown()

        #expect(tally.isComplete)
        #expect(tally.issuances == 2)
        #expect(tally.renewals >= 2)
        #expect(tally.rollouts >= 2)
        #expect(issued["sandbox-gateway-1", default: 0] >= 2)
        #expect(issued["sandbox-gateway-2", default: 0] >= 2)
        let text = lines.text
        for gateway in ["gateway-1", "gateway-2"] {
            #expect(text.contains("token issued    harmony/\(gateway)          first issuance"))
            #expect(text.contains("token renewed   harmony/\(gateway)          renewal 1"))
            #expect(text.contains("secret created  harmony/\(gateway)-runbeam  for"))
            #expect(text.contains("secret updated  harmony/\(gateway)-runbeam  for"))
            #expect(text.contains("rollout         harmony/harmony-\(gateway)  for"))
        }
        #expect(tokens.count == 2)
        #expect(keys.count == 2)
        for secret in tokens + keys + [credential] where !secret.isEmpty {
            #expect(!text.contains(secret))
        }
        #expect(!FileManager.default.fileExists(atPath: cluster.folder.path))
    }

    @Test func withoutTheControllerNothingHappensAndTheWaitTimesOutWithTheStatus() async throws {
        let lines = Lines()
        // 30-second tokens: long enough that a loaded machine still observes the issuance before expiry.
        let sandbox = try await Sandbox.start(SandboxOptions(gateways: 1, timeScale: 86_400, runsController: false), output: lines.append)
        await #expect(throws: SandboxError.timedOut("gateway-1: no status yet")) {
            try await sandbox.waitUntilRenewed(timeout: .milliseconds(300))
        }
        #expect(lines.all.isEmpty)
        #expect(sandbox.cluster.cloud.requestLog.all.isEmpty)
        await sandbox.shutdown()
    }

    @Test func withoutTheControllerTheWorkOfAnOutsideOperatorIsReported() async throws {
        let lines = Lines()
        // 30-second tokens: long enough that a loaded machine still observes the issuance before expiry.
        let sandbox = try await Sandbox.start(SandboxOptions(gateways: 1, timeScale: 86_400, runsController: false), output: lines.append)
        let cluster = sandbox.cluster
        // What `runbeam-operator run` would do: authorize, write the Secret, patch the Deployment's template.
        let credential = try String(contentsOf: cluster.credentialFile, encoding: .utf8)
        var request = URLRequest(url: try #require(URL(string: cluster.cloud.apiBaseURL + "/harmony/authorize")))
        request.httpMethod = "POST"
        request.setValue("Bearer \(credential)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: JSONValue = ["token": .string(credential), "gateway_code": "sandbox-gateway-1"]
        request.httpBody = Data(body.serialized())
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
        _ = try cluster.kube.store.create([
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "gateway-1-runbeam", "namespace": "harmony"], "stringData": ["machine-token": "fake"],
        ])
        let events = await eventually { sandbox.progress.events.count >= 2 }
        #expect(events)
        let observed = sandbox.progress.events
        guard case .tokenIssued("gateway-1", 1, let expiresIn) = observed.first else {
            Issue.record("expected the first issuance first, got \(observed)")
            return await sandbox.shutdown()
        }
        #expect(expiresIn > 0 && expiresIn <= 30)
        #expect(observed[1] == .secretWritten(gateway: "gateway-1", secret: "gateway-1-runbeam", created: true))
        #expect(!lines.text.contains(credential))
        await sandbox.shutdown()
    }

    @Test func stopEndsTheWaits() async throws {
        let sandbox = try await Sandbox.start(SandboxOptions(gateways: 1, runsController: false), output: { _ in })
        Task {
            try? await Task.sleep(for: .milliseconds(100))
            sandbox.stop()
        }
        await #expect(throws: SandboxError.interrupted) {
            try await sandbox.waitUntilRenewed(timeout: .seconds(30))
        }
        await sandbox.waitUntilStopped()
        await sandbox.shutdown()
    }

    @Test func invalidOptionsStartNothing() async {
        await #expect(throws: SandboxError.invalidOption("--gateways must be between 1 and 50, found 0")) {
            _ = try await Sandbox.start(SandboxOptions(gateways: 0), output: { _ in })
        }
    }
}
