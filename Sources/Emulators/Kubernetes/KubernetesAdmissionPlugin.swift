/// Optional admission plugins of the emulator, named as kube-apiserver's `--enable-admission-plugins` names them.
public enum KubernetesAdmissionPlugin: String, Sendable, Hashable, Codable, CaseIterable {
    /// Setting `metadata.ownerReferences` on update needs `delete` on the object; a new `blockOwnerDeletion: true`
    /// reference needs `update` on the owner's `finalizers` subresource (as OpenShift runs it).
    case ownerReferencesPermissionEnforcement = "OwnerReferencesPermissionEnforcement"
}
