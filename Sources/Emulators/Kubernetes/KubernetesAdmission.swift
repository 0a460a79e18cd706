import JSON

/// A validating admission check of one write: it sees the stored object (nil on create) and the object about to
/// be committed, and throws to reject the write.
typealias KubernetesAdmission = @Sendable (_ old: JSONValue?, _ new: JSONValue) throws(KubernetesStatusError) -> Void
