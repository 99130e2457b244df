/// Where one record's line starts on disk, packed into 8 bytes so the per-entity history index stays
/// small: 22 bits of file id (the locator's table of live files), 40 bits of byte offset (1 TiB), and
/// 2 bits of the record's op (so the index knows each entity's last op without reading the disk).
struct RecordLocation: Hashable, Sendable {
    let packed: UInt64

    init(file: UInt32, offset: Int, op: RecordOp) {
        packed = UInt64(file & 0x3F_FFFF) << 42 | (UInt64(offset) & 0xFF_FFFF_FFFF) << 2 | UInt64(op.code)
    }

    var file: UInt32 { UInt32(packed >> 42) }
    var offset: Int { Int((packed >> 2) & 0xFF_FFFF_FFFF) }
    var op: RecordOp { RecordOp(code: UInt8(packed & 3)) }
}

extension RecordOp {
    var code: UInt8 {
        switch self {
        case .put: 0
        case .delete: 1
        case .erase: 2
        }
    }

    init(code: UInt8) {
        switch code {
        case 0: self = .put
        case 1: self = .delete
        default: self = .erase
        }
    }
}
