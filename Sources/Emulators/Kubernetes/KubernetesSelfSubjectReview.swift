import Basics
import FoundationEssentials
import JSON

/// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews` (`kubectl auth whoami`): who the request's
/// credentials say the caller is. Superusers are reported as `system:admin` in `system:masters`.
enum KubernetesSelfSubjectReview {
    static let path = "/apis/authentication.k8s.io/v1/selfsubjectreviews"

    static func review(identity: KubernetesIdentity, now: Date) -> JSONValue {
        let user: KubernetesUser
        switch identity {
        case .superuser: user = KubernetesUser(name: "system:admin", groups: ["system:masters", KubernetesUser.authenticatedGroup])
        case .user(let known): user = known
        }
        return [
            "kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["creationTimestamp": .string(RFC3339.seconds(now))],
            "status": ["userInfo": ["username": .string(user.name), "groups": .array(user.groups.map(JSONValue.string))]],
        ]
    }
}
