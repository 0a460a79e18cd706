/// The label, annotation and field-manager names the operator reads and writes.
public enum OperatorLabels {
    /// The value of `app.kubernetes.io/managed-by` on every Secret the operator writes.
    public static let managerName = "runbeam-operator"
    /// The label naming the tool that manages an object.
    public static let managedBy = "app.kubernetes.io/managed-by"
    /// The label naming the Gateway a Secret belongs to.
    public static let gateway = "runbeam.io/gateway"
    /// The Secret annotation with the age recipient of its encryption key.
    public static let recipient = "runbeam.io/recipient"
    /// The Secret annotation with the token's expiry (RFC 3339).
    public static let expiresAt = "runbeam.io/expires-at"
    /// The Secret annotation with the time the token was issued (RFC 3339); rollouts compare against it.
    public static let issuedAt = "runbeam.io/issued-at"
    /// The pod-template annotation the operator sets to restart a workload.
    public static let restartedAt = "runbeam.io/restartedAt"
    /// The Gateway annotation that requests an on-demand renewal when its value changes.
    public static let renewRequestedAt = "runbeam.io/renew-requested-at"

    /// Secret labels the operator sets; users cannot override them.
    public static let reservedSecretLabels: Set<String> = [managedBy, gateway]
    /// Secret annotations the operator sets; users cannot override them.
    public static let reservedSecretAnnotations: Set<String> = [recipient, expiresAt, issuedAt]
}
