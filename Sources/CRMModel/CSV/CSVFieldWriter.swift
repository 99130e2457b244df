/// Writes CSV rows the way `CSVRowParser` reads them back (RFC 4180): a field holding a comma, a
/// quote, CR or LF, or starting or ending with a space, is quoted with inner quotes doubled; rows end
/// with CRLF.
public enum CSVFieldWriter {
    public static func appendRow(_ fields: [String], to out: inout [UInt8]) {
        for (position, field) in fields.enumerated() {
            if position > 0 { out.append(44) }
            appendField(field, to: &out)
        }
        out.append(13)
        out.append(10)
    }

    public static func appendField(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.first == 32 || utf8.last == 32
            || utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return out.append(contentsOf: utf8) }
        out.append(34)
        for byte in utf8 {
            if byte == 34 { out.append(34) }
            out.append(byte)
        }
        out.append(34)
    }
}
