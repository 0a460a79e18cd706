/// Supplies the bearer token for each request, so that rotating tokens are picked up.
public protocol BearerTokenProvider: Sendable {
    /// The token to send, or `nil` to send no `Authorization` header.
    func bearerToken() async throws -> String?
}

/// A provider backed by a closure.
public struct ClosureBearerTokenProvider: BearerTokenProvider {
    private let body: @Sendable () async throws -> String?

    public init(_ body: @escaping @Sendable () async throws -> String?) { self.body = body }

    public func bearerToken() async throws -> String? { try await body() }
}
