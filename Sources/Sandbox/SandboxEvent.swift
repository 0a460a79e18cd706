import Basics
import FoundationEssentials

/// Something a person watching the sandbox cares about. Never holds a token, credential or key.
public enum SandboxEvent: Sendable, Hashable {
    /// Runbeam Cloud issued a machine token for a Gateway; `issuance` 1 is the first, 2 the first renewal, ….
    case tokenIssued(gateway: String, issuance: Int, expiresIn: TimeInterval)
    /// The operator created or updated a Gateway's Secret.
    case secretWritten(gateway: String, secret: String, created: Bool)
    /// The emulator's rollout counter of a Gateway's Deployment moved to `count`.
    case rollout(gateway: String, deployment: String, count: Int)

    /// The Gateway the event is about.
    public var gateway: String {
        switch self {
        case .tokenIssued(let gateway, _, _), .secretWritten(let gateway, _, _), .rollout(let gateway, _, _): gateway
        }
    }

    /// Whether this is a renewal (any issuance after the first).
    public var isRenewal: Bool {
        if case .tokenIssued(_, let issuance, _) = self { return issuance > 1 }
        return false
    }

    /// One progress line: elapsed time, what happened, to what. `timeScale` shows the expiry at Runbeam Cloud's pace;
    /// the object column is padded to `objectWidth` so the lines of one run align.
    public func line(elapsed: Duration, namespace: String, timeScale: Double, objectWidth: Int = 0) -> String {
        let stamp = Self.stamp(elapsed)
        let (what, object, detail): (String, String, String)
        switch self {
        case .tokenIssued(let gateway, let issuance, let expiresIn):
            let which = issuance == 1 ? "first issuance" : "renewal \(issuance - 1)"
            let real = Self.realTime(expiresIn * timeScale)
            (what, object, detail) = (
                issuance == 1 ? "token issued" : "token renewed", "\(namespace)/\(gateway)",
                "\(which), expires in \(String(cFormat: "%.1f", expiresIn))s (\(real) at Runbeam Cloud's pace)"
            )
        case .secretWritten(let gateway, let secret, let created):
            (what, object, detail) = ("secret \(created ? "created" : "updated")", "\(namespace)/\(secret)", "for \(gateway)")
        case .rollout(let gateway, let deployment, let count):
            (what, object, detail) = ("rollout", "\(namespace)/\(deployment)", "for \(gateway), rollout #\(count)")
        }
        return "\(stamp) \(Self.padRight(what, to: Self.verbWidth))  \(Self.padRight(object, to: objectWidth))  \(detail)"
    }

    /// The widest verb, `secret created`.
    static let verbWidth = 14

    /// `[   1.5s]`: the stamp every sandbox line starts with.
    public static func stamp(_ elapsed: Duration) -> String {
        "[" + pad(String(cFormat: "%.1fs", elapsed.inSeconds), to: 7) + "]"
    }

    /// A line in the same columns as the events, for notes such as "waiting": `[  1.5s] waiting  …`.
    public static func noteLine(elapsed: Duration, what: String, text: String) -> String {
        "\(stamp(elapsed)) \(padRight(what, to: verbWidth))  \(text)"
    }

    private static func padRight(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `30 days`, `12 hours`, `5 minutes`: a compressed duration expanded back to real time.
    static func realTime(_ seconds: TimeInterval) -> String {
        let rounded: (Double) -> String = { value in
            value >= 10 || value == value.rounded() ? String(Int(value.rounded())) : String(cFormat: "%.1f", value)
        }
        if seconds >= 86_400 { return "\(rounded(seconds / 86_400)) days" }
        if seconds >= 3_600 { return "\(rounded(seconds / 3_600)) hours" }
        if seconds >= 60 { return "\(rounded(seconds / 60)) minutes" }
        return "\(rounded(seconds)) seconds"
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
