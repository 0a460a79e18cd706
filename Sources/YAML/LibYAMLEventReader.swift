import CYAML

/// Pulls events from a libyaml parser reading a borrowed buffer.
///
/// Only valid inside ``withReader(over:_:)``, which owns the parser and frees it on every path;
/// copies share that one parser.
struct LibYAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>

    private init(parser: UnsafeMutablePointer<yaml_parser_t>) {
        self.parser = parser
    }

    /// Runs `body` with a reader over `bytes`; the parser is freed when `body` returns or throws.
    static func withReader<R>(
        over bytes: UnsafeBufferPointer<UInt8>,
        _ body: (inout LibYAMLEventReader) throws(YAMLError) -> R
    ) throws(YAMLError) -> R {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(.syntax, "libyaml could not allocate a parser (out of memory)")
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        var reader = LibYAMLEventReader(parser: parser)
        return try body(&reader)
    }

    /// The next event, or a `.syntax` error with libyaml's explanation and position.
    mutating func next() throws(YAMLError) -> ParseEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw currentError() }
        defer { yaml_event_delete(&event) }
        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let properties = ParseEvent.NodeProperties(
                anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag), mark: mark)
            return .scalar(text: text, style: Self.style(scalar.style), properties: properties)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return .sequenceStart(.init(anchor: Self.string(start.anchor), tag: Self.string(start.tag), mark: mark))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return .mappingStart(.init(anchor: Self.string(start.anchor), tag: Self.string(start.tag), mark: mark))
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            throw YAMLError(.syntax, "libyaml returned an unexpected event (type \(event.type.rawValue))", mark: mark)
        }
    }

    private func currentError() -> YAMLError {
        let p = parser.pointee
        var message = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        if p.error == YAML_READER_ERROR {
            message += " at byte offset \(p.problem_offset)"
            return YAMLError(.syntax, message)
        }
        if let context = p.context.map({ String(cString: $0) }) {
            message += " (\(context) at \(Self.mark(p.context_mark)))"
        }
        return YAMLError(.syntax, message, mark: Self.mark(p.problem_mark))
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
