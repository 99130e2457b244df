/// Which addresses the server may call out to (SSRF guard). By default only public unicast
/// addresses: loopback, unspecified, link-local, private (RFC 1918, CGNAT, unique local),
/// multicast, broadcast, documentation, benchmarking and reserved ranges are refused, also when
/// wrapped in IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4). `allowsPrivate`
/// (`CRM_WEBHOOK_ALLOW_PRIVATE=1`) lifts the guard for operators who call their own network.
///
/// `HTTPClient` resolves a name once, refuses it when any of its addresses is refused, and
/// connects to a vetted address itself, so DNS rebinding between check and connect is impossible.
public struct OutboundAddressPolicy: Sendable {
    public var allowsPrivate: Bool

    public init(allowsPrivate: Bool) {
        self.allowsPrivate = allowsPrivate
    }

    /// Nil when the policy lets `address` be called; otherwise why not (`loopback`, `private`, …).
    public func refusal(of address: IPAddress) -> String? {
        allowsPrivate ? nil : Self.nonPublicKind(of: address)
    }

    /// The kind of a non-public address, or nil for a public unicast one.
    public static func nonPublicKind(of address: IPAddress) -> String? {
        switch address {
        case .v4(let value): return kind(ofV4: value)
        case .v6(let bytes): return kind(ofV6: bytes)
        }
    }

    private static let v4Ranges: [(base: UInt32, bits: UInt32, kind: String)] = [
        (0x0000_0000, 8, "unspecified"),        // 0.0.0.0/8 "this network"
        (0x0A00_0000, 8, "private"),            // 10/8
        (0x6440_0000, 10, "private"),           // 100.64/10 carrier-grade NAT
        (0x7F00_0000, 8, "loopback"),           // 127/8
        (0xA9FE_0000, 16, "link-local"),        // 169.254/16 (cloud metadata lives here)
        (0xAC10_0000, 12, "private"),           // 172.16/12
        (0xC000_0000, 24, "reserved"),          // 192.0.0/24 IETF protocol assignments
        (0xC000_0200, 24, "documentation"),     // 192.0.2/24
        (0xC0A8_0000, 16, "private"),           // 192.168/16
        (0xC612_0000, 15, "benchmarking"),      // 198.18/15
        (0xC633_6400, 24, "documentation"),     // 198.51.100/24
        (0xCB00_7100, 24, "documentation"),     // 203.0.113/24
        (0xE000_0000, 4, "multicast"),          // 224/4
        (0xF000_0000, 4, "reserved"),           // 240/4, including 255.255.255.255 broadcast
    ]

    static func kind(ofV4 value: UInt32) -> String? {
        if value == 0xFFFF_FFFF { return "broadcast" }
        for range in v4Ranges {
            let mask: UInt32 = range.bits == 0 ? 0 : ~0 << (32 - range.bits)
            if value & mask == range.base { return range.kind }
        }
        return nil
    }

    static func kind(ofV6 bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return "invalid" }
        let embeddedV4 = bytes[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let first10Zero = bytes[0..<10].allSatisfy { $0 == 0 }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? "loopback" : "unspecified" }
        // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible): judge the IPv4 inside.
        if first10Zero && bytes[10] == 0xFF && bytes[11] == 0xFF { return kind(ofV4: embeddedV4) }
        if first10Zero && bytes[10] == 0 && bytes[11] == 0 { return "reserved" }
        // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last 32 bits.
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return kind(ofV4: embeddedV4) }
        // 2002::/16 (6to4) carries one in bits 16–47.
        if bytes[0] == 0x20 && bytes[1] == 0x02 {
            return kind(ofV4: bytes[2..<6].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        if bytes[0] == 0xFF { return "multicast" }                            // ff00::/8
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "link-local" } // fe80::/10
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return "private" }    // fec0::/10 site-local (deprecated)
        if bytes[0] & 0xFE == 0xFC { return "private" }                         // fc00::/7 unique local
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return "documentation" } // 2001:db8::/32
        if bytes[0] == 0x01 && bytes[1..<8].allSatisfy({ $0 == 0 }) { return "reserved" } // 100::/64 discard
        return nil
    }
}
