import Foundation
import JSON
import YAML

/// How the replayer reads a response body, by content type: JSON; YAML as `{"yaml": …}`; the protobuf
/// envelope as a summary of its type meta; a stream of JSON lines as `{"stream": […]}`; else `{"text": …}`.
enum ConformanceBody {
    static func parse(contentType: String?, _ data: [UInt8]) -> JSONValue {
        let type = (contentType ?? "").lowercased()
        if data.isEmpty { return .null }
        if type.contains("protobuf") {
            if type.contains("proto-openapi") { return ["binary": true, "nonEmpty": true] }
            return ConformanceProtobufEnvelope.summary(data)
        }
        if let json = try? JSONValue(parsing: data) { return json }
        guard let text = String(validating: data, as: UTF8.self) else { return ["binary": true, "nonEmpty": true] }
        if type.contains("yaml"), let node = try? YAMLParser().node(from: text), let json = try? JSONValue(parsing: [UInt8](node.jsonData())) {
            return ["yaml": json]
        }
        let lines = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if lines.count > 1 {
            let parsed = lines.compactMap { try? JSONValue(parsing: String($0)) }
            if parsed.count == lines.count { return ["stream": .array(parsed)] }
        }
        return ["text": .string(text)]
    }
}

/// A summary of the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown): magic, type meta, the
/// field numbers of the raw object, content encoding and type.
enum ConformanceProtobufEnvelope {
    static func summary(_ data: [UInt8]) -> JSONValue {
        var out: [String: JSONValue] = ["protobuf": true, "magic": .bool(data.starts(with: [0x6B, 0x38, 0x73, 0x00]))]
        guard out["magic"] == true else { return .object(out) }
        guard let fields = fields(Array(data.dropFirst(4))) else {
            out["decodeError"] = "malformed"
            return .object(out)
        }
        for (number, value) in fields {
            switch number {
            case 1:
                for (inner, text) in self.fields(value) ?? [] {
                    out[[1: "apiVersion", 2: "kind"][inner] ?? String(inner)] = .string(String(decoding: text, as: UTF8.self))
                }
            case 2:
                out["rawFieldNumbers"] = .array(Set((self.fields(value) ?? []).map(\.0)).sorted().map(JSONValue.int))
            case 3: out["contentEncoding"] = .string(String(decoding: value, as: UTF8.self))
            case 4: out["contentType"] = .string(String(decoding: value, as: UTF8.self))
            default: break
            }
        }
        return .object(out)
    }

    /// The (field number, bytes) pairs of a message; varints come back as their little-endian bytes.
    static func fields(_ buffer: [UInt8]) -> [(Int, [UInt8])]? {
        var index = 0
        var result: [(Int, [UInt8])] = []
        func varint() -> Int? {
            var shift = 0, value = 0
            while index < buffer.count {
                let byte = buffer[index]
                index += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
        while index < buffer.count {
            guard let key = varint() else { return nil }
            let length: Int
            switch key & 7 {
            case 0:
                guard let value = varint() else { return nil }
                result.append((key >> 3, withUnsafeBytes(of: value) { Array($0) }))
                continue
            case 1: length = 8
            case 2:
                guard let count = varint() else { return nil }
                length = count
            case 5: length = 4
            default: return nil
            }
            guard length >= 0, index + length <= buffer.count else { return nil }
            result.append((key >> 3, Array(buffer[index..<index + length])))
            index += length
        }
        return result
    }
}
