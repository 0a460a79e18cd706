/// Builds ``YAMLNode`` trees from parser events: resolves scalar types and tags, anchors and
/// aliases, merge keys, and rejects duplicate keys, runaway aliases and excessive nesting.
struct Composer {
    /// A composed node with the counts the limits need.
    private struct Composed {
        var node: YAMLNode
        /// Nodes in the subtree, aliases expanded.
        var size: Int
        /// Collection levels in the subtree (0 for a scalar).
        var height: Int
    }

    private var reader: LibYAMLEventReader
    private let limits: YAMLLimits
    private let schema: YAMLSchema
    private var anchors: [String: Composed] = [:]
    private var expandedByAliases = 0

    init(reader: LibYAMLEventReader, limits: YAMLLimits, schema: YAMLSchema) {
        self.reader = reader
        self.limits = limits
        self.schema = schema
    }

    /// Reads the whole stream.
    mutating func documents() throws(YAMLError) -> [YAMLDocument] {
        guard case .streamStart = try reader.next() else {
            throw YAMLError(.syntax, "the input does not start a YAML stream")
        }
        var documents: [YAMLDocument] = []
        while true {
            switch try reader.next() {
            case .streamEnd:
                return documents
            case .documentStart(let mark):
                anchors = [:]
                expandedByAliases = 0
                let root = try compose(try reader.next(), depth: 0)
                guard case .documentEnd = try reader.next() else {
                    throw YAMLError(.syntax, "expected the end of the document", mark: root.node.mark)
                }
                documents.append(YAMLDocument(root: root.node, mark: mark))
            default:
                throw YAMLError(.syntax, "expected a document or the end of the stream")
            }
        }
    }

    /// Composes the node that starts with `event`, nested inside `depth` collections.
    private mutating func compose(_ event: ParseEvent, depth: Int) throws(YAMLError) -> Composed {
        switch event {
        case .scalar(let text, let style, let properties):
            let scalar = try resolve(text: text, style: style, tag: properties.tag, mark: properties.mark)
            let composed = Composed(node: YAMLNode(.scalar(scalar), mark: properties.mark), size: 1, height: 0)
            remember(composed, as: properties.anchor)
            return composed
        case .alias(let name, let mark):
            return try expand(alias: name, at: mark, depth: depth)
        case .sequenceStart(let properties):
            try checkCollection(tag: properties.tag, expected: .seq, kind: "a sequence", mark: properties.mark)
            try checkDepth(depth + 1, mark: properties.mark)
            var items: [YAMLNode] = []
            var size = 1
            var height = 1
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next { break }
                let item = try compose(next, depth: depth + 1)
                items.append(item.node)
                size += item.size
                height = max(height, item.height + 1)
            }
            let composed = Composed(node: YAMLNode(.sequence(items), mark: properties.mark), size: size, height: height)
            remember(composed, as: properties.anchor)
            return composed
        case .mappingStart(let properties):
            try checkCollection(tag: properties.tag, expected: .map, kind: "a mapping", mark: properties.mark)
            try checkDepth(depth + 1, mark: properties.mark)
            let composed = try composeMapping(properties, depth: depth + 1)
            remember(composed, as: properties.anchor)
            return composed
        default:
            throw YAMLError(.syntax, "expected a node")
        }
    }

    private mutating func composeMapping(_ properties: ParseEvent.NodeProperties, depth: Int) throws(YAMLError) -> Composed {
        var builder = MappingBuilder()
        var size = 1
        var height = 1
        while true {
            let next = try reader.next()
            if case .mappingEnd = next { break }
            let key = try compose(next, depth: depth)
            let value = try compose(try reader.next(), depth: depth)
            size += key.size + value.size
            height = max(height, key.height + 1, value.height + 1)
            if MappingBuilder.isMergeKey(key.node) {
                try builder.merge(value.node)
            } else {
                try builder.add(YAMLNode.Pair(key: key.node, value: value.node))
            }
        }
        return Composed(node: YAMLNode(.mapping(builder.pairs()), mark: properties.mark), size: size, height: height)
    }

    private mutating func expand(alias name: String, at mark: YAMLMark, depth: Int) throws(YAMLError) -> Composed {
        guard let anchored = anchors[name] else {
            throw YAMLError(.undefinedAlias, "alias *\(name) refers to no earlier anchor &\(name)", mark: mark)
        }
        expandedByAliases += anchored.size
        if expandedByAliases > limits.maxAliasExpansion {
            throw YAMLError(
                .aliasLimitExceeded,
                "aliases expand to more than \(limits.maxAliasExpansion) nodes (maxAliasExpansion); the input looks like a \"billion laughs\" attack, or raise the limit",
                mark: mark)
        }
        try checkDepth(depth + anchored.height, mark: mark)
        var copy = anchored
        copy.node.mark = mark
        return copy
    }

    private mutating func remember(_ composed: Composed, as anchor: String?) {
        if let anchor { anchors[anchor] = composed }
    }

    private func checkDepth(_ depth: Int, mark: YAMLMark) throws(YAMLError) {
        guard depth > limits.maxDepth else { return }
        throw YAMLError(
            .depthLimitExceeded,
            "collections nest deeper than \(limits.maxDepth) levels (maxDepth)",
            mark: mark)
    }

    private func checkCollection(tag: String?, expected: CoreTag, kind: String, mark: YAMLMark) throws(YAMLError) {
        guard let tag else { return }
        let coreTag = try CoreTag(tag, mark: mark)
        guard coreTag == expected || coreTag == .nonSpecific else {
            throw YAMLError(.invalidTaggedValue, "tag \(CoreTag.display(tag)) cannot be applied to \(kind)", mark: mark)
        }
    }

    /// The scalar for an event: untagged plain scalars resolve by the schema, quoted ones are
    /// strings, tagged ones take their tag's type if their text fits it.
    private func resolve(text: String, style: YAMLScalar.Style, tag: String?, mark: YAMLMark) throws(YAMLError) -> YAMLScalar {
        guard let tag else {
            guard style == .plain else { return YAMLScalar(text: text, style: style, type: .string) }
            switch schema {
            case .core:
                return YAMLScalar(text: text, style: style, type: ScalarResolver.resolvePlain(text))
            case .yaml11:
                let resolved = YAML11Resolver.resolvePlain(text)
                return YAMLScalar(text: resolved.text, style: style, type: resolved.type)
            }
        }
        let coreTag = try CoreTag(tag, mark: mark)
        guard let type = coreTag.scalarType else {
            throw YAMLError(.invalidTaggedValue, "tag \(CoreTag.display(tag)) cannot be applied to a scalar", mark: mark)
        }
        let resolved: (type: YAMLScalarType, text: String)?
        switch schema {
        case .core: resolved = ScalarResolver.accepts(text, as: type) ? (type, text) : nil
        case .yaml11: resolved = YAML11Resolver.resolveTagged(text, as: type)
        }
        guard let resolved else {
            throw YAMLError(.invalidTaggedValue, "\"\(text)\" is not a valid \(CoreTag.display(tag)) value", mark: mark)
        }
        return YAMLScalar(text: resolved.text, style: style, type: resolved.type)
    }
}
