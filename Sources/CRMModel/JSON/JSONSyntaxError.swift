/// Why and where a JSON text was rejected: the byte offset, the 1-based line and column
/// (columns count characters, not bytes), and a reason a person can act on.
public struct JSONSyntaxError: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the offending input from the start of the text.
    public let offset: Int
    public let line: Int
    public let column: Int
    /// What is wrong, without the position: "unexpected character '}'".
    public let reason: String

    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The reason with its position: "unexpected character '}' at line 1, column 17".
    public var message: String {
        "\(reason) at line \(line), column \(column)"
    }

    public var description: String { message }

    /// An error at `offset` in `bytes`, with line and column worked out by counting from the start.
    init(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>, reason: String) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // UTF-8 continuation bytes do not start a new character
            }
        }
        self.init(offset: offset, line: line, column: column, reason: reason)
    }

    /// How a byte is named in a message: `character '}'`, `control character U+000A`, `byte 0xFF`.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "'"): "character \"'\""
        case 0x20..<0x7F: "character '\(Character(Unicode.Scalar(byte)))'"
        case ..<0x20, 0x7F: "control character U+00\(hex(byte))"
        default: "byte 0x\(hex(byte))"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
