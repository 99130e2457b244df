/// The opaque `cursor` of list endpoints: where the previous page ended, as the sort key of its
/// last item plus that item's id (the id breaks ties between equal sort keys).
///
/// The text is base64url of `version · varint(length of sortKey) · sortKey · id · FNV-1a-32`.
/// The checksum makes `decode` refuse edited, truncated or made-up cursors with nil. It is not
/// a signature: someone who reads this comment can forge one, which only lets them start a list
/// where a query could have started it anyway.
public enum Cursor {
    private static let version: UInt8 = 1
    /// Longer cursors are refused before decoding.
    public static let maximumLength = 2_048

    /// The cursor continuing after the item with `sortKey` and `id`.
    public static func encode(sortKey: String, id: String) -> String {
        var payload: [UInt8] = [version]
        var length = sortKey.utf8.count
        repeat {
            let low = UInt8(length & 0x7F)
            length >>= 7
            payload.append(length > 0 ? low | 0x80 : low)
        } while length > 0
        payload.append(contentsOf: sortKey.utf8)
        payload.append(contentsOf: id.utf8)
        let checksum = fnv1a(payload)
        payload.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: checksum >> (24 - 8 * $0)) })
        return Base64URL.encode(payload)
    }

    /// The position a cursor from `encode` names, or nil for anything `encode` did not write.
    public static func decode(_ cursor: String) -> CursorPosition? {
        guard cursor.utf8.count <= maximumLength, let bytes = Base64URL.decode(cursor),
            bytes.count >= 6, bytes[0] == version
        else { return nil }
        let body = bytes[..<(bytes.count - 4)]
        let checksum = bytes[(bytes.count - 4)...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard fnv1a(body) == checksum else { return nil }

        var position = 1
        var length = 0
        var shift = 0
        while true {
            guard position < body.count, shift < 28 else { return nil }
            let byte = body[position]
            position += 1
            length |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { break }
        }
        guard length <= body.count - position,
            let sortKey = String(validating: body[position..<(position + length)], as: UTF8.self),
            let id = String(validating: body[(position + length)...], as: UTF8.self)
        else { return nil }
        return CursorPosition(sortKey: sortKey, id: id)
    }

    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt32 {
        bytes.reduce(0x811C_9DC5) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
    }
}

/// Where a list page ended: the sort key of its last item and that item's id.
public struct CursorPosition: Sendable, Hashable {
    public var sortKey: String
    public var id: String

    public init(sortKey: String, id: String) {
        self.sortKey = sortKey
        self.id = id
    }
}
