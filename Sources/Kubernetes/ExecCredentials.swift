import Foundation
import JSON
import Logging

/// A kubeconfig `exec` credential plugin: runs the command (off Swift's cooperative pool), reads its
/// `ExecCredential` (client.authentication.k8s.io v1 or v1beta1), and caches the token until its
/// `expirationTimestamp`, or until a 401 invalidates it.
public actor ExecCredentials: CredentialProvider {
    /// What the kubeconfig says to run.
    public struct Command: Sendable, Hashable {
        public var apiVersion: String
        public var command: String
        public var arguments: [String]
        public var environment: [String: String]
        /// Relative commands are found relative to the kubeconfig's folder when they contain a `/`.
        public var workingDirectory: String?
        public var installHint: String?

        public init(apiVersion: String, command: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil, installHint: String? = nil) {
            self.apiVersion = apiVersion
            self.command = command
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.installHint = installHint
        }
    }

    public nonisolated let command: Command
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var cached: (token: String, expiry: Date?)?
    /// How many times the plugin has run (for tests and diagnostics).
    public private(set) var runs = 0

    public init(command: Command, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "runbeam.kubernetes.exec")) {
        self.command = command
        self.now = now
        self.logger = logger
    }

    public func authorization() async throws -> String? {
        if let cached, cached.expiry.map({ $0 > now() }) ?? true { return "Bearer \(cached.token)" }
        let credential = try await run()
        cached = credential
        return "Bearer \(credential.token)"
    }

    public func invalidate() async { cached = nil }

    private func run() async throws -> (token: String, expiry: Date?) {
        runs += 1
        let command = self.command
        logger.debug("running the exec credential plugin", metadata: ["command": "\(command.command)"])
        let (status, output, errors) = try await Self.execute(command)
        let name = command.command
        guard status == 0 else {
            let hint = command.installHint.map { "; \($0)" } ?? ""
            let detail = String(decoding: errors.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw KubernetesConfigurationError(field: "user.exec.command", message: "exec credential plugin \(name) exited with status \(status): \(detail)\(hint)")
        }
        guard let json = try? JSONValue(parsing: output), json["kind"]?.stringValue == "ExecCredential" else {
            throw KubernetesConfigurationError(field: "user.exec.command", message: "exec credential plugin \(name) did not print an ExecCredential JSON object")
        }
        if let version = json["apiVersion"]?.stringValue, version != command.apiVersion {
            throw KubernetesConfigurationError(
                field: "user.exec.apiVersion", message: "exec credential plugin \(name) answered \(version) but the kubeconfig asks for \(command.apiVersion)"
            )
        }
        guard let token = json[path: ["status", "token"]]?.stringValue, !token.isEmpty else {
            throw KubernetesConfigurationError(
                field: "user.exec.command",
                message: "exec credential plugin \(name) returned no status.token (client certificates from exec plugins are not supported)"
            )
        }
        let expiry = json[path: ["status", "expirationTimestamp"]]?.stringValue.flatMap(KubernetesTime.parse)
        logger.info("exec credential plugin returned a token", metadata: ["command": "\(name)", "expires": "\(expiry.map(KubernetesTime.format) ?? "never")"])
        return (token, expiry)
    }

    /// Runs the plugin on a dedicated thread so that neither its output nor its exit blocks the pool.
    private static func execute(_ command: Command) async throws -> (Int32, Data, Data) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let process = Process()
                let path = command.command
                if path.contains("/") {
                    let url = URL(fileURLWithPath: path, relativeTo: command.workingDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) })
                    process.executableURL = url.standardizedFileURL
                    process.arguments = command.arguments
                } else {
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = [path] + command.arguments
                }
                var environment = ProcessInfo.processInfo.environment
                for (name, value) in command.environment { environment[name] = value }
                let info: JSONValue = ["apiVersion": .string(command.apiVersion), "kind": "ExecCredential", "spec": ["interactive": false]]
                environment["KUBERNETES_EXEC_INFO"] = info.jsonString
                process.environment = environment
                let stdout = Pipe()
                let stderr = Pipe()
                process.standardOutput = stdout
                process.standardError = stderr
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: KubernetesConfigurationError(
                        field: "user.exec.command", message: "cannot run exec credential plugin \(command.command): \(error.localizedDescription)"
                            + (command.installHint.map { "; \($0)" } ?? "")
                    ))
                    return
                }
                let errorsBox = Locked(Data())
                let errorReader = Thread { errorsBox.withLock { $0 = stderr.fileHandleForReading.readDataToEndOfFile() } }
                errorReader.start()
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while !errorReader.isFinished { usleep(1000) }
                continuation.resume(returning: (process.terminationStatus, output, errorsBox.withLock { $0 }))
            }
            thread.start()
        }
    }
}
