#if canImport(Glibc)
import Glibc
#endif

/// One address a host name resolved to, ready for `connect(2)`.
public struct ResolvedAddress: Sendable {
    public var address: IPAddress
    public var port: Int
    var storage: sockaddr_storage
    var length: socklen_t
    var family: Int32

    /// Every TCP address of `host` (a name or an IP literal), in the resolver's order.
    public static func resolve(host: String, port: Int) throws(ClientFailure) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = IPAddress(literal: host) == nil ? 0 : AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .resolution(status == 0 ? "no address" : String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ai_next }
            guard let socketAddress = entry.pointee.ai_addr else { continue }
            var storage = sockaddr_storage()
            let length = entry.pointee.ai_addrlen
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(start: socketAddress, count: Int(length)))
            }
            let ip: IPAddress
            switch entry.pointee.ai_family {
            case AF_INET:
                ip = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { IPAddress($0.pointee.sin_addr) }
            case AF_INET6:
                ip = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { IPAddress($0.pointee.sin6_addr) }
            default:
                continue
            }
            found.append(ResolvedAddress(address: ip, port: port, storage: storage, length: length, family: entry.pointee.ai_family))
        }
        guard !found.isEmpty else { throw .resolution("no IPv4 or IPv6 address") }
        return found
    }

    /// The addresses of `host` the policy allows, or `.refusedAddress` when any is refused.
    public static func resolve(host: String, port: Int, policy: OutboundAddressPolicy) throws(ClientFailure) -> [ResolvedAddress] {
        let addresses = try resolve(host: host, port: port)
        for candidate in addresses {
            if let kind = policy.refusal(of: candidate.address) {
                throw .refusedAddress("\(host) resolves to \(candidate.address), a \(kind) address")
            }
        }
        return addresses
    }
}
