/// The `User-Agent` the operator sends to Runbeam Cloud: `runbeam-operator/<version>`.
public struct RunbeamUserAgent: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(version: String) {
        value = "runbeam-operator/\(version)"
    }

    public var description: String { value }
}
