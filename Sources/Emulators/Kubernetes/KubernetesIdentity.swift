/// Who sent a request: a superuser (one of the all-powerful bearer tokens, or any request when the emulator
/// checks no tokens) or a user authorized by RBAC.
enum KubernetesIdentity: Sendable, Hashable {
    case superuser
    case user(KubernetesUser)
}
