import Basics
import FoundationEssentials
import HTTP
import YAML

/// Loads a ``KubernetesConfiguration`` from kubeconfig files as kubectl does: `--kubeconfig`, else
/// every file of `$KUBECONFIG` (colon-separated, merged: the first file to define a cluster, user or
/// context name, or `current-context`, wins), else `~/.kube/config`. Relative paths in a file are
/// relative to that file's folder; scalars resolve as kubectl's (YAML 1.1). Errors name the file, line and field.
public struct KubeconfigLoader: Sendable {
    /// `--kubeconfig`.
    public var explicitPath: String?
    public var environment: [String: String]
    public var homeDirectory: String
    /// `--context`.
    public var context: String?
    /// `--namespace`.
    public var namespace: String?

    public init(
        explicitPath: String? = nil, context: String? = nil, namespace: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil
    ) {
        self.explicitPath = explicitPath
        self.context = context
        self.namespace = namespace
        self.environment = environment
        // `environment`'s HOME, as kubectl honours it, so errors name the file actually tried.
        self.homeDirectory = homeDirectory ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FilePaths.homeDirectoryFromPasswordDatabase()
    }

    /// The files that will be read, in precedence order.
    public var files: [String] {
        if let explicitPath { return [explicitPath] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        return [FilePaths.join(homeDirectory, ".kube/config")]
    }

    private struct Entry<Value: Sendable>: Sendable {
        var value: Value
        var file: String
        var node: YAMLNode
        var field: String
    }

    public func load() throws -> KubernetesConfiguration {
        var clusters: [String: Entry<Kubeconfig.Cluster>] = [:]
        var users: [String: Entry<Kubeconfig.User>] = [:]
        var contexts: [String: Entry<Kubeconfig.Context>] = [:]
        var currentContext: (name: String, file: String)?
        var readAny = false
        let requireAll = explicitPath != nil
        for file in files {
            guard FileManager.default.fileExists(atPath: file) else {
                if requireAll { throw KubernetesConfigurationError(file: file, message: "kubeconfig file not found") }
                continue
            }
            let data = try Self.read(file)
            guard let (root, config) = try Self.parse(data, file: file) else { continue }
            readAny = true
            for (index, item) in (config.clusters ?? []).enumerated() where clusters[item.name] == nil {
                if let value = item.value {
                    clusters[item.name] = Entry(value: value, file: file, node: root["clusters"]?[index] ?? root, field: "clusters[\(index)]")
                }
            }
            for (index, item) in (config.users ?? []).enumerated() where users[item.name] == nil {
                users[item.name] = Entry(value: item.value ?? Kubeconfig.User(), file: file, node: root["users"]?[index] ?? root, field: "users[\(index)]")
            }
            for (index, item) in (config.contexts ?? []).enumerated() where contexts[item.name] == nil {
                if let value = item.value {
                    contexts[item.name] = Entry(value: value, file: file, node: root["contexts"]?[index] ?? root, field: "contexts[\(index)]")
                }
            }
            if currentContext == nil, let name = config.currentContext, !name.isEmpty { currentContext = (name, file) }
        }
        let sources = files.joined(separator: ":")
        guard readAny else { throw KubernetesConfigurationError(file: sources, message: "no kubeconfig found; pass --kubeconfig or set KUBECONFIG") }
        guard let contextName = context ?? currentContext?.name else {
            throw KubernetesConfigurationError(file: sources, field: "current-context", message: "no current-context is set; pass --context")
        }
        guard let contextEntry = contexts[contextName] else {
            throw KubernetesConfigurationError(
                file: context == nil ? currentContext?.file : sources, field: context == nil ? "current-context" : "--context",
                message: "context \"\(contextName)\" is not defined"
            )
        }
        let ctx = contextEntry.value
        guard let clusterName = ctx.cluster, let clusterEntry = clusters[clusterName] else {
            throw error(in: contextEntry, "context.cluster", "context \"\(contextName)\" names cluster \"\(ctx.cluster ?? "")\", which is not defined")
        }
        let cluster = clusterEntry.value
        guard let server = cluster.server, let url = URL(string: server), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw error(in: clusterEntry, "cluster.server", "cluster \"\(clusterName)\" needs a server URL such as https://host:6443")
        }
        var tls = TLSConfiguration(serverName: cluster.tlsServerName, insecureSkipTLSVerify: cluster.insecureSkipTLSVerify ?? false)
        if let data = cluster.certificateAuthorityData {
            tls.certificateAuthority = .data(try decodeBase64(data, in: clusterEntry, "cluster.certificate-authority-data"))
        } else if let path = cluster.certificateAuthority {
            tls.certificateAuthority = .file(resolve(path, relativeTo: clusterEntry.file))
        }
        var credentials: any CredentialProvider = NoCredentials()
        if let userName = ctx.user {
            guard let userEntry = users[userName] else {
                throw error(in: contextEntry, "context.user", "context \"\(contextName)\" names user \"\(userName)\", which is not defined")
            }
            let user = userEntry.value
            if let data = user.clientCertificateData {
                tls.clientCertificate = .data(try decodeBase64(data, in: userEntry, "user.client-certificate-data"))
            } else if let path = user.clientCertificate {
                tls.clientCertificate = .file(resolve(path, relativeTo: userEntry.file))
            }
            if let data = user.clientKeyData {
                tls.clientKey = .data(try decodeBase64(data, in: userEntry, "user.client-key-data"))
            } else if let path = user.clientKey {
                tls.clientKey = .file(resolve(path, relativeTo: userEntry.file))
            }
            if (tls.clientCertificate == nil) != (tls.clientKey == nil) {
                throw error(in: userEntry, "user", "user \"\(userName)\" needs both a client certificate and a client key")
            }
            if let exec = user.exec {
                guard let apiVersion = exec.apiVersion,
                    ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"].contains(apiVersion)
                else {
                    throw error(in: userEntry, "user.exec.apiVersion", "exec apiVersion must be client.authentication.k8s.io/v1 or v1beta1")
                }
                let folder = FilePaths.directory(of: userEntry.file)
                credentials = ExecCredentials(command: .init(
                    apiVersion: apiVersion, command: exec.command, arguments: exec.args ?? [],
                    environment: Dictionary((exec.env ?? []).map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
                    workingDirectory: folder.isEmpty ? nil : folder, installHint: exec.installHint
                ))
            } else if let token = user.token, !token.isEmpty {
                credentials = StaticTokenCredentials(token: token)
            } else if let path = user.tokenFile {
                credentials = TokenFileCredentials(path: resolve(path, relativeTo: userEntry.file))
            } else if let username = user.username {
                credentials = BasicCredentials(username: username, password: user.password ?? "")
            }
        }
        let proxy: ProxyConfiguration = cluster.proxyURL.map { .url($0) } ?? .environment
        return KubernetesConfiguration(
            server: server, namespace: namespace ?? ctx.namespace ?? "default", tls: tls, proxy: proxy, credentials: credentials,
            origin: "kubeconfig \(contextEntry.file) context \(contextName)"
        )
    }

    /// Reads at most ``YAMLLimits/maxInputBytes`` (plus one byte, to notice more), so a huge or
    /// endless file (`/dev/zero`) is refused without reading it all.
    private static func read(_ file: String) throws -> Data {
        let limit = YAMLLimits.default.maxInputBytes
        do {
            let data = try FileStream.reading(file).read(upToCount: limit + 1)
            guard data.count <= limit else {
                throw KubernetesConfigurationError(
                    file: file, message: "the kubeconfig is larger than \(limit >> 20) MiB; check that --kubeconfig or KUBECONFIG names a kubeconfig file")
            }
            return data
        } catch let error as KubernetesConfigurationError {
            throw error
        } catch {
            throw KubernetesConfigurationError(file: file, message: "cannot read the kubeconfig: \(errorText(error))")
        }
    }

    /// Parses one file; nil when it is empty.
    private static func parse(_ data: Data, file: String) throws -> (YAMLNode, Kubeconfig)? {
        let root: YAMLNode
        do {
            root = try YAMLParser(schema: .yaml11).node(from: data, fileName: file)
        } catch {
            throw located(error, file)
        }
        if root.isNull { return nil }
        do {
            return (root, try YAMLDecoder(unknownKeys: .ignore).decode(Kubeconfig.self, from: root, fileName: file))
        } catch {
            throw located(error, file)
        }
    }

    private static func located(_ error: YAMLError, _ file: String) -> KubernetesConfigurationError {
        let line = error.mark.flatMap { $0.isKnown ? $0.line : nil }
        return KubernetesConfigurationError(
            file: error.file ?? file, line: line, column: error.mark?.column, field: error.path.isEmpty ? nil : error.path, message: error.message
        )
    }

    private func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return FilePaths.join(homeDirectory, String(path.dropFirst(2))) }
        return FilePaths.join(FilePaths.directory(of: file), path)
    }

    private func decodeBase64<Value>(_ text: String, in entry: Entry<Value>, _ field: String) throws -> Data {
        guard let data = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
            throw error(in: entry, field, "not valid base64")
        }
        return data
    }

    /// An error located at `field` (`cluster.server`) inside a list entry, or at the entry itself.
    private func error<Value>(in entry: Entry<Value>, _ field: String, _ message: String) -> KubernetesConfigurationError {
        var node = entry.node
        for key in field.split(separator: ".").map(String.init) {
            guard let child = node[key] else { break }
            node = child
        }
        return KubernetesConfigurationError(
            file: entry.file, line: node.mark.isKnown ? node.mark.line : nil, column: node.mark.column, field: "\(entry.field).\(field)", message: message
        )
    }
}
