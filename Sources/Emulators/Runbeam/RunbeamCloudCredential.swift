import FoundationEssentials

/// A user credential the Runbeam Cloud emulator accepts, and the team and user it belongs to.
///
/// `description` shows the team and kind, never the value.
public struct RunbeamCloudCredential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The credential as sent in `Authorization: Bearer …`.
    public var value: String
    /// The team that owns every gateway this credential creates.
    public var team: String
    public var userID: Int
    public var userName: String
    public var userEmail: String

    public init(value: String, team: String = "default", userID: Int = 1, userName: String = "Emulator User", userEmail: String = "user@example.test") {
        self.value = value
        self.team = team
        self.userID = userID
        self.userName = userName
        self.userEmail = userEmail
    }

    /// A new Sanctum-shaped credential, `{id}|{40 random characters}`.
    public static func sanctum(id: Int = 1, team: String = "default") -> RunbeamCloudCredential {
        RunbeamCloudCredential(value: "\(id)|\(RandomText.alphanumeric(40))", team: team, userID: id)
    }

    /// A new JWT-shaped credential (`header.payload.signature`, base64url; not signed).
    public static func jwt(userID: Int = 1, team: String = "default") -> RunbeamCloudCredential {
        let header = RandomText.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = RandomText.base64URL(Data(#"{"sub":"\#(userID)","team":"\#(team)"}"#.utf8))
        let signature = RandomText.base64URL(Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
        return RunbeamCloudCredential(value: "\(header).\(payload).\(signature)", team: team, userID: userID)
    }

    /// Whether the value is `{digits}|{secret}` or three base64url parts.
    public var isWellFormed: Bool {
        let sanctum = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        if sanctum.count == 2, !sanctum[0].isEmpty, sanctum[0].allSatisfy(\.isNumber), !sanctum[1].isEmpty { return true }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty }
    }

    public var description: String { "RunbeamCloudCredential(team: \(team), user: \(userID), redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["team": team, "userID": userID]) }
}
