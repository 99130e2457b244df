import CRMHTTP
import Testing

/// The SSRF guard's address classes and the outbound URL rules, without any network.
@Suite struct OutboundAddressPolicyTests {
    static let refused: [(String, String)] = [
        ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
        ("0.0.0.0", "unspecified"), ("::", "unspecified"),
        ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
        ("10.0.0.1", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
        ("100.64.0.1", "private"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
        ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("255.255.255.255", "broadcast"),
        ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.1.2.3", "private"), ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"), ("2002:7f00:1::", "loopback"), ("192.0.2.1", "documentation"), ("2001:db8::1", "documentation"),
    ]
    static let allowed = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "11.0.0.1"]

    @Test func refusesEveryNonPublicClass() {
        let policy = OutboundAddressPolicy(allowsPrivate: false)
        for (text, kind) in Self.refused {
            let address = IPAddress(literal: text)
            #expect(address != nil, "\(text)")
            #expect(address.flatMap(policy.refusal(of:)) == kind, "\(text)")
        }
        for text in Self.allowed {
            #expect(IPAddress(literal: text).flatMap(policy.refusal(of:)) == nil, "\(text)")
        }
    }

    @Test func theOperatorCanAllowPrivateTargets() {
        let policy = OutboundAddressPolicy(allowsPrivate: true)
        for (text, _) in Self.refused { #expect(IPAddress(literal: text).flatMap(policy.refusal(of:)) == nil) }
    }

    @Test func resolvingVetsEveryAddress() throws {
        #expect(throws: ClientFailure.self) { try ResolvedAddress.resolve(host: "127.0.0.1", port: 80, policy: OutboundAddressPolicy(allowsPrivate: false)) }
        #expect(throws: ClientFailure.self) { try ResolvedAddress.resolve(host: "localhost", port: 80, policy: OutboundAddressPolicy(allowsPrivate: false)) }
        let allowed = try ResolvedAddress.resolve(host: "127.0.0.1", port: 80, policy: OutboundAddressPolicy(allowsPrivate: true))
        #expect(allowed.map(\.address.description) == ["127.0.0.1"])
    }

    @Test func outboundURLsAreStrict() throws {
        let url = try OutboundURL.parse("https://Hooks.Example.com:8443/in?x=1").get()
        #expect(url.scheme == .https && url.host == "hooks.example.com" && url.port == 8443 && url.target == "/in?x=1")
        #expect(url.hostHeader == "hooks.example.com:8443")
        let v6 = try OutboundURL.parse("http://[2606:4700::1111]").get()
        #expect(v6.host == "2606:4700::1111" && v6.port == 80 && v6.target == "/" && v6.hostHeader == "[2606:4700::1111]")
        for bad in ["ftp://example.com/", "http://user:pw@example.com/", "http://example.com:0/", "http://example.com:65536/",
                    "http://example.com/#frag", "http:///path", "http://exa mple.com/", "http://[::1/", "http://[example.com]/",
                    "example.com", "http://example.com:80:80/", "http://ex\u{e4}mple.com/"] {
            if case .success = OutboundURL.parse(bad) { Issue.record("accepted \(bad)") }
        }
    }
}
