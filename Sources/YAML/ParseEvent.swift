/// A libyaml parser event, copied into Swift values.
enum ParseEvent {
    /// Anchor, tag and position shared by node events.
    struct NodeProperties {
        var anchor: String?
        var tag: String?
        var mark: YAMLMark
    }

    case streamStart
    case streamEnd
    case documentStart(YAMLMark)
    case documentEnd
    case alias(anchor: String, mark: YAMLMark)
    case scalar(text: String, style: YAMLScalar.Style, properties: NodeProperties)
    case sequenceStart(NodeProperties)
    case sequenceEnd
    case mappingStart(NodeProperties)
    case mappingEnd
}
