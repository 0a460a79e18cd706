import ChildProcess
import Foundation
import TestSupport
import Testing

@Suite struct EmulatorCommandTests {
    @Test func servesUntilSIGTERMAndWritesAKubeconfig() async throws {
        let folder = try TemporaryFolder(prefix: "emulator").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let kubeconfig = folder.appendingPathComponent("kubeconfig")
        let process = try ChildProcess(ChildCommand(
            executable: CommandRunner.binary.path,
            arguments: ["emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig.path, "--token", "t0ken", "--no-tls"],
            environment: ProcessInfo.processInfo.environment, error: .discard
        ))
        let text = await process.outputLines(1, within: .seconds(20))
        #expect(text.contains("listening on http://127.0.0.1:"))
        let config = try String(contentsOf: kubeconfig, encoding: .utf8)
        #expect(config.contains("server: http://127.0.0.1:"))
        #expect(config.contains("token: \"t0ken\""))
        #expect(!config.contains("certificate-authority-data"))
        process.terminate()
        #expect(await process.wait(timeout: .seconds(30)) == .exited(0))
    }

    @Test func servesHTTPSWhenItChecksTokens() async throws {
        let folder = try TemporaryFolder(prefix: "emulator").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let kubeconfig = folder.appendingPathComponent("kubeconfig")
        for arguments in [["--token", "fake-\(UUID().uuidString)"], ["--user", "fake-\(UUID().uuidString)=alice"], ["--tls"]] {
            let process = try ChildProcess(ChildCommand(
                executable: CommandRunner.binary.path,
                arguments: ["emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig.path] + arguments,
                environment: ProcessInfo.processInfo.environment, error: .discard
            ))
            let text = await process.outputLines(1, within: .seconds(20))
            #expect(text.contains("listening on https://127.0.0.1:"), "\(arguments): \(text)")
            let config = try String(contentsOf: kubeconfig, encoding: .utf8)
            #expect(config.contains("server: https://127.0.0.1:"), "\(arguments)")
            #expect(config.contains("certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"), "\(arguments)")  // -----BEGIN CERTIFICATE-----
            process.terminate()
            #expect(await process.wait(timeout: .seconds(30)) == .exited(0))
        }
    }

    @Test func writingTheCANeedsHTTPS() async throws {
        let result = try await CommandRunner.run(["emulator", "kubernetes", "--write-ca", "/dev/null"])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("--write-ca needs HTTPS: add --tls"), "\(result.stderrText)")
    }

    @Test func rejectsABadListenAddress() async throws {
        let result = try await CommandRunner.run(["emulator", "kubernetes", "--listen", "nowhere"])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("HOST:PORT"))
    }
}
