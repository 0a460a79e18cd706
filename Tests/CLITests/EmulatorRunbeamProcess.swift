import ChildProcess
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `runbeam-operator emulator runbeam` child process for the CLI tests; dropping it kills it.
final class EmulatorRunbeamProcess: Sendable {
    let child: ChildProcess
    /// The API base URL it printed, `http://127.0.0.1:PORT/api`.
    let apiURL: String
    /// The development credential it printed, when started without `--credential`.
    let developmentCredential: String?
    /// Everything it printed on stdout at start-up.
    let banner: String

    init(arguments: [String] = []) async throws {
        child = try ChildProcess(ChildCommand(
            executable: CommandRunner.binary.path, arguments: ["emulator", "runbeam", "--listen", "127.0.0.1:0"] + arguments,
            environment: ProcessInfo.processInfo.environment, output: .collect(), error: .discard
        ))
        let text = await child.outputLines(arguments.contains("--credential") ? 1 : 2, within: .seconds(20))
        banner = text
        let lines = text.split(separator: "\n").map(String.init)
        apiURL = lines.first.flatMap { $0.split(separator: " ").last.map(String.init) } ?? ""
        developmentCredential = lines.count > 1 ? lines[1].split(separator: " ").last.map(String.init) : nil
    }

    /// The control endpoint root, `http://127.0.0.1:PORT/emulator/v1/`.
    var controlURL: String { String(apiURL.dropLast("/api".count)) + "/emulator/v1/" }

    /// Sends a control request and returns the response body.
    @discardableResult
    func control(_ method: String, _ route: String, json: String? = nil) async throws -> String {
        var request = URLRequest(url: try #require(URL(string: controlURL + route)))
        request.httpMethod = method
        request.timeoutInterval = 10
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}

extension ChildProcess {
    /// Its standard output once it holds `count` lines, the child has exited, or `timeout` passed.
    func outputLines(_ count: Int, within timeout: Duration) async -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = String(decoding: standardOutput, as: UTF8.self)
            if text.filter({ $0 == "\n" }).count >= count || !isRunning || ContinuousClock.now >= deadline { return text }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
