import Basics
import FoundationEssentials
import HTTP
import Logging
import Runbeam

/// Calls Runbeam Cloud's out-of-band authorize endpoint to obtain machine tokens.
///
/// ```swift
/// let client = RunbeamClient(apiBaseURL: .default, userAgent: RunbeamUserAgent(version: "0.1.0"))
/// let response = try await client.authorize(gatewayCode: "prod-gateway", credential: credential)
/// let payload = response.payload(issuedAt: Date())
/// ```
public struct RunbeamClient: Sendable {
    public let apiBaseURL: RunbeamAPIURL
    public let userAgent: RunbeamUserAgent
    /// The whole-request timeout.
    public let timeout: Duration
    /// The largest response body accepted (default 1 MiB).
    public let maxResponseSize: Int
    private let httpClient: HTTPClient
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// A client on an existing HTTP client (shared connections, TLS and proxy settings).
    public init(
        apiBaseURL: RunbeamAPIURL = .default,
        httpClient: HTTPClient,
        userAgent: RunbeamUserAgent,
        timeout: Duration = .seconds(30),
        maxResponseSize: Int = 1 << 20,
        logger: Logger = Logger(label: "runbeam.cloud"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.apiBaseURL = apiBaseURL
        self.httpClient = httpClient
        self.userAgent = userAgent
        self.timeout = timeout
        self.maxResponseSize = maxResponseSize
        self.logger = logger
        self.now = now
    }

    /// A client with its own HTTP client made from `configuration` (its bearer-token provider is
    /// not used: every call passes its credential).
    public init(
        apiBaseURL: RunbeamAPIURL = .default,
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        userAgent: RunbeamUserAgent,
        timeout: Duration = .seconds(30),
        maxResponseSize: Int = 1 << 20,
        logger: Logger = Logger(label: "runbeam.cloud"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        var configuration = configuration
        configuration.bearerToken = nil
        configuration.userAgent = userAgent.value
        self.init(
            apiBaseURL: apiBaseURL, httpClient: HTTPClient(configuration: configuration, logger: logger),
            userAgent: userAgent, timeout: timeout, maxResponseSize: maxResponseSize, logger: logger, now: now
        )
    }

    /// `POST {apiBase}/harmony/authorize`: obtains a fresh machine token for `gatewayCode`,
    /// creating the gateway in the credential's team if it does not exist yet.
    ///
    /// `machinePublicKey` and `metadata` are sent only when given, as the SDK does.
    public func authorize(
        gatewayCode: String,
        credential: RunbeamCredential,
        machinePublicKey: String? = nil,
        metadata: [String]? = nil
    ) async throws(RunbeamError) -> AuthorizeResponse {
        var logger = self.logger
        logger[metadataKey: "gateway_code"] = "\(gatewayCode)"
        let request = HTTPRequest(
            method: .post,
            url: apiBaseURL.authorizeURL,
            headers: [
                "Authorization": "Bearer \(credential.secretValue)",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": userAgent.value,
            ],
            body: Self.body(gatewayCode: gatewayCode, credential: credential, machinePublicKey: machinePublicKey, metadata: metadata),
            timeout: timeout,
            maxBodySize: maxResponseSize
        )
        logger.debug("requesting a machine token", metadata: ["api": "\(apiBaseURL)", "credential_kind": "\(credential.kind.rawValue)"])
        let response: HTTPResponse
        do {
            response = try await httpClient.execute(request)
        } catch {
            let failure = Self.map(transportError: error, limit: maxResponseSize)
            logger.warning("machine token request failed", metadata: ["error": "\(failure)"])
            throw failure
        }
        do {
            let authorized = try interpret(response, credential: credential)
            logger.info("machine token issued", metadata: [
                "status": "\(response.status)", "gateway_id": "\(authorized.gateway.id)",
                "expires_at": "\(RFC3339.seconds(authorized.expiresAt))",
            ])
            return authorized
        } catch {
            logger.warning("machine token request rejected", metadata: ["status": "\(response.status)", "error": "\(error)"])
            throw error
        }
    }

    /// Maps a complete HTTP response to the authorize result or a typed error.
    func interpret(_ response: HTTPResponse, credential: RunbeamCredential) throws(RunbeamError) -> AuthorizeResponse {
        let message = ServerMessage(credential: credential)
        // The client asks for no compression and decodes none: an encoded body cannot be read.
        if let encoding = response.headers["Content-Encoding"], encoding.trimmingWhitespace().lowercased() != "identity" {
            throw .malformedResponse(reason: "the body has a Content-Encoding the client did not ask for and cannot decode")
        }
        switch response.status {
        case 200, 201:
            let authorized = try AuthorizeResponse.decode(response.body)
            try authorized.checkExpiry(now: now())
            return authorized
        case 401:
            throw .unauthorized
        case 403:
            throw .forbidden(message: message.message(from: response.body))
        case 422:
            throw .invalid(fieldErrors: message.fieldErrors(from: response.body))
        case 429:
            throw .rateLimited(retryAfter: RetryAfter.parse(response.headers["Retry-After"], now: now()))
        case 500...599:
            let detail = message.message(from: response.body)
            throw .unavailable(
                reason: "status \(response.status)" + (detail.isEmpty ? "" : ": \(detail)"),
                retryAfter: RetryAfter.parse(response.headers["Retry-After"], now: now())
            )
        default:
            throw .unexpectedStatus(code: response.status, message: message.message(from: response.body))
        }
    }

    static func body(gatewayCode: String, credential: RunbeamCredential, machinePublicKey: String?, metadata: [String]?) -> Data {
        var fields = [
            "\"token\":\(JSONText.quoted(credential.secretValue))",
            "\"gateway_code\":\(JSONText.quoted(gatewayCode))",
        ]
        if let machinePublicKey { fields.append("\"machine_public_key\":\(JSONText.quoted(machinePublicKey))") }
        if let metadata { fields.append("\"metadata\":[\(metadata.map(JSONText.quoted).joined(separator: ","))]") }
        return Data(("{" + fields.joined(separator: ",") + "}").utf8)
    }

    static func map(transportError error: any Error, limit: Int) -> RunbeamError {
        guard let error = error as? HTTPClientError else { return .unavailable(reason: "the request failed") }
        switch error {
        case .bodyTooLarge, .lineTooLong:
            return .responseTooLarge(limit: limit)
        case .timeout(let kind, _):
            return .unavailable(reason: "the request timed out (\(kind.rawValue))")
        case .transport, .tls, .shutdown:
            return .unavailable(reason: error.description)
        case .cancelled:
            return .cancelled
        case .invalidURL, .invalidHeader:
            return .invalidConfiguration(reason: error.description)
        }
    }
}
