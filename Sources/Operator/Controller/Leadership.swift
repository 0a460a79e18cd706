/// Whether the controller leads, and the task running the workers of the current term (``GatewayController``).
///
/// A term starts when the controller leads and its caches have synced, and ends when leadership is lost or the
/// controller stops. A new term waits for the previous one to finish, so two terms' workers never overlap.
struct Leadership: Sendable {
    var leading: Bool
    var synced = false
    /// The current term's workers.
    var term: Task<Void, Never>?
    /// The last term ended, until a new one starts after it.
    var ending: Task<Void, Never>?

    init(leading: Bool) {
        self.leading = leading
    }

    /// Starts a term running `lead` unless one runs.
    mutating func startTerm(_ lead: @escaping @Sendable () async -> Void) {
        guard term == nil else { return }
        let previous = ending
        ending = nil
        term = Task {
            await previous?.value
            await lead()
        }
    }

    /// Cancels the current term and returns it (or the term still ending).
    mutating func endTerm() -> Task<Void, Never>? {
        guard let current = term else { return ending }
        current.cancel()
        term = nil
        ending = current
        return current
    }
}
