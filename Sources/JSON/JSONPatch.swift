/// An RFC 6902 JSON patch: a list of `add`, `remove`, `replace`, `move`, `copy` and `test` operations.
public struct JSONPatch: Sendable, Hashable {
    /// One operation of a patch.
    public enum Operation: Sendable, Hashable {
        case add(JSONPointer, JSONValue)
        case remove(JSONPointer)
        case replace(JSONPointer, JSONValue)
        case move(from: JSONPointer, to: JSONPointer)
        case copy(from: JSONPointer, to: JSONPointer)
        case test(JSONPointer, JSONValue)
    }

    /// The operations, applied in order.
    public var operations: [Operation]

    public init(operations: [Operation]) { self.operations = operations }

    /// Reads a patch document (a JSON array of operation objects).
    public init(_ document: JSONValue) throws(JSONPatchError) {
        guard let elements = document.arrayValue else { throw JSONPatchError("a JSON patch must be an array of operations") }
        var operations: [Operation] = []
        for element in elements {
            guard let op = element["op"]?.stringValue else { throw JSONPatchError("a JSON patch operation needs a string 'op'") }
            guard let pathText = element["path"]?.stringValue else { throw JSONPatchError("JSON patch operation '\(op)' needs a string 'path'") }
            let path = try JSONPointer(pathText)
            func requireValue() throws(JSONPatchError) -> JSONValue {
                guard let value = element["value"] else { throw JSONPatchError("JSON patch operation '\(op)' at \(pathText) needs a 'value'") }
                return value
            }
            func requireFrom() throws(JSONPatchError) -> JSONPointer {
                guard let from = element["from"]?.stringValue else { throw JSONPatchError("JSON patch operation '\(op)' at \(pathText) needs a string 'from'") }
                return try JSONPointer(from)
            }
            switch op {
            case "add": operations.append(.add(path, try requireValue()))
            case "remove": operations.append(.remove(path))
            case "replace": operations.append(.replace(path, try requireValue()))
            case "move": operations.append(.move(from: try requireFrom(), to: path))
            case "copy": operations.append(.copy(from: try requireFrom(), to: path))
            case "test": operations.append(.test(path, try requireValue()))
            default: throw JSONPatchError("unknown JSON patch operation '\(op)'")
            }
        }
        self.operations = operations
    }

    /// Applies every operation to `document`; the first failing one aborts the whole patch.
    public func apply(to document: JSONValue) throws(JSONPatchError) -> JSONValue {
        var result = document
        for operation in operations {
            switch operation {
            case .add(let path, let value):
                result = try Self.add(value, at: path.tokens[...], in: result, path: path)
            case .remove(let path):
                result = try Self.remove(at: path.tokens[...], in: result, path: path)
            case .replace(let path, let value):
                guard path.value(in: result) != nil else { throw JSONPatchError("cannot replace \(path): no such member") }
                result = try Self.remove(at: path.tokens[...], in: result, path: path)
                result = try Self.add(value, at: path.tokens[...], in: result, path: path)
            case .move(let from, let to):
                guard let value = from.value(in: result) else { throw JSONPatchError("cannot move from \(from): no such member") }
                result = try Self.remove(at: from.tokens[...], in: result, path: from)
                result = try Self.add(value, at: to.tokens[...], in: result, path: to)
            case .copy(let from, let to):
                guard let value = from.value(in: result) else { throw JSONPatchError("cannot copy from \(from): no such member") }
                result = try Self.add(value, at: to.tokens[...], in: result, path: to)
            case .test(let path, let value):
                guard path.value(in: result) == value else { throw JSONPatchError("test failed: \(path) is not \(value.jsonString)") }
            }
        }
        return result
    }

    private static func add(_ value: JSONValue, at tokens: ArraySlice<String>, in document: JSONValue, path: JSONPointer) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var members):
            if rest.isEmpty {
                members[token] = value
            } else {
                guard let child = members[token] else { throw JSONPatchError("cannot add at \(path): parent does not exist") }
                members[token] = try add(value, at: rest, in: child, path: path)
            }
            return .object(members)
        case .array(var elements):
            if rest.isEmpty {
                if token == "-" {
                    elements.append(value)
                } else {
                    guard let position = Int(token), position >= 0, position <= elements.count else {
                        throw JSONPatchError("cannot add at \(path): index \(token) out of range")
                    }
                    elements.insert(value, at: position)
                }
            } else {
                guard let position = Int(token), elements.indices.contains(position) else {
                    throw JSONPatchError("cannot add at \(path): index \(token) out of range")
                }
                elements[position] = try add(value, at: rest, in: elements[position], path: path)
            }
            return .array(elements)
        default:
            throw JSONPatchError("cannot add at \(path): parent is not an object or array")
        }
    }

    private static func remove(at tokens: ArraySlice<String>, in document: JSONValue, path: JSONPointer) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else { throw JSONPatchError("cannot remove the whole document") }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw JSONPatchError("cannot remove \(path): no such member") }
            if rest.isEmpty { members.removeValue(forKey: token) } else { members[token] = try remove(at: rest, in: child, path: path) }
            return .object(members)
        case .array(var elements):
            guard let position = Int(token), elements.indices.contains(position) else {
                throw JSONPatchError("cannot remove \(path): index \(token) out of range")
            }
            if rest.isEmpty { elements.remove(at: position) } else { elements[position] = try remove(at: rest, in: elements[position], path: path) }
            return .array(elements)
        default:
            throw JSONPatchError("cannot remove \(path): parent is not an object or array")
        }
    }
}
