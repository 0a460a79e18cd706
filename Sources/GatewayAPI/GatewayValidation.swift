import FoundationEssentials

/// One problem of a Gateway spec, with the path of the field.
public struct FieldProblem: Sendable, Hashable, CustomStringConvertible {
    /// `spec.renewal.renewBefore`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every problem of an invalid Gateway spec.
public struct GatewayValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [FieldProblem]

    /// The most problems the description lists (the rest are counted), so a condition message stays short.
    public static let describedProblemsLimit = 10

    public var description: String {
        let shown = problems.prefix(Self.describedProblemsLimit).map(\.description).joined(separator: "; ")
        let more = problems.count - Self.describedProblemsLimit
        return more > 0 ? "\(shown); and \(more) more problem\(more == 1 ? "" : "s")" : shown
    }
}

/// Checks a Gateway beyond what the CRD schema can say, and applies the defaults.
public struct GatewayValidator: Sendable {
    public var apiURLPolicy: APIURLPolicy
    public var defaultRenewBeforePercentage: Int

    public init(apiURLPolicy: APIURLPolicy, defaultRenewBeforePercentage: Int = 33) {
        self.apiURLPolicy = apiURLPolicy
        self.defaultRenewBeforePercentage = defaultRenewBeforePercentage
    }

    /// A validator for an operator configuration.
    public init(configuration: OperatorConfiguration) {
        self.init(
            apiURLPolicy: APIURLPolicy(defaultAPIURL: configuration.defaultAPIURL, allowedPrefixes: configuration.allowedAPIURLs),
            defaultRenewBeforePercentage: configuration.renewal.defaultRenewBeforePercentage)
    }

    /// The resolved spec, or every problem found.
    public func validate(_ gateway: Gateway) -> Result<ResolvedGatewaySpec, GatewayValidationError> {
        let q = GatewayConstraints.quoted
        func k(_ key: String) -> String { String(q(key).dropFirst().dropLast()) }
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }
        let spec = gateway.spec

        let code = spec.gatewayCode ?? gateway.metadata.name
        let codeField = spec.gatewayCode == nil ? "spec.gatewayCode (default metadata.name)" : "spec.gatewayCode"
        if code.utf8.count > GatewayConstraints.gatewayCodeMaxLength {
            problem(codeField, "\(q(code)) is longer than \(GatewayConstraints.gatewayCodeMaxLength) characters")
        } else if !GatewayConstraints.matches(code, GatewayConstraints.gatewayCodePattern) {
            problem(codeField, "\(q(code)) must be lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit")
        }

        let apiURL = spec.cloud.apiURL ?? apiURLPolicy.defaultAPIURL
        if let components = URLComponents(string: apiURL), components.user != nil || components.password != nil {
            // Never echo the URL: its user information may be a password.
            problem("spec.cloud.apiURL", "must not carry user information (user:password@); the credential belongs in spec.cloud.credentialsSecretRef")
        } else if let host = URLComponents(string: apiURL)?.host,
            host.utf8.count > 253 || host.split(separator: ".", omittingEmptySubsequences: false).contains(where: { $0.utf8.count > 63 })
        {
            problem("spec.cloud.apiURL", "the host is not a DNS name (at most 253 characters, labels at most 63); use e.g. https://api.runbeam.cloud/api")
        } else if let message = apiURLPolicy.problem(with: apiURL) {
            problem("spec.cloud.apiURL", apiURL.isEmpty ? "must not be empty; use e.g. https://api.runbeam.cloud/api" : message.replacing(apiURL, with: q(apiURL)))
        }

        let credentials = spec.cloud.credentialsSecretRef
        if !GatewayConstraints.isDNSSubdomain(credentials.name) {
            problem("spec.cloud.credentialsSecretRef.name", "\(q(credentials.name)) is not a Secret name (DNS subdomain)")
        }
        if !GatewayConstraints.isSecretKey(credentials.key) {
            problem("spec.cloud.credentialsSecretRef.key", "\(q(credentials.key)) is not a Secret key (letters, digits, '-', '_', '.')")
        }

