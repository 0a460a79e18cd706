import JSON

/// Component schemas of the `/openapi/v3` group-version documents: the apimachinery types every document refers
/// to (ObjectMeta, ListMeta, Status, DeleteOptions, Patch, …, with their fields), the autoscaling/v1 Scale types for
/// kinds with a scale subresource, and each custom resource's schema (and its List) from its CRD.
enum KubernetesOpenAPISchemas {
    static let meta = "io.k8s.apimachinery.pkg.apis.meta.v1."

    static func object(_ properties: [String: JSONValue], description: String) -> JSONValue {
        ["type": "object", "description": .string(description), "properties": .object(properties)]
    }

    static func ref(_ name: String) -> JSONValue { ["allOf": [["$ref": .string("#/components/schemas/\(name)")]]] }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer", "format": "int64"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let stringMap: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
    static let strings: JSONValue = ["type": "array", "items": ["type": "string"]]

    /// The apimachinery types.
    static var apimachinery: [String: JSONValue] {
        [
            meta + "ObjectMeta": object([
                "name": string, "generateName": string, "namespace": string, "selfLink": string, "uid": string, "resourceVersion": string,
                "generation": integer, "creationTimestamp": ref(meta + "Time"), "deletionTimestamp": ref(meta + "Time"),
                "deletionGracePeriodSeconds": integer, "labels": stringMap, "annotations": stringMap,
                "ownerReferences": ["type": "array", "items": ref(meta + "OwnerReference")], "finalizers": strings,
                "managedFields": ["type": "array", "items": ref(meta + "ManagedFieldsEntry")],
            ], description: "ObjectMeta is metadata that all persisted resources must have."),
            meta + "ListMeta": object([
                "selfLink": string, "resourceVersion": string, "continue": string, "remainingItemCount": integer, "shardInfo": ref(meta + "ShardInfo"),
            ], description: "ListMeta describes metadata that synthetic resources must have."),
            meta + "ShardInfo": object(["selector": string], description: "ShardInfo describes the shard a list was served from."),
            meta + "OwnerReference": object([
                "apiVersion": string, "kind": string, "name": string, "uid": string, "controller": boolean, "blockOwnerDeletion": boolean,
            ], description: "OwnerReference contains enough information to let you identify an owning object."),
            meta + "ManagedFieldsEntry": object([
                "manager": string, "operation": string, "apiVersion": string, "time": ref(meta + "Time"), "fieldsType": string,
                "fieldsV1": ref(meta + "FieldsV1"), "subresource": string,
            ], description: "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to."),
            meta + "FieldsV1": ["type": "object", "description": "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format."],
            meta + "Time": ["type": "string", "format": "date-time", "description": "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON."],
            meta + "Status": object([
                "apiVersion": string, "kind": string, "metadata": ref(meta + "ListMeta"), "status": string, "message": string, "reason": string,
                "details": ref(meta + "StatusDetails"), "code": ["type": "integer", "format": "int32"],
            ], description: "Status is a return value for calls that don't return other objects."),
            meta + "StatusDetails": object([
                "name": string, "group": string, "kind": string, "uid": string, "causes": ["type": "array", "items": ref(meta + "StatusCause")],
                "retryAfterSeconds": ["type": "integer", "format": "int32"],
            ], description: "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response."),
            meta + "StatusCause": object(["reason": string, "message": string, "field": string],
                                         description: "StatusCause provides more information about an api.Status failure."),
            meta + "DeleteOptions": object([
                "apiVersion": string, "kind": string, "gracePeriodSeconds": integer, "preconditions": ref(meta + "Preconditions"),
                "orphanDependents": boolean, "propagationPolicy": string, "dryRun": strings, "ignoreStoreReadErrorWithClusterBreakingPotential": boolean,
            ], description: "DeleteOptions may be provided when deleting an API object."),
            meta + "Preconditions": object(["uid": string, "resourceVersion": string], description: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out."),
            meta + "Patch": ["type": "object", "description": "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."],
        ]
    }

    /// The autoscaling/v1 Scale types.
    static var scale: [String: JSONValue] {
        let prefix = "io.k8s.api.autoscaling.v1."
        return [
            prefix + "Scale": object([
                "apiVersion": string, "kind": string, "metadata": ref(meta + "ObjectMeta"), "spec": ref(prefix + "ScaleSpec"), "status": ref(prefix + "ScaleStatus"),
            ], description: "Scale represents a scaling request for a resource."),
            prefix + "ScaleSpec": object(["replicas": ["type": "integer", "format": "int32"]], description: "ScaleSpec describes the attributes of a scale subresource."),
            prefix + "ScaleStatus": object(["replicas": ["type": "integer", "format": "int32"], "selector": string],
                                           description: "ScaleStatus represents the current status of a scale subresource."),
        ]
    }

    /// The schemas of a custom resource kind and its list, from the CRD.
    static func custom(_ type: KubernetesResourceType, version: String) -> [String: JSONValue] {
        guard var schema = type.schemas[version] else { return [:] }
        let name = KubernetesOpenAPIV2.definitionName(type, version: version)
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["apiVersion"] = string
        properties["kind"] = string
        properties["metadata"] = ref(meta + "ObjectMeta")
        schema["properties"] = .object(properties)
        schema["x-kubernetes-group-version-kind"] = [["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)]]
        let list: JSONValue = [
            "type": "object", "description": .string("\(type.kind)List is a list of \(type.kind)"),
            "properties": ["apiVersion": string, "kind": string, "metadata": ref(meta + "ListMeta"), "items": ["type": "array", "items": ["$ref": .string("#/components/schemas/\(name)")]]],
            "x-kubernetes-group-version-kind": [["group": .string(type.group), "version": .string(version), "kind": .string(type.kind + "List")]],
        ]
        return [name: schema, name + "List": list]
    }
}
