import JSON

/// A subset of CEL for `x-kubernetes-validations` rules: `self` and `oldSelf`, member access, `has()`,
/// `size()`, literals (int, double, string, bool, null, lists), `!`, unary `-`, `&&`, `||`, comparisons,
/// `+ - * / %`, `in` and the ternary `?:`. Anything else is a compile error, as an unknown function would be.
indirect enum KubernetesCEL: Sendable {
    case literal(JSONValue)
    case variable(String)
    case member(KubernetesCEL, String)
    case has(KubernetesCEL, String)
    case size(KubernetesCEL)
    case list([KubernetesCEL])
    case unary(String, KubernetesCEL)
    case binary(String, KubernetesCEL, KubernetesCEL)
    case conditional(KubernetesCEL, KubernetesCEL, KubernetesCEL)

    struct CompileError: Error, Sendable { var message: String }
    struct EvaluationError: Error, Sendable { var message: String }

    /// Compiles a rule; throws for syntax outside the subset.
    static func compile(_ rule: String) throws(CompileError) -> KubernetesCEL {
        var parser = KubernetesCELParser(tokens: try KubernetesCELParser.tokens(rule))
        let expression = try parser.ternary()
        guard parser.position == parser.tokens.count else { throw CompileError(message: "Syntax error: unexpected \(parser.tokens[parser.position])") }
        return expression
    }

    /// Whether the rule references `oldSelf` (a transition rule, checked only on updates).
    var usesOldSelf: Bool {
        switch self {
        case .variable(let name): return name == "oldSelf"
        case .literal: return false
        case .member(let base, _), .has(let base, _), .size(let base), .unary(_, let base): return base.usesOldSelf
        case .list(let items): return items.contains { $0.usesOldSelf }
        case .binary(_, let left, let right): return left.usesOldSelf || right.usesOldSelf
        case .conditional(let a, let b, let c): return a.usesOldSelf || b.usesOldSelf || c.usesOldSelf
        }
    }

    func evaluate(_ variables: [String: JSONValue]) throws(EvaluationError) -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .variable(let name):
            guard let value = variables[name] else { throw EvaluationError(message: "undeclared reference to '\(name)'") }
            return value
        case .member(let base, let name):
            guard let value = try base.evaluate(variables)[name] else { throw EvaluationError(message: "no such key: \(name)") }
            return value
        case .has(let base, let name): return .bool(try base.evaluate(variables)[name] != nil)
        case .size(let base):
            switch try base.evaluate(variables) {
            case .string(let text): return .int(text.count)
            case .array(let items): return .int(items.count)
            case .object(let members): return .int(members.count)
            default: throw EvaluationError(message: "no matching overload for 'size'")
            }
        case .list(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try item.evaluate(variables)) }
            return .array(values)
        case .unary(let op, let operand):
            let value = try operand.evaluate(variables)
            if op == "!", let flag = value.boolValue { return .bool(!flag) }
            if op == "-", let number = value.intValue { return .int(-number) }
            if op == "-", let number = value.doubleValue { return .double(-number) }
            throw EvaluationError(message: "no matching overload for '\(op)'")
        case .conditional(let condition, let then, let otherwise):
            guard let flag = try condition.evaluate(variables).boolValue else { throw EvaluationError(message: "no matching overload for '_?_:_'") }
            return try (flag ? then : otherwise).evaluate(variables)
        case .binary(let op, let left, let right):
            if op == "&&" || op == "||" {
                let first = try left.evaluate(variables).boolValue
                if op == "&&", first == false { return false }
                if op == "||", first == true { return true }
                guard let second = try right.evaluate(variables).boolValue, first != nil else { throw EvaluationError(message: "no matching overload for '\(op)'") }
                return .bool(second)
            }
            return try Self.apply(op, try left.evaluate(variables), try right.evaluate(variables))
        }
    }

    private static func apply(_ op: String, _ a: JSONValue, _ b: JSONValue) throws(EvaluationError) -> JSONValue {
        switch op {
        case "==": return .bool(a == b || (a.doubleValue != nil && a.doubleValue == b.doubleValue))
        case "!=": return .bool(!(a == b || (a.doubleValue != nil && a.doubleValue == b.doubleValue)))
        case "in": return .bool(b.arrayValue?.contains(a) ?? (b.objectValue?[a.stringValue ?? ""] != nil))
        default: break
        }
        if let x = a.intValue, let y = b.intValue, case .int = a, case .int = b {
            switch op {
            case "<": return .bool(x < y)
            case "<=": return .bool(x <= y)
            case ">": return .bool(x > y)
            case ">=": return .bool(x >= y)
            case "+": return .int(x + y)
            case "-": return .int(x - y)
            case "*": return .int(x * y)
            case "/" where y != 0: return .int(x / y)
            case "%" where y != 0: return .int(x % y)
            default: break
            }
        } else if let x = a.doubleValue, let y = b.doubleValue {
            switch op {
            case "<": return .bool(x < y)
            case "<=": return .bool(x <= y)
            case ">": return .bool(x > y)
            case ">=": return .bool(x >= y)
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/" where y != 0: return .double(x / y)
            default: break
            }
        } else if let x = a.stringValue, let y = b.stringValue {
            switch op {
            case "<": return .bool(x < y)
            case "<=": return .bool(x <= y)
            case ">": return .bool(x > y)
            case ">=": return .bool(x >= y)
            case "+": return .string(x + y)
            default: break
            }
        } else if op == "+", let x = a.arrayValue, let y = b.arrayValue {
            return .array(x + y)
        }
        throw EvaluationError(message: "no matching overload for '_\(op)_'")
    }
}
