/// What a `PrefixedID` is for: the short type prefix written before its ULID (`"ct_"`).
public protocol IDPrefix: Sendable {
    static var prefix: String { get }
}

/// A server-made identifier of one resource type: a prefix plus a ULID (`ct_01JD8X…`).
/// Each resource has its own type (`ContactID`, `TicketID`, …) so they cannot be mixed up;
/// identifiers sort by creation time.
public struct PrefixedID<Kind: IDPrefix>: Sendable, Hashable, Comparable, CustomStringConvertible,
    LosslessStringConvertible
{
    public let ulid: ULID

    public init(_ ulid: ULID) {
        self.ulid = ulid
    }

    /// A new identifier from the shared `ULIDGenerator`.
    public static func make() -> Self {
        Self(ULID.make())
    }

    /// Parses `prefix + ULID`; nil when the prefix is another type's or the ULID is not canonical.
    public init?(_ text: String) {
        var text = text
        guard let ulid = text.withUTF8({ Self.ulid(in: $0) }) else { return nil }
        self.ulid = ulid
    }

    private static func ulid(in utf8: UnsafeBufferPointer<UInt8>) -> ULID? {
        let prefix = Kind.prefix.utf8
        guard utf8.count == prefix.count + ULID.characterCount, utf8.starts(with: prefix) else { return nil }
        return ULID(utf8: UnsafeBufferPointer(rebasing: utf8[prefix.count...]))
    }

    public var description: String {
        Kind.prefix + ulid.description
    }

    /// Appends the text form to `bytes` without building a `String`.
    public func appendText(to bytes: inout [UInt8]) {
        var prefix = Kind.prefix
        prefix.withUTF8 { bytes.append(contentsOf: $0) }
        ulid.appendText(to: &bytes)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.ulid < rhs.ulid
    }
}

extension PrefixedID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a \(Kind.prefix) identifier: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension JSONWriter {
    /// Writes an identifier as a JSON string, straight from its bits.
    public mutating func id<Kind>(_ id: PrefixedID<Kind>) {
        appendUnescapedString { id.appendText(to: &$0) }
    }

    public mutating func field<Kind>(_ key: StaticString, _ id: PrefixedID<Kind>) {
        self.key(key)
        self.id(id)
    }

    public mutating func field<Kind>(_ key: StaticString, _ id: PrefixedID<Kind>?) {
        self.key(key)
        if let id { self.id(id) } else { null() }
    }
}
