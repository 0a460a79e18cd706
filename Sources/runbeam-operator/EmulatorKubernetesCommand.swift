import Glibc
import Dispatch
import ArgumentParser
import Emulators
import FoundationEssentials
import Basics

/// `runbeam-operator emulator kubernetes`: an in-memory Kubernetes API server until SIGTERM/SIGINT.
struct EmulatorKubernetesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes",
        abstract: "Run the Kubernetes API emulator until SIGTERM or SIGINT.",
        discussion: """
            With --token or --user the emulator serves HTTPS (kubectl sends a kubeconfig's token only over TLS): a CA \
            and a serving certificate for 127.0.0.1, ::1, localhost and the --listen host are made at start-up, in \
            memory, and the kubeconfig written carries the CA as certificate-authority-data. --tls and --no-tls \
            choose explicitly. T1 below is any token you choose, e.g. $(openssl rand -hex 16).

            Examples:
              runbeam-operator emulator kubernetes --write-kubeconfig emu.kubeconfig &
              kubectl --kubeconfig emu.kubeconfig apply --server-side -f manifests/
              runbeam-operator emulator kubernetes --token T1 --write-kubeconfig emu.kc &
              kubectl --kubeconfig emu.kc auth whoami   # system:admin, over HTTPS
              runbeam-operator status gateway prod --kubeconfig emu.kc
            """
    )

    @Option(name: .long, help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: String = "127.0.0.1:0"

    @Option(name: .long, help: "Write a kubeconfig for the emulator to this file (with the first --token, else the first --user token in sorted order).")
    var writeKubeconfig: String?

    @Option(name: .long, help: "Require this bearer token (repeatable).")
    var token: [String] = []

    @Option(name: .long, help: "Accept TOKEN as USER, authorized by RBAC, e.g. TOKEN=system:serviceaccount:NS:NAME (repeatable).")
    var user: [String] = []

    @Flag(name: .long, help: "Treat requests without credentials as system:anonymous (authorized by RBAC) instead of 401.")
    var anonymous = false

    @Flag(
        inversion: .prefixedNo,
        help: "Serve HTTPS with a CA made at start-up (default: on with --token or --user, which kubectl sends only over TLS).")
    var tls: Bool?

    @Option(name: .customLong("write-ca"), help: "Write the CA certificate (PEM) of the HTTPS emulator to this file, for clients that take a CA file.")
    var writeCA: String?

    @Option(name: .long, help: "Enable an admission plugin: OwnerReferencesPermissionEnforcement (repeatable).")
    var enableAdmissionPlugin: [String] = []

    @Option(name: .long, help: "Events kept for watches to resume from.")
    var historyLimit: Int = 10_000

    @Option(name: .long, help: "Milliseconds before a simulated rollout completes.")
    var rolloutDelayMilliseconds: Int = 200

    func validate() throws {
        guard Self.split(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:0") }
        _ = try Self.users(user)
        _ = try Self.plugins(enableAdmissionPlugin)
        if writeCA != nil, !servesTLS {
            throw ValidationError("--write-ca needs HTTPS: add --tls (it is on by default only with --token or --user)")
        }
    }

    /// Whether to serve HTTPS: as asked, else whenever tokens are checked.
    var servesTLS: Bool { tls ?? (!token.isEmpty || !user.isEmpty) }

    static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(address[..<colon]).trimming(["[", "]"])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    /// `TOKEN=USER` options into users by token.
    static func users(_ options: [String]) throws -> [String: KubernetesUser] {
        var users: [String: KubernetesUser] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex, option.index(after: equals) != option.endIndex else {
                throw ValidationError("--user must be TOKEN=USER, e.g. t1=system:serviceaccount:ns:name")
            }
            users[String(option[..<equals])] = KubernetesUser(parsing: String(option[option.index(after: equals)...]))
        }
        return users
    }

    static func plugins(_ names: [String]) throws -> Set<KubernetesAdmissionPlugin> {
        var plugins: Set<KubernetesAdmissionPlugin> = []
        for name in names {
            guard let plugin = KubernetesAdmissionPlugin(rawValue: name) else {
                throw ValidationError("unknown admission plugin \(name); known: \(KubernetesAdmissionPlugin.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            plugins.insert(plugin)
        }
        return plugins
    }

    func run() async throws {
        guard let (host, port) = Self.split(listen) else { throw ValidationError("--listen must be HOST:PORT") }
        let signals = SignalWaiter()
        let tlsIdentity = servesTLS ? try EmulatorTLSIdentity.generate(serverNames: [host]) : nil
        let emulator = try await KubernetesEmulator.start(.init(
            host: host, port: port, bearerTokens: token, historyLimit: historyLimit,
            rolloutDelay: .milliseconds(rolloutDelayMilliseconds), users: try Self.users(user), anonymousRequests: anonymous,
            admissionPlugins: try Self.plugins(enableAdmissionPlugin), tls: tlsIdentity
        ))
        if let writeKubeconfig {
            try emulator.writeKubeconfig(to: URL(fileURLWithPath: writeKubeconfig))
        }
        if let writeCA, let authority = emulator.certificateAuthorityPEM {
            try Data(authority.utf8).write(to: URL(fileURLWithPath: writeCA), options: .atomic)
        }
        FileStream.standardOutput.write("Kubernetes API emulator listening on \(emulator.baseURL.absoluteString)\n")
        let signal = await signals.wait()
        await emulator.shutdown()
        FileStream.standardOutput.write("stopped on \(signal)\n")
    }
}

/// Catches SIGTERM and SIGINT from the moment it is made, and lets a task wait for the first one.
final class SignalWaiter: @unchecked Sendable {
    private let lock = Lock()
    private var received: String?
    private var continuation: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.deliver(name) }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns the name of the first signal caught (at once if one already arrived).
    func wait() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let ready = lock.withLock { () -> String? in
                if let received { return received }
                self.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func deliver(_ name: String) {
        let pending = lock.withLock { () -> CheckedContinuation<String, Never>? in
            if received == nil { received = name }
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: name)
    }
}
