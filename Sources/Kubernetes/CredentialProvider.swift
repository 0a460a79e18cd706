import HTTP
import Basics

/// What one request presents: an `Authorization` header value and/or a client certificate.
public struct RequestCredential: Sendable {
    public var authorization: String?
    /// A client certificate in place of the kubeconfig's (exec plugins), or nil.
    public var identity: ClientIdentity?

    public init(authorization: String?, identity: ClientIdentity? = nil) {
        self.authorization = authorization
        self.identity = identity
    }
}

/// Supplies the credentials of each request, re-reading rotating ones.
public protocol CredentialProvider: Sendable {
    /// The full header value (`Bearer …`, `Basic …`), or nil for none.
    func authorization() async throws -> String?
    /// Everything one request presents, from one credential (so a header and a certificate never
    /// come from two different plugin runs).
    func requestCredential() async throws -> RequestCredential
    /// Called after a 401: drop any cached credential so that the next call fetches a fresh one.
    func invalidate() async
}

extension CredentialProvider {
    /// The ``authorization()`` header and no certificate: only exec plugins return one.
    public func requestCredential() async throws -> RequestCredential {
        RequestCredential(authorization: try await authorization())
    }
}

/// No credentials (client certificates only, or an open emulator).
public struct NoCredentials: CredentialProvider {
    public init() {}
    public func authorization() async throws -> String? { nil }
    public func invalidate() async {}
}

/// A fixed bearer token.
public struct StaticTokenCredentials: CredentialProvider {
    private let token: String
    public init(token: String) { self.token = token }
    public func authorization() async throws -> String? { "Bearer \(token)" }
    public func invalidate() async {}
}

/// HTTP basic authentication (kubeconfig `username`/`password`).
public struct BasicCredentials: CredentialProvider {
    private let header: String
    public init(username: String, password: String) {
        header = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
    public func authorization() async throws -> String? { header }
    public func invalidate() async {}
}

import FoundationEssentials

/// A bearer token read from a file that rotates (kubeconfig `tokenFile`, the in-cluster token):
/// re-read when older than `refreshInterval` and after every 401.
public actor TokenFileCredentials: CredentialProvider {
    public nonisolated let path: String
    private let refreshInterval: Duration
    private var cached: (token: String, readAt: ContinuousClock.Instant)?

    public init(path: String, refreshInterval: Duration = .seconds(60)) {
        self.path = path
        self.refreshInterval = refreshInterval
    }

    public func authorization() async throws -> String? {
        let now = ContinuousClock.now
        if let cached, cached.readAt.duration(to: now) < refreshInterval { return "Bearer \(cached.token)" }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KubernetesConfigurationError(file: path, message: "cannot read the token file: \(errorText(error))")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
        guard !token.isEmpty else { throw KubernetesConfigurationError(file: path, message: "the token file is empty") }
        cached = (token, now)
        return "Bearer \(token)"
    }

    public func invalidate() async { cached = nil }
}
