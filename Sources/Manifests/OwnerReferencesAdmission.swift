import GatewayAPI
import GatewayCore
import Kubernetes

/// The `OwnerReferencesPermissionEnforcement` admission plugin as the RBAC audit models it: the authorization checks
/// the API server makes on top of a request's own, for the owner references the operator writes.
///
/// The plugin (on by default in OpenShift) checks, for a create or update that adds an owner reference with
/// `blockOwnerDeletion: true`, that the user may `update` the owner's `finalizers` subresource; for an update that
/// changes owner references at all, that it may `delete` the object. The operator writes a Secret's controller
/// reference to its Gateway (``OwnerReference/controller(of:)``, blocking) only when it creates the Secret, and keeps
/// it unchanged on every replace, so only a Secret create implies a check.
public enum OwnerReferencesAdmission {
    /// Whether the operator's owner reference blocks owner deletion (what makes the finalizers check happen).
    public static var operatorReferenceBlocksOwnerDeletion: Bool {
        let gateway = Gateway(
            metadata: GatewayMetadata(name: "g", namespace: "n", uid: "u"),
            spec: GatewaySpec(cloud: CloudSpec(credentialsSecretRef: SecretKeyReference(name: "c", key: "k"))))
        return OwnerReference.controller(of: gateway).blockOwnerDeletion == true
    }

    /// The checks the plugin makes for `request` by the operator.
    public static func impliedChecks(for request: APIRequest) -> [APIRequest] {
        guard request.verb == "create", request.group == "", request.resource == "secrets", operatorReferenceBlocksOwnerDeletion else { return [] }
        return [APIRequest(verb: "update", group: GatewayCRD.group, resource: "\(GatewayCRD.plural)/finalizers", namespace: request.namespace)]
    }
}
