import JSON

/// The fields of `metadata` the API server decodes (ObjectMeta), as a structural schema, so that
/// unknown fields and mistyped values under `metadata` are reported as kubectl's strict field
/// validation reports them (`unknown field "metadata.labl"`).
enum ObjectMetaSchema {
    private static let string: JSONValue = ["type": "string"]
    private static let integer: JSONValue = ["type": "integer"]
    private static let stringMap: JSONValue = ["type": "object", "additionalProperties": string]
    private static let anyObject: JSONValue = ["type": "object", "x-kubernetes-preserve-unknown-fields": true]

    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "name": string,
            "generateName": string,
            "namespace": string,
            "selfLink": string,
            "uid": string,
            "resourceVersion": string,
            "generation": integer,
            "creationTimestamp": string,
            "deletionTimestamp": string,
            "deletionGracePeriodSeconds": integer,
            "labels": stringMap,
            "annotations": stringMap,
            "ownerReferences": ["type": "array", "items": anyObject],
            "finalizers": ["type": "array", "items": string],
            "managedFields": ["type": "array", "items": anyObject],
        ],
    ]
}
