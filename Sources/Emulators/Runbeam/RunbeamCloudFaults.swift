import NIOConcurrencyHelpers

/// A scripted misbehaviour of the Runbeam Cloud emulator's authorize endpoint.
public enum RunbeamCloudFault: Sendable, Hashable {
    /// 401 `{"message":"Unauthenticated."}`.
    case unauthorized
    /// 403 with this message.
    case forbidden(message: String = "This gateway belongs to a different team")
    /// 422 with a Laravel `errors` object for `gateway_code`.
    case validationFailed
    /// 429 with `Retry-After: seconds`.
    case rateLimited(retryAfterSeconds: Int)
    /// 500 `{"message":"Server Error"}`.
    case internalError
    /// 503, with `Retry-After` when given.
    case serviceUnavailable(retryAfterSeconds: Int? = nil)
    /// The normal answer, sent after this delay.
    case delay(Duration)
    /// 200 with a body that is not JSON.
    case malformedJSON
    /// 200 whose body stops halfway: the connection closes mid-body.
    case truncatedBody
    /// 200 with `machine_token` a number and `expires_in` a string.
    case wrongFieldTypes
    /// 200 with an `expires_at` that is not a timestamp.
    case unparseableExpiresAt
    /// 200 whose valid JSON body is padded to `bytes` bytes.
    case hugeBody(bytes: Int)

    /// A short name for logs and the control endpoint.
    public var name: String {
        switch self {
        case .unauthorized: return "unauthorized"
        case .forbidden: return "forbidden"
        case .validationFailed: return "validationFailed"
        case .rateLimited: return "rateLimited"
        case .internalError: return "internalError"
        case .serviceUnavailable: return "serviceUnavailable"
        case .delay: return "delay"
        case .malformedJSON: return "malformedJSON"
        case .truncatedBody: return "truncatedBody"
        case .wrongFieldTypes: return "wrongFieldTypes"
        case .unparseableExpiresAt: return "unparseableExpiresAt"
        case .hugeBody: return "hugeBody"
        }
    }
}

/// The faults waiting for the next authorize requests (``RunbeamCloudEmulator/faults``).
public final class RunbeamCloudFaults: Sendable {
    struct Rule: Sendable {
        var remaining: Int
        var gatewayCode: String?
        var fault: RunbeamCloudFault
        /// For a time window: the rule answers every matching request until this instant, then lapses.
        var until: ContinuousClock.Instant? = nil
    }

    private let rules = NIOLockedValueBox<[Rule]>([])

    init() {}

    /// Answers the next `count` authorize requests (for `gatewayCode` only, when given) with `fault`.
    /// Rules apply in the order they were added.
    public func inject(_ fault: RunbeamCloudFault, count: Int = 1, gatewayCode: String? = nil) {
        guard count > 0 else { return }
        rules.withLockedValue { $0.append(Rule(remaining: count, gatewayCode: gatewayCode, fault: fault)) }
    }

    /// Answers every authorize request (for `gatewayCode` only, when given) with `fault` for `duration`
    /// from now (an outage).
    public func inject(_ fault: RunbeamCloudFault, for duration: Duration, gatewayCode: String? = nil) {
        let until = ContinuousClock.now + duration
        rules.withLockedValue { $0.append(Rule(remaining: 1, gatewayCode: gatewayCode, fault: fault, until: until)) }
    }

    /// Removes every pending fault.
    public func reset() { rules.withLockedValue { $0 = [] } }

    /// The number of pending fault uses.
    public var pending: Int { rules.withLockedValue { $0.reduce(0) { $0 + $1.remaining } } }

    /// The fault for a request for `gatewayCode`, consuming one use of the first matching rule.
    func take(gatewayCode: String?) -> RunbeamCloudFault? {
        let now = ContinuousClock.now
        return rules.withLockedValue { rules in
            rules.removeAll { $0.until.map { $0 <= now } ?? false }
            guard let index = rules.firstIndex(where: { $0.gatewayCode == nil || $0.gatewayCode == gatewayCode }) else { return nil }
            let fault = rules[index].fault
            if rules[index].until == nil {
                rules[index].remaining -= 1
                if rules[index].remaining == 0 { rules.remove(at: index) }
            }
            return fault
        }
    }
}
