import Foundation
@testable import GatewayCore
@testable import Operator
import Runbeam
import Testing

/// Token request failures tell the user what to do, and name Runbeam Cloud once.
@Suite struct TokenIssueMessageTests {
    @Test func anUnavailableCloudSaysToCheckTheAPIURLOrWait() {
        let description = TokenIssueError.unavailable(message: "connection refused").description
        #expect(description.hasPrefix("Runbeam Cloud is unavailable: connection refused; "))
        #expect(description.contains("check that spec.cloud.apiURL points at Runbeam Cloud"))
        #expect(description.hasSuffix("or wait: the operator retries with backoff"))
    }

    @Test func anUnreadableResponseSaysToCheckTheAPIURLOrWait() {
        let description = TokenIssueError.malformed(message: "machine_token is missing").description
        #expect(description.hasPrefix("Runbeam Cloud sent an unreadable token response: machine_token is missing; "))
        #expect(description.contains("check that spec.cloud.apiURL points at Runbeam Cloud"))
        #expect(description.hasSuffix("or wait: the operator retries with backoff"))
    }

    @Test func aTooLargeResponseNamesTheLimitAndRunbeamCloudOnce() {
        let error = RunbeamTokenIssuer.map(.responseTooLarge(limit: 1 << 20))
        #expect(error == .malformed(message: "the response was larger than the limit of 1048576 bytes"))
        let cause = error.description.components(separatedBy: "; check").first
        #expect(cause == "Runbeam Cloud sent an unreadable token response: the response was larger than the limit of 1048576 bytes")
    }

    @Test func anUnexpectedStatusOrBadRequestNamesRunbeamCloudOnceAndWhatToCheck() {
        let status = RunbeamTokenIssuer.map(.unexpectedStatus(code: 404, message: "Not Found")).description
        #expect(status.components(separatedBy: "Runbeam Cloud").count == 2, "\(status)")
        #expect(status.contains("unexpected status 404"))
        #expect(status.contains("check the API URL"))
        let configuration = RunbeamTokenIssuer.map(.invalidConfiguration(reason: "the URL is not valid")).description
        #expect(configuration == "cannot call Runbeam Cloud: the URL is not valid")
    }
}
