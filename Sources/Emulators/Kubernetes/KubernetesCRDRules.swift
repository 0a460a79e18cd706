import JSON

/// Reading a CustomResourceDefinition into the resource type it makes the emulator serve.
enum KubernetesCRDRules {
    static func validate(_ crd: JSONValue, type: KubernetesResourceType) throws(KubernetesStatusError) {
        var errors: [KubernetesFieldError] = []
        let group = crd[path: ["spec", "group"]]?.stringValue ?? ""
        let plural = crd[path: ["spec", "names", "plural"]]?.stringValue ?? ""
        if group.isEmpty { errors.append(.init(field: "spec.group", reason: "FieldValueRequired", message: "Required value")) }
        if plural.isEmpty { errors.append(.init(field: "spec.names.plural", reason: "FieldValueRequired", message: "Required value")) }
        if (crd[path: ["spec", "names", "kind"]]?.stringValue ?? "").isEmpty {
            errors.append(.init(field: "spec.names.kind", reason: "FieldValueRequired", message: "Required value"))
        }
        let scope = crd[path: ["spec", "scope"]]?.stringValue ?? ""
        if scope != "Namespaced", scope != "Cluster" {
            errors.append(.init(field: "spec.scope", reason: "FieldValueNotSupported", message: "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\""))
        }
        let versions = crd[path: ["spec", "versions"]]?.arrayValue ?? []
        if versions.isEmpty { errors.append(.init(field: "spec.versions", reason: "FieldValueRequired", message: "Required value")) }
        if versions.filter({ $0["storage"]?.boolValue == true }).count != 1, !versions.isEmpty {
            errors.append(.init(field: "spec.versions", message: "Invalid value: must have exactly one version marked as storage version"))
            errors.append(.init(field: "status.storedVersions", message: "Invalid value: null: must have at least one stored version"))
        }
        for (index, version) in versions.enumerated() {
            guard let schema = version[path: ["schema", "openAPIV3Schema"]] else { continue }
            let prefix = versions.count == 1 ? "spec.validation.openAPIV3Schema" : "spec.versions[\(index)].schema.openAPIV3Schema"
            errors += KubernetesStructuralSchema.schemaErrors(schema, prefix: prefix)
        }
        if !group.isEmpty, !plural.isEmpty, crd.metadataName != "\(plural).\(group)" {
            errors.append(.init(field: "metadata.name", message: "Invalid value: \"\(crd.metadataName)\": must be spec.names.plural+\".\"+spec.group"))
        }
        if !errors.isEmpty { throw .invalid(type, name: crd.metadataName, errors) }
    }

    /// The resource type a valid CRD defines.
    static func resourceType(of crd: JSONValue) -> KubernetesResourceType {
        let spec = crd["spec"] ?? .emptyObject
        let names = spec["names"] ?? .emptyObject
        let allVersions = spec["versions"]?.arrayValue ?? []
        let served = allVersions.filter { $0["served"]?.boolValue != false }
        let storage = served.first { $0["storage"]?.boolValue == true } ?? served.first
        let ordered = ([storage].compactMap { $0 } + served.filter { $0 != storage }).compactMap { $0["name"]?.stringValue }
        var schemas: [String: JSONValue] = [:]
        var columns: [String: [JSONValue]] = [:]
        var hasStatus = false
        var selectable: [String] = []
        var deprecations: [String: String] = [:]
        var scalePaths: [String: String]?
        for version in served {
            if version["deprecated"]?.boolValue == true, let name = version["name"]?.stringValue {
                deprecations[name] = version["deprecationWarning"]?.stringValue ?? "\(spec["group"]?.stringValue ?? "")/\(name) \(names["kind"]?.stringValue ?? "") is deprecated"
            }
            for field in version["selectableFields"]?.arrayValue ?? [] {
                if let path = field["jsonPath"]?.stringValue { selectable.append(String(path.drop { $0 == "." })) }
            }
            guard let name = version["name"]?.stringValue else { continue }
            if let schema = version[path: ["schema", "openAPIV3Schema"]] { schemas[name] = schema }
            columns[name] = version["additionalPrinterColumns"]?.arrayValue ?? []
            if version[path: ["subresources", "status"]] != nil { hasStatus = true }
            if let scale = version[path: ["subresources", "scale"]]?.objectValue { scalePaths = scale.compactMapValues(\.stringValue) }
        }
        var type = KubernetesResourceType(
            group: spec["group"]?.stringValue ?? "",
            versions: ordered.isEmpty ? ["v1"] : ordered,
            kind: names["kind"]?.stringValue ?? "",
            plural: names["plural"]?.stringValue ?? "",
            singular: names["singular"]?.stringValue ?? (names["kind"]?.stringValue ?? "").lowercased(),
            namespaced: spec["scope"]?.stringValue != "Cluster",
            shortNames: names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            categories: names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            hasStatusSubresource: hasStatus,
            supportsStrategicMerge: false,
            schemas: schemas,
            printerColumns: columns
        )
        type.selectableFields = selectable
        type.deprecationWarnings = deprecations
        type.scalePaths = scalePaths
        return type
    }

    /// The status the API server reports for an accepted CRD.
    static func establishedStatus(of crd: JSONValue, now: String) -> JSONValue {
        [
            "acceptedNames": crd[path: ["spec", "names"]] ?? .emptyObject,
            "storedVersions": .array((crd[path: ["spec", "versions"]]?.arrayValue ?? []).filter { $0["storage"]?.boolValue == true }.compactMap { $0["name"] }),
            "conditions": [
                ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found", "lastTransitionTime": .string(now)],
                ["type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted", "lastTransitionTime": .string(now)],
            ],
        ]
    }
}
