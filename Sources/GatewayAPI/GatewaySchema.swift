import JSON

/// The OpenAPI schema of the Gateway resource, next to the types it describes; the CRD is generated from it.
public enum GatewaySchema {
    static let workloadKinds = WorkloadKind.allCases.map(\.rawValue)
    static let goDurationPattern = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"

    /// `spec`.
    public static let spec = OpenAPISchema.object(
        "The desired state of a Runbeam gateway's credentials.", required: ["cloud"],
        [
            "gatewayCode": .string("The Runbeam gateway code. Default: metadata.name.")
                .pattern(GatewayConstraints.gatewayCodePattern).maxLength(GatewayConstraints.gatewayCodeMaxLength),
            "cloud": .object(
                "Where and with which credential to obtain machine tokens.", required: ["credentialsSecretRef"],
                [
                    "apiURL": .string("Runbeam API base including /api. Default: the operator's defaultAPIURL. https only, except loopback hosts and allowed prefixes.")
                        .pattern("^https?://").maxLength(GatewayConstraints.apiURLMaxLength),
                    "credentialsSecretRef": .object(
                        "The Secret key, in the Gateway's namespace, holding a Runbeam API token or user JWT.", required: ["name", "key"],
                        [
                            "name": .string("Secret name.").pattern(GatewayConstraints.dnsSubdomainPattern).maxLength(GatewayConstraints.dnsSubdomainMaxLength),
                            "key": .string("Key in the Secret.").pattern(GatewayConstraints.secretKeyPattern).maxLength(GatewayConstraints.secretKeyMaxLength),
                        ]),
                ]),
            "secret": .object(
                "The Secret Harmony reads.",
                [
                    "name": .string("Secret name. Default: <gateway name>-runbeam.")
                        .pattern(GatewayConstraints.dnsSubdomainPattern).maxLength(GatewayConstraints.dnsSubdomainMaxLength),
                    "machineTokenKey": .string("Key of the machine token JSON (RUNBEAM_MACHINE_TOKEN).")
                        .pattern(GatewayConstraints.secretKeyPattern).maxLength(GatewayConstraints.secretKeyMaxLength)
                        .default(.string(GatewayConstraints.defaultMachineTokenKey)),
                    "encryptionKeyKey": .string("Key of the age identity (RUNBEAM_ENCRYPTION_KEY).")
                        .pattern(GatewayConstraints.secretKeyPattern).maxLength(GatewayConstraints.secretKeyMaxLength)
                        .default(.string(GatewayConstraints.defaultEncryptionKeyKey)),
                    "encryptionKeyFormat": .string("Base64 (every SDK) or Raw (SDK 0.11 and later).")
                        .enumeration(EncryptionKeyFormat.allCases.map(\.rawValue)).default(.string(EncryptionKeyFormat.base64.rawValue)),
                    "labels": .stringMap("Extra labels for the Secret."),
                    "annotations": .stringMap("Extra annotations for the Secret."),
                ]
            ).default(.emptyObject),
            "renewal": .object(
                "When to renew. Set at most one field; default renewBeforePercentage from the operator configuration (33).",
                [
                    "renewBefore": .string("Renew this long before expiry, in Go duration syntax (240h, 90m).").pattern(goDurationPattern).maxLength(GatewayConstraints.durationMaxLength),
                    "renewBeforePercentage": .integer("Renew with this percentage of the token's actual lifetime left.")
                        .minimum(GatewayConstraints.renewBeforePercentageRange.lowerBound).maximum(GatewayConstraints.renewBeforePercentageRange.upperBound),
                ]
            ).rule(
                "!(has(self.renewBefore) && has(self.renewBeforePercentage))", message: "set either renewBefore or renewBeforePercentage, not both"),
            "encryptionKey": .object(
                "The age identity written with the token.",
                [
                    "rotation": .string("Never keeps the identity across renewals (Harmony's stored token stays readable); OnRenewal makes a new one with every token.")
                        .enumeration(KeyRotation.allCases.map(\.rawValue)).default(.string(KeyRotation.never.rawValue))
                ]
            ).default(.emptyObject),
            "rollout": .object(
                "Workloads restarted when the token changes: targets or selector, not both.",
                [
                    "targets": .array(
                        of: .object(
                            required: ["kind", "name"],
                            [
                                "kind": .string().enumeration(workloadKinds),
                                "name": .string().pattern(GatewayConstraints.dnsSubdomainPattern).maxLength(GatewayConstraints.dnsSubdomainMaxLength),
                            ])
                    ).maxItems(64).listMap(keys: ["kind", "name"]),
                    "selector": .object(
                        "Workloads in the namespace whose labels match.", ["matchLabels": .stringMap()]
                    ).rule("has(self.matchLabels) && size(self.matchLabels) > 0", message: "matchLabels must not be empty"),
                ]
            ).rule("!(has(self.targets) && has(self.selector))", message: "set either targets or selector, not both"),
            "suspend": .boolean("When true the operator writes nothing for this Gateway.").default(false),
        ])

    static let timestamp = OpenAPISchema.string().format("date-time")

    /// `status`.
    public static let status = OpenAPISchema.object(
        "What the operator observed. Never holds a token, credential or key.",
        [
            "observedGeneration": .integer().format("int64"),
            "conditions": .array(
                of: .object(
                    required: ["type", "status", "lastTransitionTime", "reason", "message"],
                    [
                        "type": .string().maxLength(316),
                        "status": .string().enumeration(["True", "False", "Unknown"]),
                        "reason": .string().maxLength(1024),
                        "message": .string().maxLength(32768),
                        "lastTransitionTime": timestamp,
                        "observedGeneration": .integer().format("int64").minimum(0),
                    ])
            ).listMap(keys: ["type"]),
            "gatewayID": .string("The Runbeam gateway UUID."),
            "gatewayCode": .string("The effective gateway code (spec.gatewayCode, or metadata.name when unset), recorded on every status update."),
            "secretName": .string(),
            "recipient": .string("The age recipient (public key) of the encryption key."),
            "issuedAt": timestamp,
            "expiresAt": timestamp,
            "renewalTime": timestamp,
            "tokenHash": .string("SHA-256 of the Secret data (hex), for drift detection."),
            "lastRolloutTime": timestamp,
            "failedAttempts": .integer().minimum(0),
            "lastFailureTime": timestamp,
            "lastFailureMessage": .string(),
            "nextAttemptTime": timestamp,
            "lastRenewRequest": .string("The last runbeam.io/renew-requested-at value acted on."),
        ])

    /// The whole object.
    public static let root = OpenAPISchema.object(
        "A Harmony gateway kept authorized with Runbeam Cloud: the operator writes its machine token and age key into a Secret and renews them.",
        required: ["spec"],
        [
            "apiVersion": .string(),
            "kind": .string(),
            "metadata": .object(required: [], [:]),
            "spec": spec,
            "status": status,
        ])
}
