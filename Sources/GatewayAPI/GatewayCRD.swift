import JSON

/// The CustomResourceDefinition of `gateways.runbeam.io`, generated from ``GatewaySchema``.
public enum GatewayCRD {
    public static let group = "runbeam.io"
    public static let version = "v1alpha1"
    public static let plural = "gateways"
    /// Tells Helm to keep the object on `helm uninstall`.
    public static let keepAnnotation = "helm.sh/resource-policy"

    /// The CRD as JSON (print it with `YAMLEncoder`).
    public static var json: JSONValue {
        let version: JSONValue = [
            "name": .string(Self.version),
            "served": true,
            "storage": true,
            "schema": ["openAPIV3Schema": .object(GatewaySchema.root.json)],
            "subresources": ["status": .emptyObject],
            "additionalPrinterColumns": [
                // Code from status: the effective code, also when spec.gatewayCode defaults to the name.
                column("Code", ".status.gatewayCode", description: "Runbeam gateway code of the current token"),
                column("Ready", ".status.conditions[?(@.type==\"Ready\")].status"),
                // Strings, not dates: a date column renders an age, and a future time as <invalid>.
                column("Expires", ".status.expiresAt", description: "Token expiry (RFC 3339, UTC)"),
                column("Renews", ".status.renewalTime", description: "Next renewal (RFC 3339, UTC)"),
                column("Age", ".metadata.creationTimestamp", type: "date"),
            ],
        ]
        return [
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": [
                "name": .string("\(plural).\(group)"),
                "labels": ["app.kubernetes.io/name": .string(OperatorLabels.managerName)],
                // Deleting the CRD deletes every Gateway and, through ownerReferences, every Secret they own:
                // `helm uninstall` leaves it (Helm never deletes crds/ anyway; this also covers templated copies).
                "annotations": [keepAnnotation: "keep"],
            ],
            "spec": [
                "group": .string(group),
                "scope": "Namespaced",
                "names": [
                    "kind": .string(Gateway.kind),
                    "listKind": "GatewayList",
                    "plural": .string(plural),
                    "singular": "gateway",
                    "shortNames": ["rbgw"],
                    "categories": ["runbeam"],
                ],
                "versions": [version],
            ],
        ]
    }

    private static func column(_ name: String, _ path: String, type: String = "string", description: String? = nil) -> JSONValue {
        var column: [String: JSONValue] = ["name": .string(name), "type": .string(type), "jsonPath": .string(path)]
        if let description { column["description"] = .string(description) }
        return .object(column)
    }
}
