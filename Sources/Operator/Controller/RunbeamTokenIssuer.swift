import Basics
import FoundationEssentials
import GatewayAPI
import GatewayCore
import Kubernetes
import HTTP
import Logging
import Runbeam
import RunbeamCloud

/// A ``TokenIssuer`` backed by Runbeam Cloud's authorize endpoint.
///
/// One ``RunbeamClient`` per API URL, created on first use and reused; all of them share one
/// `HTTPClient`, so connections to the same host are kept alive across Gateways.
public final class RunbeamTokenIssuer: TokenIssuer {
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    private let userAgent: RunbeamUserAgent
    private let timeout: Duration
    private let allowedAPIURLs: [String]
    private let logger: Logger
    private let clients = Locked<[String: RunbeamClient]>([:])

    /// An issuer on an existing HTTP client (which the caller shuts down).
    public init(
        httpClient: HTTPClient, userAgent: RunbeamUserAgent, timeout: Duration = .seconds(30), allowedAPIURLs: [String] = [],
        logger: Logger = Logger(label: "runbeam.operator.issuer")
    ) {
        self.httpClient = httpClient
        self.ownsHTTPClient = false
        self.userAgent = userAgent
        self.timeout = timeout
        self.allowedAPIURLs = allowedAPIURLs
        self.logger = logger
    }

    /// An issuer with its own HTTP client made from `configuration` (TLS, proxy, connect timeouts).
    public init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(), userAgent: RunbeamUserAgent, timeout: Duration = .seconds(30),
        allowedAPIURLs: [String] = [], logger: Logger = Logger(label: "runbeam.operator.issuer")
    ) {
        var configuration = configuration
        configuration.bearerToken = nil
        configuration.userAgent = userAgent.value
        self.httpClient = HTTPClient(configuration: configuration, logger: logger)
        self.ownsHTTPClient = true
        self.userAgent = userAgent
        self.timeout = timeout
        self.allowedAPIURLs = allowedAPIURLs
        self.logger = logger
    }

    /// An issuer configured from the operator configuration (`runbeam.timeoutSeconds`, `allowedAPIURLs`), with `http`'s
    /// TLS and proxy settings.
    public convenience init(
        configuration: OperatorConfiguration, version: String, http: HTTPClientConfiguration = HTTPClientConfiguration(),
        logger: Logger = Logger(label: "runbeam.operator.issuer")
    ) {
        self.init(
            configuration: http, userAgent: RunbeamUserAgent(version: version), timeout: .milliseconds(Int64(configuration.runbeam.timeoutSeconds * 1000)),
            allowedAPIURLs: configuration.allowedAPIURLs, logger: logger)
    }

    /// Stops the HTTP client if this issuer created it.
    public func shutdown() {
        if ownsHTTPClient { httpClient.shutdown() }
    }

    /// The number of distinct API URLs a client was made for.
    public var clientCount: Int { clients.withLock { $0.count } }

    public func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        let client = try self.client(for: apiURL)
        let runbeamCredential: RunbeamCredential
        do {
            runbeamCredential = try RunbeamCredential(credential.value)
        } catch {
            throw .invalid(message: "the credential in the credentials Secret cannot be used: \(error.description)")
        }
        do {
            let response = try await client.authorize(gatewayCode: gatewayCode, credential: runbeamCredential)
            return IssuedToken(
                machineToken: response.machineToken.secretValue, expiresAt: response.expiresAt, gatewayID: response.gateway.id,
                gatewayCode: response.gateway.code, abilities: response.abilities)
        } catch {
            throw Self.map(error)
        }
    }

    /// The client for `apiURL`, made once.
    private func client(for apiURL: String) throws(TokenIssueError) -> RunbeamClient {
        let url: RunbeamAPIURL
        do {
            url = try RunbeamAPIURL(apiURL, allowedPrefixes: allowedAPIURLs)
        } catch {
            throw .invalid(message: error.description)
        }
        return clients.withLock { clients in
            if let client = clients[url.string] { return client }
            let client = RunbeamClient(apiBaseURL: url, httpClient: httpClient, userAgent: userAgent, timeout: timeout, logger: logger)
            clients[url.string] = client
            logger.debug("created a Runbeam Cloud client", metadata: ["api": "\(url)"])
            return client
        }
    }

    /// Maps the Runbeam client's error onto the reconciler's; `Retry-After` of 429 and 503 is kept.
    static func map(_ error: RunbeamError) -> TokenIssueError {
        switch error {
        case .unauthorized:
            return .unauthorized(message: "the API token is invalid, expired or revoked")
        case .forbidden(let message):
            return .forbidden(message: message.isEmpty ? "the credential may not authorize this gateway" : message)
        case .invalid(let fieldErrors):
            let fields = fieldErrors.keys.sorted().map { "\($0): \(fieldErrors[$0, default: []].joined(separator: " "))" }
            return .invalid(message: fields.isEmpty ? "status 422" : fields.joined(separator: "; "))
        case .rateLimited(let retryAfter):
            return .rateLimited(retryAfter: retryAfter.map(\.inSeconds))
        case .unavailable(let reason, let retryAfter):
            if let retryAfter { return .rateLimited(retryAfter: retryAfter.inSeconds) }
            return .unavailable(message: reason)
        case .malformedResponse(let reason):
            return .malformed(message: reason)
        case .responseTooLarge(let limit):
            return .malformed(message: "the response was larger than the limit of \(limit) bytes")
        case .unexpectedStatus, .invalidConfiguration:
            return .unexpected(message: error.description)
        case .cancelled:
            return .unavailable(message: "the request was cancelled")
        }
    }
}
