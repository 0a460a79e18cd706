/// Default timeouts of a client; requests may override `request` and `idle`.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Establishing the TCP connection and the TLS handshake.
    public var connect: Duration
    /// A whole buffered request, from start to the last body byte.
    public var request: Duration
    /// For streams: abort when less than one byte arrives for this long (second granularity).
    public var idle: Duration?

    public init(connect: Duration = .seconds(10), request: Duration = .seconds(60), idle: Duration? = nil) {
        self.connect = connect
        self.request = request
        self.idle = idle
    }
}
