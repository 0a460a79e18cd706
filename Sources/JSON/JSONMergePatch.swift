extension JSONValue {
    /// Applies an RFC 7386 merge patch: object members merge recursively, `null` deletes a
    /// member, and any other value (arrays included) replaces the target whole.
    public func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = objectValue ?? [:]
        for (key, patchValue) in patchMembers {
            if patchValue.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = (result[key] ?? .null).applyingMergePatch(patchValue)
            }
        }
        return .object(result)
    }

    /// The merge patch that turns `self` into `target` (used to report differences).
    public func mergePatch(to target: JSONValue) -> JSONValue {
        guard case .object(let sourceMembers) = self, case .object(let targetMembers) = target else { return target }
        var patch: [String: JSONValue] = [:]
        for (key, sourceValue) in sourceMembers where targetMembers[key] == nil {
            _ = sourceValue
            patch[key] = .null
        }
        for (key, targetValue) in targetMembers {
            guard let sourceValue = sourceMembers[key] else {
                patch[key] = targetValue
                continue
            }
            if sourceValue != targetValue { patch[key] = sourceValue.mergePatch(to: targetValue) }
        }
        return .object(patch)
    }
}
