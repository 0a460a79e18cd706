import ChildProcess
import Foundation

/// A command-line tool (`openssl`, `socat`, …) that failed or did not start: what it printed on stderr.
public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Runs `tool` (looked up on `PATH`) to completion in `folder`, discarding its output.
public func runTool(_ tool: String, _ arguments: [String], in folder: URL) async throws {
    let result = try await ChildProcess.run(ChildCommand(
        executable: tool, arguments: arguments, environment: ProcessInfo.processInfo.environment, workingDirectory: folder.path,
        output: .discard, error: .collect()
    ))
    guard result.exit.succeeded else {
        throw ToolFailure(description: "\(tool) \(arguments.first ?? "") failed (\(result.exit)): \(String(decoding: result.standardError, as: UTF8.self))")
    }
}
