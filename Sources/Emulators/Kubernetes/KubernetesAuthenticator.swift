import HTTPServer

/// Maps a request's bearer token to a ``KubernetesIdentity``: superuser tokens, tokens of users, and (when enabled)
/// requests without credentials as `system:anonymous`. With no tokens configured every request is a superuser.
struct KubernetesAuthenticator: Sendable {
    let superuserTokens: Set<String>
    let users: [String: KubernetesUser]
    let anonymous: Bool
    /// Tokens issued by TokenRequest.
    let issuedTokens: KubernetesIssuedTokens

    /// Whether requests must carry a known token (or be anonymous, when allowed).
    var enabled: Bool { !superuserTokens.isEmpty || !users.isEmpty }

    /// The identity, or nil for 401 Unauthorized.
    func identify(_ request: ServerRequest) -> KubernetesIdentity? {
        guard enabled else { return .superuser }
        guard let token = KubernetesAPIHandler.bearerToken(request) else {
            return anonymous && request.header("Authorization") == nil ? .user(.anonymous) : nil
        }
        if superuserTokens.contains(token) { return .superuser }
        return (users[token] ?? issuedTokens.user(for: token)).map { .user($0.authenticated) }
    }
}
