import Basics
import Foundation
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct ExecCredentialsTests {
    final class ManualClock: Sendable {
        let date = Locked(Date(timeIntervalSince1970: 1_800_000_000))
        func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { date.withLock { $0 } }
    }

    /// Writes a plugin script. The tests run it through `/bin/sh` rather than executing the file: a file just
    /// written can be "busy" (ETXTBSY) for exec while another test's fork still holds its write descriptor.
    func plugin(in folder: TemporaryFolder, apiVersion: String, expiry: String) throws -> String {
        try folder.write("plugin.sh", """
            #!/bin/sh
            echo run >> "\(folder.path("runs"))"
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"1|test-credential","expirationTimestamp":"\(expiry)"}}'
            """, executable: true)
    }

    func runs(_ folder: TemporaryFolder) throws -> Int {
        try String(contentsOfFile: folder.path("runs"), encoding: .utf8).split(whereSeparator: \.isNewline).count
    }

    @Test(arguments: ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
    func tokenIsCachedUntilItsExpirationTimestamp(apiVersion: String) async throws {
        let folder = try TemporaryFolder()
        let clock = ManualClock()
        let path = try plugin(in: folder, apiVersion: apiVersion, expiry: RFC3339.seconds(clock.now.addingTimeInterval(600)))
        let credentials = ExecCredentials(command: .init(apiVersion: apiVersion, command: "/bin/sh", arguments: [path]), now: { clock.now })
        #expect(try await credentials.authorization() == "Bearer 1|test-credential")
        clock.advance(599)
        _ = try await credentials.authorization()
        #expect(try runs(folder) == 1)
        clock.advance(2)
        _ = try await credentials.authorization()
        #expect(try runs(folder) == 2)
        await credentials.invalidate()
        _ = try await credentials.authorization()
        #expect(try runs(folder) == 3)
    }

    @Test func concurrentRequestsShareOnePluginRun() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("slow.sh", """
            #!/bin/sh
            echo run >> "\(folder.path("runs"))"
            sleep 0.3
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"shared"}}'
            """, executable: true)
        let credentials = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [path]))
        let answers = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try await credentials.authorization() } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: "Bearer shared", count: 8))
        #expect(try runs(folder) == 1)
        #expect(await credentials.runs == 1)
    }

    @Test func failuresNameThePluginAndNeverTheToken() async throws {
        let folder = try TemporaryFolder()
        let wrongVersion = try plugin(in: folder, apiVersion: "client.authentication.k8s.io/v1beta1", expiry: "2030-01-01T00:00:00Z")
        let mismatch = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [wrongVersion]))
        let error = await #expect(throws: KubernetesConfigurationError.self) { _ = try await mismatch.authorization() }
        #expect(error?.description.contains("v1beta1") == true, "\(String(describing: error))")
        #expect(error?.description.contains("test-credential") == false)

        let failing = try folder.write("fail.sh", "#!/bin/sh\necho 'login required' >&2\nexit 4\n", executable: true)
        let broken = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [failing], installHint: "install the login helper"))
        let failure = await #expect(throws: KubernetesConfigurationError.self) { _ = try await broken.authorization() }
        #expect(failure?.description.contains("status 4") == true)
        #expect(failure?.description.contains("install the login helper") == true)
    }

    @Test func aMissingHangingOrFloodingPluginFailsWithAClearMessage() async throws {
        let folder = try TemporaryFolder()
        let missing = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "no-such-login-helper", installHint: "install the login helper"))
        let notFound = await #expect(throws: KubernetesConfigurationError.self) { _ = try await missing.authorization() }
        #expect(notFound?.description.contains("cannot run exec credential plugin no-such-login-helper: No such file or directory; install the login helper") == true,
                "\(String(describing: notFound))")

        let hanging = try folder.write("hang.sh", "#!/bin/sh\nexec sleep 60\n", executable: true)
        let slow = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [hanging]), timeout: .milliseconds(300))
        let timedOut = await #expect(throws: KubernetesConfigurationError.self) { _ = try await slow.authorization() }
        #expect(timedOut?.description.contains("did not finish within 0.3 seconds; it was stopped") == true, "\(String(describing: timedOut))")

        let flooding = try folder.write("flood.sh", "#!/bin/sh\nhead -c 3000000 /dev/zero\n", executable: true)
        let loud = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [flooding]))
        let flooded = await #expect(throws: KubernetesConfigurationError.self) { _ = try await loud.authorization() }
        #expect(flooded?.description.contains("printed more than 1 MiB") == true, "\(String(describing: flooded))")
    }

    @Test func aRelativeCommandIsLookedForBesideTheKubeconfig() async throws {
        let folder = try TemporaryFolder()
        let relative = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "./bin/nothing-here", workingDirectory: folder.path("")))
        let error = await #expect(throws: KubernetesConfigurationError.self) { _ = try await relative.authorization() }
        #expect(error?.description.contains("./bin/nothing-here: No such file or directory") == true, "\(String(describing: error))")
        // The same name in the current directory is not what runs: the kubeconfig's folder is.
        let elsewhere = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "./sh", workingDirectory: "/bin"))
        let shell = await #expect(throws: KubernetesConfigurationError.self) { _ = try await elsewhere.authorization() }
        #expect(shell?.description.contains("did not print an ExecCredential") == true, "\(String(describing: shell))")
    }
}
