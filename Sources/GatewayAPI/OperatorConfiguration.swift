import Basics
import FoundationEssentials
import YAML

/// The operator's configuration file (`--config`): every key optional, unknown keys and bad values rejected
/// with `FILE:LINE:COLUMN`.
public struct OperatorConfiguration: Sendable, Hashable, Decodable {
    /// Namespaces to watch; empty means all.
    public var watchNamespaces: [String] = []
    /// The Runbeam API base for Gateways without `spec.cloud.apiURL`.
    public var defaultAPIURL: String = "https://api.runbeam.cloud/api"
    /// URL prefixes Gateways may use; when non-empty, every other URL but ``defaultAPIURL`` is refused (SSRF guard).
    /// A listed prefix may also use `http`.
    public var allowedAPIURLs: [String] = []
    public var renewal = Renewal()
    public var runbeam = Runbeam()
    public var kubernetes = Kubernetes()
    /// Concurrent reconciles.
    public var workers: Int = 4
    public var leaderElection = LeaderElection()
    /// `host:port` of `/metrics`.
    public var metricsAddress: String = ":8080"
    /// `host:port` of `/healthz` and `/readyz`.
    public var healthAddress: String = ":8081"
    public var log = Log()

    /// The defaults.
    public init() {}

    /// `renewal`.
    public struct Renewal: Sendable, Hashable, Decodable {
        /// For Gateways that set neither `renewBefore` nor `renewBeforePercentage` (1–99).
        public var defaultRenewBeforePercentage: Int = 33
        /// The per-gateway jitter, in percent of the token lifetime (0–50).
        public var jitterPercent: Double = 5

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let value = try container.decodeIfPresent(Int.self, forKey: .defaultRenewBeforePercentage) {
                guard (1...99).contains(value) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .defaultRenewBeforePercentage, in: container, debugDescription: "must be between 1 and 99, found \(value)")
                }
                defaultRenewBeforePercentage = value
            }
            if let value = try container.decodeIfPresent(Double.self, forKey: .jitterPercent) {
                guard (0...50).contains(value) else {
                    throw DecodingError.dataCorruptedError(forKey: .jitterPercent, in: container, debugDescription: "must be between 0 and 50, found \(value)")
                }
                jitterPercent = value
            }
        }

        private enum CodingKeys: String, CodingKey { case defaultRenewBeforePercentage, jitterPercent }
    }

    /// `runbeam`: calls to Runbeam Cloud.
    public struct Runbeam: Sendable, Hashable, Decodable {
        /// Token bucket refill rate for all authorize calls.
        public var requestsPerSecond: Double = 5
        /// Token bucket size.
        public var burst: Int = 10
        /// Total timeout of one authorize call.
        public var timeoutSeconds: Double = 30

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let value = try container.decodeIfPresent(Double.self, forKey: .requestsPerSecond) {
                guard value > 0, value <= 10_000 else {
                    throw DecodingError.dataCorruptedError(forKey: .requestsPerSecond, in: container, debugDescription: "must be above 0 and at most 10000, found \(value)")
                }
                requestsPerSecond = value
            }
            if let value = try container.decodeIfPresent(Int.self, forKey: .burst) {
                guard value >= 1, value <= 10_000 else {
                    throw DecodingError.dataCorruptedError(forKey: .burst, in: container, debugDescription: "must be between 1 and 10000, found \(value)")
                }
                burst = value
            }
            if let value = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds) {
                guard value > 0, value <= 600 else {
                    throw DecodingError.dataCorruptedError(forKey: .timeoutSeconds, in: container, debugDescription: "must be above 0 and at most 600, found \(value)")
                }
                timeoutSeconds = value
            }
        }

        private enum CodingKeys: String, CodingKey { case requestsPerSecond, burst, timeoutSeconds }
    }

    /// `kubernetes`: the client-side request budget towards the API server (as client-go's QPS and burst).
    public struct Kubernetes: Sendable, Hashable, Decodable {
        /// Average requests per second; 0 turns the budget off (for API servers with priority and fairness tuned for it).
        public var qps: Double = 50
        /// Requests allowed at once above the average.
        public var burst: Int = 100

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let value = try container.decodeIfPresent(Double.self, forKey: .qps) {
                guard value >= 0, value <= 100_000 else {
                    throw DecodingError.dataCorruptedError(forKey: .qps, in: container, debugDescription: "must be between 0 (no budget) and 100000, found \(value)")
                }
                qps = value
            }
            if let value = try container.decodeIfPresent(Int.self, forKey: .burst) {
                guard value >= 1, value <= 100_000 else {
                    throw DecodingError.dataCorruptedError(forKey: .burst, in: container, debugDescription: "must be between 1 and 100000, found \(value)")
                }
                burst = value
            }
        }

        private enum CodingKeys: String, CodingKey { case qps, burst }
    }

    /// `leaderElection`.
    public struct LeaderElection: Sendable, Hashable, Decodable {
        public var enabled: Bool = true
        public var leaseName: String = "runbeam-operator"
        /// Empty means the operator's own namespace.
        public var leaseNamespace: String = ""
        public var leaseDuration = GoDuration(seconds: 15)
        public var renewDeadline = GoDuration(seconds: 10)
        public var retryPeriod = GoDuration(seconds: 2)

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
            leaseName = try container.decodeIfPresent(String.self, forKey: .leaseName) ?? leaseName
            if leaseName.isEmpty || !GatewayConstraints.isDNSSubdomain(leaseName) {
                throw DecodingError.dataCorruptedError(
                    forKey: .leaseName, in: container, debugDescription: "must be a DNS subdomain name (lower-case letters, digits, '-' and '.')")
            }
            leaseNamespace = try container.decodeIfPresent(String.self, forKey: .leaseNamespace) ?? leaseNamespace
            if !leaseNamespace.isEmpty, !GatewayConstraints.isDNSLabel(leaseNamespace) {
                throw DecodingError.dataCorruptedError(forKey: .leaseNamespace, in: container, debugDescription: "must be a namespace name (DNS label)")
            }
            leaseDuration = try Self.positive(container, .leaseDuration) ?? leaseDuration
            renewDeadline = try Self.positive(container, .renewDeadline) ?? renewDeadline
            retryPeriod = try Self.positive(container, .retryPeriod) ?? retryPeriod
            if renewDeadline >= leaseDuration {
                throw DecodingError.dataCorruptedError(
                    forKey: container.contains(.renewDeadline) ? .renewDeadline : .leaseDuration, in: container,
                    debugDescription: "renewDeadline (\(renewDeadline)) must be shorter than leaseDuration (\(leaseDuration))")
            }
            if retryPeriod >= renewDeadline {
                throw DecodingError.dataCorruptedError(
                    forKey: container.contains(.retryPeriod) ? .retryPeriod : .renewDeadline, in: container,
                    debugDescription: "retryPeriod (\(retryPeriod)) must be shorter than renewDeadline (\(renewDeadline))")
            }
        }

        private static func positive(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> GoDuration? {
            guard let value = try container.decodeIfPresent(GoDuration.self, forKey: key) else { return nil }
            guard value.seconds > 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be longer than 0s")
            }
            return value
        }

        private enum CodingKeys: String, CodingKey { case enabled, leaseName, leaseNamespace, leaseDuration, renewDeadline, retryPeriod }
    }

    /// `log`.
    public struct Log: Sendable, Hashable, Decodable {
        public var level: Level = .info
        public var format: Format = .json

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            level = try container.decodeIfPresent(Level.self, forKey: .level) ?? level
            format = try container.decodeIfPresent(Format.self, forKey: .format) ?? format
        }

        /// Log levels, as swift-log names them.
        public enum Level: String, Sendable, Hashable, Decodable, CaseIterable {
            case trace, debug, info, notice, warning, error, critical

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                let text = try container.decode(String.self)
                guard let value = Level(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "unknown log level \"\(text)\"; use one of \(Level.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self = value
            }
        }

        /// Log line formats.
        public enum Format: String, Sendable, Hashable, Decodable, CaseIterable {
            case json, text

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                let text = try container.decode(String.self)
                guard let value = Format(rawValue: text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown log format \"\(text)\"; use json or text")
                }
                self = value
            }
        }

        private enum CodingKeys: String, CodingKey { case level, format }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        watchNamespaces = try container.decodeIfPresent([String].self, forKey: .watchNamespaces) ?? []
        if let bad = watchNamespaces.first(where: { !GatewayConstraints.isDNSLabel($0) }) {
            throw DecodingError.dataCorruptedError(forKey: .watchNamespaces, in: container, debugDescription: "\"\(bad)\" is not a namespace name (DNS label)")
        }
        defaultAPIURL = try container.decodeIfPresent(String.self, forKey: .defaultAPIURL) ?? defaultAPIURL
        if let problem = APIURLPolicy.syntaxProblem(defaultAPIURL) {
            throw DecodingError.dataCorruptedError(forKey: .defaultAPIURL, in: container, debugDescription: problem)
        }
        allowedAPIURLs = try container.decodeIfPresent([String].self, forKey: .allowedAPIURLs) ?? []
        for prefix in allowedAPIURLs {
            if let problem = APIURLPolicy.syntaxProblem(prefix) {
                throw DecodingError.dataCorruptedError(forKey: .allowedAPIURLs, in: container, debugDescription: "\"\(prefix)\": \(problem)")
            }
        }
        renewal = try container.decodeIfPresent(Renewal.self, forKey: .renewal) ?? renewal
        runbeam = try container.decodeIfPresent(Runbeam.self, forKey: .runbeam) ?? runbeam
        kubernetes = try container.decodeIfPresent(Kubernetes.self, forKey: .kubernetes) ?? kubernetes
        if let value = try container.decodeIfPresent(Int.self, forKey: .workers) {
            guard (1...256).contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: .workers, in: container, debugDescription: "must be between 1 and 256, found \(value)")
            }
            workers = value
        }
        leaderElection = try container.decodeIfPresent(LeaderElection.self, forKey: .leaderElection) ?? leaderElection
        metricsAddress = try Self.address(container, .metricsAddress) ?? metricsAddress
        healthAddress = try Self.address(container, .healthAddress) ?? healthAddress
        log = try container.decodeIfPresent(Log.self, forKey: .log) ?? log
    }

    /// Reads a configuration file, refusing one larger than the YAML layer's input limit before reading it all.
    /// Every problem of the file is reported, one `FILE:LINE:COLUMN: message` per line.
    public static func load(contentsOf url: URL) throws -> OperatorConfiguration {
        let limit = YAMLLimits.default.maxInputBytes
        let data: Data
        do {
            data = try FileStream.reading(url.path).read(upToCount: limit + 1)
        } catch {
            throw OperatorConfigurationError(message: "\(url.path): cannot read the configuration file: \(errorText(error))")
        }
        guard data.count <= limit else {
            throw OperatorConfigurationError(
                message: "\(url.path): the configuration file is larger than \(limit >> 20) MiB; check that --config names the operator's configuration file")
        }
        let node: YAMLNode
        do {
            node = try YAMLParser().node(from: data, fileName: url.path)
        } catch {
            throw OperatorConfigurationError(message: error.description)
        }
        if node.isNull { return OperatorConfiguration() }
        // The file is YAML 1.2; a scalar YAML 1.1 tools (kubectl, Helm, yamllint) would read otherwise is refused.
        let ambiguous = SchemaDifference.all(in: data).map { difference in
            YAMLError(
                .invalidValue, "\(difference); write the value so both agree (quote a string)", file: url.path, mark: difference.mark)
        }
        do {
            let configuration = try YAMLDecoder(unknownKeys: .reject).decodeReportingEveryProblem(OperatorConfiguration.self, from: node, fileName: url.path)
            if !ambiguous.isEmpty { throw OperatorConfigurationError(message: YAMLProblems(errors: ambiguous).description) }
            return configuration
        } catch let problems as YAMLProblems {
            let marks = Set(ambiguous.compactMap(\.mark))
            let rest = problems.errors.filter { $0.mark.map { !marks.contains($0) } ?? true }
            throw OperatorConfigurationError(message: YAMLProblems(errors: (ambiguous + rest).sorted { ($0.mark?.line ?? 0, $0.mark?.column ?? 0) < ($1.mark?.line ?? 0, $1.mark?.column ?? 0) }).description)
        }
    }

    /// Parses configuration YAML; an empty document gives the defaults.
    public static func parse(_ data: Data, fileName: String? = nil) throws(YAMLError) -> OperatorConfiguration {
        let node = try YAMLParser().node(from: data, fileName: fileName)
        if node.isNull { return OperatorConfiguration() }
        return try YAMLDecoder(unknownKeys: .reject).decode(OperatorConfiguration.self, from: node, fileName: fileName)
    }

    private static func address(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\"\(text)\" is not HOST:PORT (e.g. :8080 or 0.0.0.0:8080)")
        }
        return text
    }

    private enum CodingKeys: String, CodingKey {
        case watchNamespaces, defaultAPIURL, allowedAPIURLs, renewal, runbeam, kubernetes, workers, leaderElection, metricsAddress, healthAddress, log
    }
}

/// A configuration file that cannot be read.
public struct OperatorConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
