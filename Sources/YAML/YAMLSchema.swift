/// How untagged plain scalars resolve to types.
public enum YAMLSchema: Sendable, Hashable {
    /// The YAML 1.2 core schema: `true`/`false`, `033` is 33, `yes` is a string.
    case core
    /// YAML 1.1 exactly as sigs.k8s.io/yaml (go-yaml v2) reads it, which is what kubectl and
    /// client-go send for a manifest or read from a kubeconfig: `yes`/`no`/`on`/`off`/`y`/`n` are
    /// booleans (keys too), `033` is octal 27, `0b101`, `+0x1F` and `1_000` are integers, and
    /// `1:30` and dates stay strings. Floats with an integral value resolve as integers, as Go's
    /// JSON encoding writes them (`1e3` is sent as `1000`).
    case yaml11
}
