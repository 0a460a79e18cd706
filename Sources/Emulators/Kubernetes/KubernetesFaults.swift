import NIOConcurrencyHelpers

/// Which requests an injected failure applies to.
public struct KubernetesRequestMatcher: Sendable, Hashable, Codable {
    /// Kubernetes verb (get, list, watch, create, update, patch, delete), or nil for any.
    public var verb: String?
    /// A substring the path must contain, or nil for any.
    public var pathContains: String?

    public init(verb: String? = nil, pathContains: String? = nil) {
        self.verb = verb
        self.pathContains = pathContains
    }

    /// Matches every API request.
    public static let any = KubernetesRequestMatcher()

    func matches(verb: String, path: String) -> Bool {
        (self.verb == nil || self.verb == verb) && (pathContains.map(path.contains) ?? true)
    }
}

/// An injected failure answer. The 403 and 422 answers name the request's resource and object as the real
/// server would (`details` name, group, kind); a given `message` replaces the whole Status message.
public enum KubernetesInjectedFailure: Sendable, Hashable, Codable {
    case tooManyRequests(retryAfter: Int)
    case internalError
    case serviceUnavailable
    case conflict
    /// 403 Forbidden; by default the OwnerReferencesPermissionEnforcement blockOwnerDeletion denial.
    case forbidden(message: String? = nil)
    /// 422 Invalid with one `details.causes` entry, as an admission webhook or validation rejects an object.
    case invalid(message: String? = nil)
    /// 403 Forbidden from a ResourceQuota named `quota` whose object count for the resource is used up at `limit`.
    case quotaExceeded(quota: String = "quota", limit: Int = 1, message: String? = nil)

    func error(_ target: KubernetesRequestTarget) -> KubernetesStatusError {
        switch self {
        case .tooManyRequests(let seconds):
            return .init(code: 429, reason: "TooManyRequests", message: "the server has received too many requests and has asked us to try again later", retryAfterSeconds: seconds)
        case .internalError:
            return .init(code: 500, reason: "InternalError", message: "Internal error occurred: injected by the emulator")
        case .serviceUnavailable:
            return .init(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request", retryAfterSeconds: 1)
        case .conflict:
            return .init(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again")
        case .forbidden(let message):
            var error = KubernetesStatusError.forbidden(
                group: target.group, resource: target.resource, name: target.name,
                "cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>"
            )
            if let message { error.message = message }
            return error
        case .invalid(let message):
            return .invalidObject(target, message: message)
        case .quotaExceeded(let quota, let limit, let message):
            let counted = "count/" + (target.group.isEmpty ? target.resource : "\(target.resource).\(target.group)")
            var error = KubernetesStatusError.forbidden(
                group: target.group, resource: target.resource, name: target.name,
                "exceeded quota: \(quota), requested: \(counted)=1, used: \(counted)=\(limit), limited: \(counted)=\(limit)"
            )
            if let message { error.message = message }
            return error
        }
    }
}

/// Faults tests inject: failures for the next N matching requests or for a time window, and added latency. Dropping
/// watches and compacting history act on the store (``KubernetesEmulator/faults``).
public final class KubernetesFaults: Sendable {
    struct Rule: Sendable {
        var remaining: Int
        var matcher: KubernetesRequestMatcher
        var failure: KubernetesInjectedFailure
        /// For a time window: the rule answers every matching request until this instant, then lapses.
        var until: ContinuousClock.Instant? = nil
    }

    private let rules = NIOLockedValueBox<[Rule]>([])
    private let latencyBox = NIOLockedValueBox<Duration>(.zero)
    private let store: KubernetesStore

    init(store: KubernetesStore) { self.store = store }

    /// Answers the next `count` requests that match with `failure`.
    public func failNext(_ count: Int, matching matcher: KubernetesRequestMatcher = .any, with failure: KubernetesInjectedFailure) {
        rules.withLockedValue { $0.append(Rule(remaining: count, matcher: matcher, failure: failure)) }
    }

    /// Answers every matching request with `failure` for `duration` from now (an outage).
    public func failFor(_ duration: Duration, matching matcher: KubernetesRequestMatcher = .any, with failure: KubernetesInjectedFailure) {
        let until = ContinuousClock.now + duration
        rules.withLockedValue { $0.append(Rule(remaining: 1, matcher: matcher, failure: failure, until: until)) }
    }

    /// Delays every API answer by `latency` (zero turns it off).
    public func setLatency(_ latency: Duration) { latencyBox.withLockedValue { $0 = latency } }

    /// The latency added to each answer.
    public var latency: Duration { latencyBox.withLockedValue { $0 } }

    /// Ends every open watch by closing its connection.
    public func dropAllWatches() { store.dropAllWatches() }

    /// Forgets the event history, so watches from older resourceVersions get 410.
    public func compactHistory() { store.compactHistory() }

    /// Removes every pending failure and the latency.
    public func reset() {
        rules.withLockedValue { $0 = [] }
        setLatency(.zero)
    }

    /// The failure for this request, consuming one use of the first matching rule.
    func failure(verb: String, path: String) -> KubernetesInjectedFailure? {
        let now = ContinuousClock.now
        return rules.withLockedValue { rules in
            rules.removeAll { $0.until.map { $0 <= now } ?? false }
            guard let index = rules.firstIndex(where: { $0.remaining > 0 && $0.matcher.matches(verb: verb, path: path) }) else { return nil }
            let failure = rules[index].failure
            if rules[index].until == nil {
                rules[index].remaining -= 1
                if rules[index].remaining == 0 { rules.remove(at: index) }
            }
            return failure
        }
    }
}
