import JSON

/// A RoleBinding or ClusterRoleBinding as RBAC reads it: its role reference and subjects.
struct KubernetesRoleBinding: Sendable, Hashable {
    struct Subject: Sendable, Hashable {
        var kind: String
        var name: String
        var namespace: String
    }

    var name: String
    /// Empty for a ClusterRoleBinding.
    var namespace: String
    var roleKind: String
    var roleName: String
    var subjects: [Subject]

    init(name: String, namespace: String = "", roleKind: String, roleName: String, subjects: [Subject]) {
        self.name = name
        self.namespace = namespace
        self.roleKind = roleKind
        self.roleName = roleName
        self.subjects = subjects
    }

    /// The binding of a stored object.
    init(_ object: JSONValue) {
        let subjects = (object["subjects"]?.arrayValue ?? []).map { subject in
            Subject(kind: subject["kind"]?.stringValue ?? "", name: subject["name"]?.stringValue ?? "", namespace: subject["namespace"]?.stringValue ?? "")
        }
        self.init(
            name: object.metadataName, namespace: object.metadataNamespace,
            roleKind: object[path: ["roleRef", "kind"]]?.stringValue ?? "", roleName: object[path: ["roleRef", "name"]]?.stringValue ?? "",
            subjects: subjects
        )
    }

    /// The first subject that `user` is (the real server's `appliesTo`): a User by name, a Group among the
    /// user's groups, a ServiceAccount by namespace (defaulting to the binding's) and name.
    func subject(matching user: KubernetesUser) -> Subject? {
        subjects.first { subject in
            switch subject.kind {
            case "User": return subject.name == user.name
            case "Group": return user.groups.contains(subject.name)
            case "ServiceAccount":
                let namespace = subject.namespace.isEmpty ? self.namespace : subject.namespace
                return !namespace.isEmpty && user.name == "system:serviceaccount:\(namespace):\(subject.name)"
            default: return false
            }
        }
    }

    /// `RoleBinding "b/ns" of Role "r" to ServiceAccount "sa/ns"`, as the real server words an allowing binding.
    func describe(_ subject: Subject) -> String {
        let who: String
        if subject.kind == "ServiceAccount" {
            who = "ServiceAccount \"\(subject.name)/\(subject.namespace.isEmpty ? namespace : subject.namespace)\""
        } else {
            who = "\(subject.kind) \"\(subject.name)\""
        }
        let binding = namespace.isEmpty ? "ClusterRoleBinding \"\(name)\"" : "RoleBinding \"\(name)/\(namespace)\""
        return "\(binding) of \(roleKind) \"\(roleName)\" to \(who)"
    }
}
