import FoundationEssentials
import YAML

/// The fields of a kubeconfig file this module reads (others are ignored).
struct Kubeconfig: Decodable, Sendable {
    struct Named<Value: Decodable & Sendable>: Decodable, Sendable {
        var name: String
        var value: Value?

        enum CodingKeys: String, CodingKey {
            case name
            case cluster, user, context
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            let key = [CodingKeys.cluster, .user, .context].first { container.contains($0) }
            value = try key.map { try container.decodeIfPresent(Value.self, forKey: $0) } ?? nil
        }
    }

    struct Cluster: Decodable, Sendable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?
        var proxyURL: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }
    }

    struct User: Decodable, Sendable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var username: String?
        var password: String?
        var exec: ExecConfig?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
        }
    }

    struct ExecConfig: Decodable, Sendable {
        struct EnvEntry: Decodable, Sendable {
            var name: String
            var value: String
        }

        var apiVersion: String?
        var command: String
        var args: [String]?
        var env: [EnvEntry]?
        var installHint: String?
        var provideClusterInfo: Bool?
        var interactiveMode: String?
    }

    struct Context: Decodable, Sendable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    var clusters: [Named<Cluster>]?
    var users: [Named<User>]?
    var contexts: [Named<Context>]?
    var currentContext: String?

    enum CodingKeys: String, CodingKey {
        case clusters, users, contexts
        case currentContext = "current-context"
    }
}
