import Basics
import ChildProcess
import FoundationEssentials
import HTTP
import JSON
import Logging
import Basics

/// A kubeconfig `exec` credential plugin: runs the command (off Swift's cooperative pool), reads its
/// `ExecCredential` (client.authentication.k8s.io v1 or v1beta1) — a token, or a client certificate
/// and key (`clientCertificateData`/`clientKeyData`, PEM) for mutual TLS — and caches it until its
/// `expirationTimestamp`, or until a 401 invalidates it.
public actor ExecCredentials: CredentialProvider {
    /// What one plugin run returned.
    struct Issued: Sendable {
        var token: String?
        var identity: ClientIdentity?
        var expiry: Date?
    }

    /// What the kubeconfig says to run.
    public struct Command: Sendable, Hashable {
        public var apiVersion: String
        public var command: String
        public var arguments: [String]
        public var environment: [String: String]
        /// Relative commands are found relative to the kubeconfig's folder when they contain a `/`.
        public var workingDirectory: String?
        public var installHint: String?

        /// `; ` and the install hint, for the end of an error message; empty without one.
        var hintSuffix: String { installHint.map { "; \($0)" } ?? "" }

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
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var cached: Issued?
    /// The plugin run in progress: concurrent callers share it instead of starting one each.
    private var pending: Task<Issued, any Error>?
    /// How many times the plugin has run (for tests and diagnostics).
    public private(set) var runs = 0

    /// A plugin still running after `timeout` is killed and the request fails.
    public init(
        command: Command, timeout: Duration = .seconds(60), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "runbeam.kubernetes.exec")
    ) {
        self.command = command
        self.timeout = timeout
        self.now = now
        self.logger = logger
    }

    public func authorization() async throws -> String? {
        try await current().token.map { "Bearer \($0)" }
    }

    /// The client certificate, if the plugin returns one.
    public func clientIdentity() async throws -> ClientIdentity? {
        try await current().identity
    }

    public func requestCredential() async throws -> RequestCredential {
        let issued = try await current()
        return RequestCredential(authorization: issued.token.map { "Bearer \($0)" }, identity: issued.identity)
    }

    /// The cached credential while it has not expired, else a new plugin run's.
    private func current() async throws -> Issued {
        if let cached, cached.expiry.map({ $0 > now() }) ?? true { return cached }
        let run = pending ?? Task { try await self.run() }
        pending = run
        defer { if pending == run { pending = nil } }
        let credential = try await run.value
        cached = credential
        return credential
    }

    public func invalidate() async { cached = nil }

    private func run() async throws -> Issued {
        runs += 1
        let command = self.command
        logger.debug("running the exec credential plugin", metadata: ["command": "\(command.command)"])
        let (exit, output, errors) = try await execute(command)
        let name = command.command
        guard exit.succeeded else {
            let detail = String(decoding: errors.prefix(512), as: UTF8.self).trimmingWhitespaceAndNewlines()
            throw KubernetesConfigurationError(field: "user.exec.command", message: "exec credential plugin \(name) ended with \(exit): \(detail)\(command.hintSuffix)")
        }
        guard let json = try? JSONValue(parsing: output), json["kind"]?.stringValue == "ExecCredential" else {
            throw KubernetesConfigurationError(field: "user.exec.command", message: "exec credential plugin \(name) did not print an ExecCredential JSON object")
        }
        if let version = json["apiVersion"]?.stringValue, version != command.apiVersion {
            throw KubernetesConfigurationError(
                field: "user.exec.apiVersion", message: "exec credential plugin \(name) answered \(version) but the kubeconfig asks for \(command.apiVersion)"
            )
        }
        let token = json[path: ["status", "token"]]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let certificate = json[path: ["status", "clientCertificateData"]]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let key = json[path: ["status", "clientKeyData"]]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        guard (certificate == nil) == (key == nil) else {
            throw KubernetesConfigurationError(
                field: "user.exec.command",
                message: "exec credential plugin \(name) returned status.\(certificate == nil ? "clientKeyData" : "clientCertificateData") "
                    + "without status.\(certificate == nil ? "clientCertificateData" : "clientKeyData"); a client certificate needs both")
        }
        if let certificate, !certificate.contains("-----BEGIN") || !(key ?? "").contains("-----BEGIN") {
            throw KubernetesConfigurationError(
                field: "user.exec.command", message: "exec credential plugin \(name) returned clientCertificateData/clientKeyData that are not PEM")
        }
        guard token != nil || certificate != nil else {
            throw KubernetesConfigurationError(
                field: "user.exec.command",
                message: "exec credential plugin \(name) returned neither status.token nor status.clientCertificateData and status.clientKeyData")
        }
        let identity = certificate.flatMap { certificate in
            key.map { ClientIdentity(certificate: .data(Data(certificate.utf8)), key: .data(Data($0.utf8))) }
        }
        let expiry = json[path: ["status", "expirationTimestamp"]]?.stringValue.flatMap(RFC3339.parse)
        logger.info("exec credential plugin returned a \(identity == nil ? "token" : token == nil ? "client certificate" : "token and a client certificate")",
            metadata: ["command": "\(name)", "expires": "\(expiry.map(RFC3339.seconds) ?? "never")"])
        return Issued(token: token, identity: identity, expiry: expiry)
    }

    /// Runs the plugin with its own environment on top of ours; the child is reaped and read on
    /// threads of its own, so neither its output nor its exit blocks the cooperative pool.
    private func execute(_ command: Command) async throws -> (ChildExit, Data, Data) {
        let path = command.command
        let executable = path.contains("/")
            ? URL(fileURLWithPath: path, relativeTo: command.workingDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }).standardizedFileURL.path
            : path
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in command.environment { environment[name] = value }
        let info: JSONValue = ["apiVersion": .string(command.apiVersion), "kind": "ExecCredential", "spec": ["interactive": false]]
        environment["KUBERNETES_EXEC_INFO"] = info.jsonString
        let child: ChildProcess
        do {
            child = try ChildProcess(ChildCommand(
                executable: executable, arguments: command.arguments, environment: environment,
                output: .collect(limit: Self.outputLimit), error: .collect(limit: 64 << 10)
            ))
        } catch {
            throw KubernetesConfigurationError(
                field: "user.exec.command", message: "cannot run exec credential plugin \(command.command): \(error.reason)\(command.hintSuffix)"
            )
        }
        guard let exit = await child.wait(timeout: timeout) else {
            child.kill()
            _ = await child.wait()
            throw KubernetesConfigurationError(
                field: "user.exec.command", message: "exec credential plugin \(command.command) did not finish within \(timeout); it was stopped"
            )
        }
        let output = child.standardOutput
        if output.count >= Self.outputLimit {
            throw KubernetesConfigurationError(
                field: "user.exec.command", message: "exec credential plugin \(command.command) printed more than \(Self.outputLimit >> 20) MiB"
            )
        }
        return (exit, output, child.standardError)
    }

    /// The most a plugin may print: an ExecCredential is a few kilobytes.
    static let outputLimit = 1 << 20
}
