import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `runbeam-operator emulator runbeam` child process for the CLI tests, stopped with SIGKILL.
final class EmulatorRunbeamProcess {
    let process: Process
    /// The API base URL it printed, `http://127.0.0.1:PORT/api`.
    let apiURL: String
    /// The development credential it printed, when started without `--credential`.
    let developmentCredential: String?
    /// Everything it printed on stdout at start-up.
    let banner: String

    init(arguments: [String] = []) throws {
        process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = ["emulator", "runbeam", "--listen", "127.0.0.1:0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let expectedLines = arguments.contains("--credential") ? 1 : 2
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while text.filter({ $0 == "\n" }).count < expectedLines, Date() < deadline, process.isRunning {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
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

    /// Kills the process (SIGKILL: signals sent from a test task may stay blocked in the child).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

extension CommandRunner {
    /// ``run(_:input:environment:currentDirectory:)`` on a Dispatch thread, so async tests that run
    /// many commands do not hold one of Swift's few cooperative threads while each child runs.
    static func runOffPool(_ arguments: [String], input: Data = Data(), environment: [String: String] = [:]) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(arguments, input: input, environment: environment) })
            }
        }
    }
}
