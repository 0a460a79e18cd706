import NIOCore

/// The connections of one client: idle ones by ``ConnectionKey``, a count per origin held at most at
/// `limit` (not counting connections carrying a stream), and the requests waiting for a connection, first come first
/// served.
///
/// Event-loop only (the unchecked `Sendable` lets closures scheduled on the loop capture it).
final class ConnectionPool: @unchecked Sendable {
    let loop: any EventLoop
    let connectTimeout: Duration
    private let factory: ConnectionFactory
    private let limit: Int
    private var idle: [ConnectionKey: [HTTPConnection]] = [:]
    /// Connections per origin, open or being opened.
    private var open: [ConnectionKey.Origin: Int] = [:]
    private var waiting: [ConnectionKey.Origin: [RequestExecution]] = [:]
    /// Every established connection the count includes.
    private var live: [ObjectIdentifier: HTTPConnection] = [:]
    /// Executions whose connection is being opened.
    private var connecting: [ObjectIdentifier: RequestExecution] = [:]
    private var isShutDown = false
    private var closesWhenIdle = false
    private var isServing = false
    /// Origins whose queue must be looked at again (re-entrant calls of `serveWaiting`).
    private var toServe: Set<ConnectionKey.Origin> = []

    init(loop: any EventLoop, factory: ConnectionFactory, limit: Int, connectTimeout: Duration) {
        self.loop = loop
        self.factory = factory
        self.limit = max(1, limit)
        self.connectTimeout = connectTimeout
    }

    /// Runs the execution on an idle connection, a new one, or queues it.
    func submit(_ execution: RequestExecution) {
        guard !execution.isFinished else { return }
        guard !isShutDown else {
            execution.fail(.shutdown)
            return
        }
        if !dispatch(execution) { enqueue(execution) }
    }

    /// The exchange on `connection` ended; keep the connection for the next request if it may be reused.
    func exchangeFinished(_ connection: HTTPConnection, reusable: Bool) {
        guard reusable, connection.isUsable, !isShutDown, !closesWhenIdle else {
            retire(connection)
            return
        }
        let origin = connection.key.origin
        if let next = waiting[origin]?.first {
            if next.request.key == connection.key && !next.requiresNewConnection {
                removeWaiter(next)
                connection.run(next)
            } else {
                // The next request needs another kind of connection: this one makes room for it.
                retire(connection)
            }
            return
        }
        idle[connection.key, default: []].append(connection)
    }

    /// Lets a connection go: closes it, frees its place and serves waiting requests. Idempotent.
    func retire(_ connection: HTTPConnection) {
        guard !connection.isRetired else { return }
        discard(connection)
        serveWaiting(connection.key.origin)
    }

    /// Fails every request of this pool with `shutdown` and closes every connection.
    func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        let queued = waiting.values.flatMap { $0 }
        waiting = [:]
        for execution in queued {
            execution.onAbort = nil
            execution.fail(.shutdown)
        }
        let opening = Array(connecting.values)
        connecting = [:]
        for execution in opening { execution.fail(.shutdown) }
        for connection in Array(live.values) { connection.shutdown() }
    }

    /// The client is gone: close idle connections now and the others when their exchange ends.
    func closeWhenIdle() {
        closesWhenIdle = true
        for connection in idle.values.flatMap({ $0 }) { retire(connection) }
    }

    // MARK: Dispatching

    /// Starts the execution if a connection is free or may be opened; false if it must wait.
    private func dispatch(_ execution: RequestExecution) -> Bool {
        let key = execution.request.key
        if !execution.requiresNewConnection, let connection = takeIdle(key) {
            connection.run(execution)
            return true
        }
        let origin = key.origin
        // Streams never wait: with HTTP/1.1 each watch holds a connection for its whole life, so counting them would
        // let a few dozen watches starve every other request. The limit bounds the other exchanges.
        if !execution.isStreaming, open[origin, default: 0] - streamingConnections(origin) >= limit {
            // An idle connection of another identity (or a stale one, for a retry) makes room.
            guard let victim = idle.first(where: { $0.key.origin == origin && !$0.value.isEmpty })?.value.first else {
                return false
            }
            discard(victim)
        }
        connect(execution)
        return true
    }

    /// Established connections of `origin` carrying a stream now.
    private func streamingConnections(_ origin: ConnectionKey.Origin) -> Int {
        live.values.reduce(0) { count, connection in
            count + (connection.key.origin == origin && connection.execution?.isStreaming == true ? 1 : 0)
        }
    }

    private func connect(_ execution: RequestExecution) {
        let key = execution.request.key
        open[key.origin, default: 0] += 1
        let id = ObjectIdentifier(execution)
        connecting[id] = execution
        factory.connect(key, pool: self).whenComplete { [self] result in
            connecting[id] = nil
            switch result {
            case .success(let connection):
                guard connection.isOpen, !connection.isRetired else {
                    // Closed before it could be used: it never joined the count.
                    connection.isRetired = true
                    release(key.origin)
                    execution.fail(.transport(code: 0, message: "the server closed the connection right after accepting it"))
                    return
                }
                live[ObjectIdentifier(connection)] = connection
                if isShutDown {
                    retire(connection)
                } else if execution.isFinished {
                    exchangeFinished(connection, reusable: true)
                } else {
                    connection.run(execution)
                }
            case .failure(let error):
                release(key.origin)
                execution.fail(NIOErrorMapping.error(for: error, connectTimeout: connectTimeout))
            }
        }
    }

    /// A connection attempt that failed gives its place to the next waiting request.
    private func release(_ origin: ConnectionKey.Origin) {
        open[origin, default: 1] -= 1
        serveWaiting(origin)
    }

    private func takeIdle(_ key: ConnectionKey) -> HTTPConnection? {
        while let connection = idle[key]?.popLast() {
            if connection.isUsable && !connection.isStale { return connection }
            discard(connection)
        }
        return nil
    }

    /// Closes a connection and frees its place without serving the queue.
    private func discard(_ connection: HTTPConnection) {
        guard !connection.isRetired else { return }
        connection.isRetired = true
        idle[connection.key]?.removeAll { $0 === connection }
        if idle[connection.key]?.isEmpty == true { idle[connection.key] = nil }
        if live.removeValue(forKey: ObjectIdentifier(connection)) != nil {
            open[connection.key.origin, default: 1] -= 1
        }
        connection.close()
    }

    // MARK: Waiting

    private func enqueue(_ execution: RequestExecution) {
        waiting[execution.request.key.origin, default: []].append(execution)
        execution.onAbort = { [self] in removeWaiter(execution) }
    }

    private func removeWaiter(_ execution: RequestExecution) {
        execution.onAbort = nil
        let origin = execution.request.key.origin
        waiting[origin]?.removeAll { $0 === execution }
        if waiting[origin]?.isEmpty == true { waiting[origin] = nil }
    }

    /// Starts waiting requests of `origin` while connections are free (re-entrant calls fold into the running one).
    private func serveWaiting(_ origin: ConnectionKey.Origin) {
        toServe.insert(origin)
        guard !isServing else { return }
        isServing = true
        defer { isServing = false }
        while let origin = toServe.popFirst() {
            while let next = waiting[origin]?.first {
                removeWaiter(next)
                if next.isFinished { continue }
                if !dispatch(next) {
                    waiting[origin, default: []].insert(next, at: 0)
                    next.onAbort = { [self] in removeWaiter(next) }
                    break
                }
            }
        }
    }
}
