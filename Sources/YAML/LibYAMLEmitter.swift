import CYAML

/// Writes node trees as block-style YAML through libyaml's emitter: 2-space indentation,
/// sequences in mappings not indented (kubectl's style), no line folding, UTF-8 unescaped.
struct LibYAMLEmitter {
    /// Whether every document starts with `---` (later documents always do).
    var explicitDocumentStart = false

    /// The YAML text of `documents`, separated by `---`.
    func emit(_ documents: [YAMLNode]) throws(YAMLError) -> String {
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) == 1 else {
            throw YAMLError(.emitter, "libyaml could not allocate an emitter (out of memory)")
        }
        defer { yaml_emitter_delete(emitter) }
        let output = OutputBuffer()
        yaml_emitter_set_output(emitter, { context, buffer, size in
            guard let context, let buffer else { return 0 }
            let output = Unmanaged<OutputBuffer>.fromOpaque(context).takeUnretainedValue()
            output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(output).toOpaque())
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)

        try withExtendedLifetime(output) { () throws(YAMLError) in
            let writer = EventWriter(emitter: emitter)
            try writer.write { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
            for document in documents {
                let implicit: Int32 = explicitDocumentStart ? 0 : 1
                try writer.write { yaml_document_start_event_initialize(&$0, nil, nil, nil, implicit) }
                try writer.write(document)
                try writer.write { yaml_document_end_event_initialize(&$0, 1) }
            }
            try writer.write { yaml_stream_end_event_initialize(&$0) }
            guard yaml_emitter_flush(emitter) == 1 else { throw writer.emitterError() }
        }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

/// Collects the emitter's output.
private final class OutputBuffer {
    var bytes: [UInt8] = []
}

/// Feeds events to an emitter; libyaml frees each event, also when emitting fails.
private struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    func write(_ initialize: (inout yaml_event_t) -> Int32) throws(YAMLError) {
        var event = yaml_event_t()
        guard initialize(&event) == 1 else {
            throw YAMLError(.emitter, "libyaml could not create an event (out of memory)")
        }
        guard yaml_emitter_emit(emitter, &event) == 1 else { throw emitterError() }
    }

    func write(_ node: YAMLNode) throws(YAMLError) {
        switch node.content {
        case .scalar(let scalar):
            let (text, style) = ScalarPresentation.of(scalar)
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) in
                try write { yaml_scalar_event_initialize(&$0, nil, nil, buffer.baseAddress, Int32(buffer.count), 1, 1, style) }
            }
        case .sequence(let items):
            try write { yaml_sequence_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
            for item in items { try write(item) }
            try write { yaml_sequence_end_event_initialize(&$0) }
        case .mapping(let pairs):
            try write { yaml_mapping_start_event_initialize(&$0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
            for pair in pairs {
                try write(pair.key)
                try write(pair.value)
            }
            try write { yaml_mapping_end_event_initialize(&$0) }
        }
    }

    func emitterError() -> YAMLError {
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        return YAMLError(.emitter, "libyaml could not emit the document: \(problem)")
    }
}
