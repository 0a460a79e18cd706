import FoundationEssentials

extension YAMLNode {
    /// The node as JSON text (UTF-8), keeping mapping order and YAML 1.2 types: integers stay
    /// integers, quoted `"1.0"` stays a string. Mapping keys become their scalar text.
    ///
    /// Throws `.unrepresentable` (with the node's position) for `.nan`/`.inf`, integers beyond
    /// 64 bits, non-scalar keys, and keys that collide once written as strings (`1` and `"1"`).
    public func jsonData() throws(YAMLError) -> Data {
        var writer = JSONWriter()
        try writer.write(self)
        return Data(writer.bytes)
    }
}
