import CYAML

/// The text and style a scalar is emitted with, chosen so that it reads back as the same value.
enum ScalarPresentation {
    static func of(_ scalar: YAMLScalar) -> (text: String, style: yaml_scalar_style_t) {
        switch scalar.type {
        case .null:
            return ("null", YAML_PLAIN_SCALAR_STYLE)
        case .bool:
            return (ScalarResolver.boolValue(scalar.text) == true ? "true" : "false", YAML_PLAIN_SCALAR_STYLE)
        case .int:
            let text = ScalarResolver.integerValue(scalar.text).map { "\($0)" } ?? scalar.text
            return (text, YAML_PLAIN_SCALAR_STYLE)
        case .float:
            let text = ScalarResolver.floatValue(scalar.text).map(ScalarResolver.canonicalText(of:)) ?? scalar.text
            return (text, YAML_PLAIN_SCALAR_STYLE)
        case .string:
            return (scalar.text, stringStyle(scalar))
        }
    }

    private static func stringStyle(_ scalar: YAMLScalar) -> yaml_scalar_style_t {
        switch scalar.style {
        case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: return YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: return YAML_LITERAL_SCALAR_STYLE
        case .folded: return YAML_FOLDED_SCALAR_STYLE
        case .plain:
            if scalar.text.utf8.contains(0x0A) { return YAML_LITERAL_SCALAR_STYLE }
            return ScalarQuoting.needsQuotes(scalar.text) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE
        }
    }
}
