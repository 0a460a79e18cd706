import FoundationEssentials
import GatewayAPI
import GatewayCore
import JSON
import Kubernetes

/// Converts between a `Gateway` custom resource as the API server sends it and the core's ``Gateway``.
public enum GatewayResource {
    /// Decodes `object`; a spec that does not match the types becomes an error naming the field, never a crash.
    public static func decode(_ object: KubernetesObject) -> Result<Gateway, GatewayDecodingError> {
        do {
            return .success(try JSONDecoder().decode(Gateway.self, from: Data(object.json.serialized())))
        } catch let error as DecodingError {
            return .failure(GatewayDecodingError(error))
        } catch {
            return .failure(GatewayDecodingError(message: "the object could not be decoded"))
        }
    }

    /// The status as JSON for the `/status` subresource.
    public static func encode(_ status: GatewayStatus) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(status), let value = try? JSONValue(parsing: data) else { return .emptyObject }
        return value
    }

    /// The status recorded in `object`, or an empty one when it is missing or unreadable.
    public static func status(of object: KubernetesObject) -> GatewayStatus {
        guard let json = object["status"], let status = try? JSONDecoder().decode(GatewayStatus.self, from: Data(json.serialized())) else {
            return GatewayStatus()
        }
        return status
    }

    /// What to do for a Gateway whose object cannot be decoded: `Ready=False, reason=InvalidSpec`, an Event when the
    /// problem is new, and no requeue until the object changes.
    public static func invalidSpecResult(_ object: KubernetesObject, error: GatewayDecodingError, now: Date) -> ReconcileResult {
        GatewayReconciler.unreadable(error.message, status: status(of: object), generation: object.metadata.generation.map(Int64.init), now: now)
    }
}

/// Why a Gateway object could not be decoded. The message names the field, never a value.
public struct GatewayDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            message = "\(path(context.codingPath)): expected \(Self.jsonType(type))"
        case .valueNotFound(let type, let context):
            message = "\(path(context.codingPath)): expected \(Self.jsonType(type)), found null"
        case .keyNotFound(let key, let context):
            message = "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            message = "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            message = "the object does not match the Gateway schema"
        }
    }

    public var description: String { "invalid Gateway: \(message)" }

    /// The JSON type, with its article, that a decoder expected as Swift type `type`: what the user wrote the
    /// Gateway in ("an object", "an integer"), never a Swift type name.
    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "a boolean"
        case is String.Type, is Substring.Type, is Character.Type, is URL.Type: return "a string"
        case is any BinaryInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type, is Decimal.Type: return "a number"
        default: break
        }
        // Decoders report a keyed container as Dictionary<String, Any> and an unkeyed one as Array<Any>.
        let name = String(describing: type)
        if name.hasPrefix("Dictionary<") { return "an object" }
        if name.hasPrefix("Array<") || name.hasPrefix("Set<") { return "an array" }
        return "a value of another JSON type"
    }
}
