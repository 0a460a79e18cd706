extension EmulatorTLSIdentity: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The names the certificate serves, never the key: printing a configuration that holds the identity is safe.
    public var description: String { "EmulatorTLSIdentity(serverNames: \(serverNames.joined(separator: ", ")))" }

    public var debugDescription: String { description }

    /// `dump` and other mirrors see the certificates and names, not the key.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "serverNames": serverNames, "certificateAuthorityPEM": certificateAuthorityPEM, "certificatePEM": certificatePEM,
        ])
    }
}
