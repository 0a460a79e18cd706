import JSON
import Basics

/// How a watch stream is written: JSON lines, or — when the client prefers `application/vnd.kubernetes.protobuf`
/// and the kind is one the emulator encodes — length-prefixed protobuf frames, each a `k8s\0` envelope around a
/// WatchEvent (type, and the object's own envelope as its raw extension).
enum KubernetesWatchEncoding: Sendable {
    case json
    case protobuf(groupVersion: String)

    static func negotiate(accept: String?, kind: String, groupVersion: String) -> Self {
        guard let first = accept?.split(separator: ",").first?.split(separator: ";").first?.trimmingWhitespace(),
              first == "application/vnd.kubernetes.protobuf", KubernetesProtobufWriter.kinds.contains(kind) else { return .json }
        return .protobuf(groupVersion: groupVersion)
    }

    var contentType: String {
        switch self {
        case .json: return "application/json"
        case .protobuf: return "application/vnd.kubernetes.protobuf;stream=watch"
        }
    }

    /// One event on the wire.
    func event(_ type: String, _ object: JSONValue) -> [UInt8] {
        switch self {
        case .json:
            var line = Array("{\"type\":\"\(type)\",\"object\":".utf8)
            object.write(to: &line)
            line.append(contentsOf: "}\n".utf8)
            return line
        case .protobuf(let groupVersion):
            var raw = KubernetesProtobufWriter()
            raw.bytes(1, KubernetesProtobufWriter.envelope(object) ?? [], always: true)
            var watchEvent = KubernetesProtobufWriter()
            watchEvent.string(1, type, always: true)
            watchEvent.message(2, raw.bytes, always: true)
            var typeMeta = KubernetesProtobufWriter()
            typeMeta.string(1, groupVersion)
            typeMeta.string(2, "WatchEvent")
            var unknown = KubernetesProtobufWriter()
            unknown.message(1, typeMeta.bytes)
            unknown.message(2, watchEvent.bytes)
            unknown.string(3, "", always: true)
            unknown.string(4, "", always: true)
            let frame = [0x6B, 0x38, 0x73, 0x00] + unknown.bytes
            let length = UInt32(frame.count)
            return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + frame
        }
    }
}
