import Foundation
import Testing
@testable import Kubernetes

/// Path segments and query values are percent-encoded as Foundation encodes ASCII, and every
/// non-ASCII byte is encoded (Foundation would keep a non-ASCII letter, which is not valid in a URL).
@Suite("Percent-encoding")
struct PercentEncodingTests {
    @Test("ASCII is encoded as addingPercentEncoding encodes it", arguments: [
        "app.kubernetes.io/managed-by=runbeam-operator", "a b&c=d", "name:with@signs", "~._-", "100%", "x,y!=z", "tab\there",
    ])
    func ascii(_ text: String) {
        var query = CharacterSet.alphanumerics
        query.insert(charactersIn: "-._~")
        var segment = query
        segment.insert(charactersIn: ":@")
        #expect(PercentEncoding.encode(text, keeping: PercentEncoding.unreserved) == text.addingPercentEncoding(withAllowedCharacters: query))
        #expect(PercentEncoding.encode(text, keeping: PercentEncoding.pathSegment) == text.addingPercentEncoding(withAllowedCharacters: segment))
    }

    @Test func nonASCIIBytesAreEncoded() {
        #expect(PercentEncoding.encode("é/名", keeping: PercentEncoding.unreserved) == "%C3%A9%2F%E5%90%8D")
    }
}
