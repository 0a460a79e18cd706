import Foundation
import Testing
@testable import HTTP

@Suite struct ProxySelectionTests {
    private func proxy(_ url: String, _ environment: [String: String]) throws -> String? {
        EnvironmentProxy.proxyURL(for: try RequestTarget(url: url), environment: environment)
    }

    @Test func schemeVariablesAsCurlReadsThem() throws {
        let environment = ["https_proxy": "http://secure:3128", "http_proxy": "http://plain:3128"]
        #expect(try proxy("https://api.example.com/x", environment) == "http://secure:3128")
        #expect(try proxy("http://api.example.com/x", environment) == "http://plain:3128")
        // Upper case works for https, but not for http (curl ignores HTTP_PROXY).
        #expect(try proxy("https://api.example.com/", ["HTTPS_PROXY": "http://upper:1"]) == "http://upper:1")
        #expect(try proxy("http://api.example.com/", ["HTTP_PROXY": "http://upper:1"]) == nil)
        // Lower case wins over upper case.
        #expect(try proxy("https://api.example.com/", ["https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:1"]) == "http://lower:1")
    }

    @Test func allProxyIsTheFallback() throws {
        #expect(try proxy("http://api.example.com/", ["all_proxy": "http://all:1"]) == "http://all:1")
        #expect(try proxy("https://api.example.com/", ["ALL_PROXY": "http://all:2"]) == "http://all:2")
        #expect(try proxy("https://api.example.com/", ["ALL_PROXY": "http://all:2", "https_proxy": "http://own:3"]) == "http://own:3")
        #expect(try proxy("https://api.example.com/", ["https_proxy": ""]) == nil)
    }

    @Test func noProxyListsHostsDomainsAndStar() throws {
        let base = ["https_proxy": "http://p:1", "http_proxy": "http://p:1"]
        func direct(_ url: String, _ noProxy: String, name: String = "no_proxy") throws -> Bool {
            try proxy(url, base.merging([name: noProxy]) { $1 }) == nil
        }
        #expect(try direct("https://kubernetes.default.svc/", "localhost,.svc"))
        #expect(try direct("https://a.b.example.com/", "example.com"))
        #expect(try direct("https://example.com/", ".example.com"))
        #expect(try !direct("https://notexample.com/", "example.com"))
        #expect(try direct("https://Example.COM/", "example.com"))
        #expect(try direct("http://10.0.0.7:8080/", "10.0.0.7"))
        #expect(try !direct("http://10.0.0.70/", "10.0.0.7"))
        #expect(try direct("https://anything.invalid/", "*"))
        #expect(try direct("https://api.example.com/", "foo.test, api.example.com"))
        // A port on an entry is ignored.
        #expect(try direct("https://api.example.com/", "api.example.com:8443"))
        #expect(try direct("http://[::1]:8080/", "[::1]:8080"))
        #expect(try direct("http://[::1]:8080/", "::1"))
        // Networks, for IP addresses (the Kubernetes service network, in-cluster).
        #expect(try direct("https://10.96.0.1:443/api", "10.96.0.0/12"))
        #expect(try !direct("https://10.112.0.1:443/api", "10.96.0.0/12"))
        #expect(try direct("http://[fd00::1]/", "fd00::/8"))
        #expect(try !direct("https://ten.example/", "10.0.0.0/8"))
        // NO_PROXY works too.
        #expect(try direct("https://api.example.com/", "example.com", name: "NO_PROXY"))
    }

    @Test func proxyURLsAreParsedAsCurlDoes() throws {
        let plain = try ProxyEndpoint(url: "proxy.example.com")
        #expect(plain.host == "proxy.example.com" && plain.port == 1080 && plain.authorization == nil)
        let withUser = try ProxyEndpoint(url: "http://user%40corp:p%3Ass@10.1.2.3:3128")
        #expect(withUser.host == "10.1.2.3" && withUser.port == 3128)
        #expect(withUser.authorization == "Basic \(Data("user@corp:p:ss".utf8).base64EncodedString())")
        #expect(throws: HTTPClientError.self) { try ProxyEndpoint(url: "socks5://proxy.example.com:1080") }
    }
}
