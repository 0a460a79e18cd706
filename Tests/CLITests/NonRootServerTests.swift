import ChildProcess
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The container runs as user 65532: the HTTP server behind the probes, /metrics and the emulators must answer
/// there too. Needs root to switch users (CI runs as root) and util-linux's setpriv.
@Suite struct NonRootServerTests {
    @Test(.enabled(if: getuid() == 0 && CommandRunner.which("setpriv") != nil, "needs root and setpriv to run as user 65532"))
    func answersRequestsWhenRunningAsTheImagesUser() async throws {
        let setpriv = try #require(CommandRunner.which("setpriv"))
        let process = try ChildProcess(ChildCommand(
            executable: setpriv.path,
            arguments: ["--reuid", "65532", "--regid", "65532", "--clear-groups", "--", CommandRunner.binary.path,
                        "emulator", "kubernetes", "--listen", "127.0.0.1:0"],
            environment: ProcessInfo.processInfo.environment, workingDirectory: "/", error: .discard
        ))
        let line = await process.outputLines(1, within: .seconds(20))
        let address = try #require(line.split(separator: " ").last.map(String.init), "no listening line: \(line)")
        var status = 0
        do {
            let (_, response) = try await URLSession.shared.data(from: try #require(URL(string: address.trimmingCharacters(in: .whitespacesAndNewlines) + "/api")))
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch {
            Issue.record("no answer as user 65532: \(error)")
        }
        process.terminate()
        _ = await process.wait(timeout: .seconds(20))
        #expect(status == 200)
    }
}
