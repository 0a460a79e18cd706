/// The version printed by `--version` and sent in `User-Agent` headers.
enum OperatorVersion {
    static let current = "0.1.0"
}