        let secretName = spec.secret?.name ?? gateway.metadata.name + GatewayConstraints.secretNameSuffix
        if !GatewayConstraints.isDNSSubdomain(secretName) {
            problem(spec.secret?.name == nil ? "spec.secret.name (default <name>-runbeam)" : "spec.secret.name", "\(q(secretName)) is not a Secret name (DNS subdomain, at most 253 characters)")
        }
        if secretName == credentials.name {
            problem("spec.secret.name", "\(q(secretName)) is the credentials Secret; the operator must not write over it, choose another name")
        }
        let tokenKey = spec.secret?.machineTokenKey ?? GatewayConstraints.defaultMachineTokenKey
        let keyKey = spec.secret?.encryptionKeyKey ?? GatewayConstraints.defaultEncryptionKeyKey
        if !GatewayConstraints.isSecretKey(tokenKey) { problem("spec.secret.machineTokenKey", "\(q(tokenKey)) is not a Secret key (letters, digits, '-', '_', '.')") }
        if !GatewayConstraints.isSecretKey(keyKey) { problem("spec.secret.encryptionKeyKey", "\(q(keyKey)) is not a Secret key (letters, digits, '-', '_', '.')") }
        if tokenKey == keyKey { problem("spec.secret.encryptionKeyKey", "must differ from machineTokenKey (both are \(q(tokenKey)))") }
        for (key, value) in (spec.secret?.labels ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !GatewayConstraints.isQualifiedName(key) { problem("spec.secret.labels[\(k(key))]", "\(q(key)) is not a label key") }
            if !GatewayConstraints.isLabelValue(value) { problem("spec.secret.labels[\(k(key))]", "\(q(value)) is not a label value (at most 63 letters, digits, '-', '_', '.')") }
            if OperatorLabels.reservedSecretLabels.contains(key) { problem("spec.secret.labels[\(k(key))]", "is set by the operator and cannot be overridden") }
        }
        for key in (spec.secret?.annotations ?? [:]).keys.sorted() {
            if !GatewayConstraints.isQualifiedName(key) { problem("spec.secret.annotations[\(k(key))]", "\(q(key)) is not an annotation key") }
            if OperatorLabels.reservedSecretAnnotations.contains(key) { problem("spec.secret.annotations[\(k(key))]", "is set by the operator and cannot be overridden") }
        }

        var renewBefore = ResolvedGatewaySpec.RenewBefore.percentage(defaultRenewBeforePercentage)
        switch (spec.renewal?.renewBefore, spec.renewal?.renewBeforePercentage) {
        case (.some, .some):
            problem("spec.renewal", "set either renewBefore or renewBeforePercentage, not both")
        case (.some(let duration), nil):
            if duration.seconds < 60 {
                problem("spec.renewal.renewBefore", "\(duration) is too short; renew at least 1m before expiry")
            } else if !(duration.seconds <= GatewayConstraints.renewBeforeMaxSeconds) {
                problem("spec.renewal.renewBefore", "\(duration) is longer than 8760h; tokens live 30 days, use e.g. 240h")
            }
            renewBefore = .duration(duration)
        case (nil, .some(let percentage)):
            if !GatewayConstraints.renewBeforePercentageRange.contains(percentage) {
                problem("spec.renewal.renewBeforePercentage", "\(percentage) must be between 1 and 99")
            }
            renewBefore = .percentage(percentage)
        case (nil, nil):
            break
        }

        var rollout = ResolvedGatewaySpec.Rollout.none
        switch (spec.rollout?.targets, spec.rollout?.selector) {
        case (.some, .some):
            problem("spec.rollout", "set either targets or selector, not both")
        case (.some(let targets), nil):
            if targets.count > GatewayConstraints.rolloutTargetsMaxCount {
                problem("spec.rollout.targets", "lists \(targets.count) workloads; at most \(GatewayConstraints.rolloutTargetsMaxCount) are allowed, use a selector instead")
            }
            var seen = Set<RolloutTarget>()
            for (index, target) in targets.enumerated() {
                if !GatewayConstraints.isDNSSubdomain(target.name) {
                    problem("spec.rollout.targets[\(index)].name", "\(q(target.name)) is not a workload name (DNS subdomain)")
                }
                if !seen.insert(target).inserted {
                    problem("spec.rollout.targets[\(index)]", "\(target.kind.rawValue) \(target.name) is listed twice")
                }
            }
            rollout = .targets(targets)
        case (nil, .some(let selector)):
            let labels = selector.matchLabels ?? [:]
            if labels.isEmpty {
                problem("spec.rollout.selector.matchLabels", "must not be empty: an empty selector would restart every workload in the namespace")
            }
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                if !GatewayConstraints.isQualifiedName(key) || !GatewayConstraints.isLabelValue(value) {
                    problem("spec.rollout.selector.matchLabels[\(k(key))]", "\(q(key)): \(q(value)) is not a valid label")
                }
            }
            rollout = .selector(selector)
        case (nil, nil):
            break
        }

        guard problems.isEmpty else { return .failure(GatewayValidationError(problems: problems)) }
        return .success(
            ResolvedGatewaySpec(
                gatewayCode: code, apiURL: apiURL, credentials: credentials, secretName: secretName, machineTokenKey: tokenKey,
                encryptionKeyKey: keyKey, encryptionKeyFormat: spec.secret?.encryptionKeyFormat ?? .base64,
                secretLabels: spec.secret?.labels ?? [:], secretAnnotations: spec.secret?.annotations ?? [:], renewBefore: renewBefore,
                rotation: spec.encryptionKey?.rotation ?? .never, rollout: rollout, suspend: spec.suspend ?? false))
    }
}
