/// An incremental RFC 4180 CSV parser fed bytes in pieces of any size (a request body as it arrives):
/// it never needs the whole input, only the row being read. Quoted fields may hold commas, doubled
/// quotes and line breaks; rows end with CRLF, LF or a lone CR; a UTF-8 byte-order mark at the very
/// start is dropped; empty lines are skipped. Each row carries the physical line it starts on (1-based).
///
/// A malformed row (a quote inside an unquoted field, text after a closing quote, a row longer than
/// `maxRowBytes`, a field that is not UTF-8) is reported as `.malformed` naming its line, and parsing
/// goes on at the next line, so one bad row never stops the rest. A quoted field still open at the end
/// of the input is malformed too (`finish`).
public struct CSVRowParser: Sendable {
    public enum Event: Sendable, Equatable {
        case row(line: Int, fields: [String])
        case malformed(line: Int, message: String)
    }

    private enum Mode: UInt8 {
        /// At the start of a field (after a comma or at a row start).
        case fieldStart
        case unquoted
        case quoted
        /// Just after a quote inside a quoted field: a second quote is a literal one, else it closed.
        case quoteInQuoted
        /// After a malformed row: ignoring bytes up to the end of the physical line.
        case skipping
    }

    public let maxRowBytes: Int
    private var mode = Mode.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var rowBytes = 0
    private var isRowStarted = false
    private var rowLine = 1
    private var line = 1
    private var lastWasCR = false
    private var hasInvalidUTF8 = false
    /// Bytes held back at the very start while deciding whether they are a byte-order mark.
    private var head: [UInt8]? = []

    public init(maxRowBytes: Int = 1 << 20) {
        self.maxRowBytes = maxRowBytes
    }

    /// Consumes `bytes`, calling `emit` for every row (or malformed row) completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (Event) throws -> Void) rethrows {
        let done: Void? = try bytes.withContiguousStorageIfAvailable { buffer in try feed(buffer: buffer, emit) }
        if done == nil { try Array(bytes).withUnsafeBufferPointer { buffer in try feed(buffer: buffer, emit) } }
    }

    private mutating func feed(buffer: UnsafeBufferPointer<UInt8>, _ emit: (Event) throws -> Void) rethrows {
        var index = 0
        while index < buffer.count, var pending = head {
            // The first bytes of the input: hold them until they are known not to be a byte-order mark.
            pending.append(buffer[index])
            index += 1
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if pending.count < 3, bom.starts(with: pending) { head = pending; continue }
            head = nil
            if pending != bom { for held in pending { try consume(held, emit) } }
        }
        while index < buffer.count {
            // Fast path: a run of ordinary bytes inside a field is appended in one go.
            var end = index
            if mode == .unquoted {
                while end < buffer.count, buffer[end] != 44, buffer[end] != 10, buffer[end] != 13, buffer[end] != 34 { end += 1 }
            } else if mode == .quoted {
                while end < buffer.count, buffer[end] != 34, buffer[end] != 10, buffer[end] != 13 { end += 1 }
            }
            if end > index && rowBytes + (end - index) <= maxRowBytes {
                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                rowBytes += end - index
                lastWasCR = false
                index = end
                continue
            }
            try consume(buffer[index], emit)
            index += 1
        }
    }

    /// Ends the input: emits the last row when it has no line break, or reports a quote left open.
    public mutating func finish(_ emit: (Event) throws -> Void) rethrows {
        if let pending = head {
            head = nil
            for held in pending { try consume(held, emit) }
        }
        switch mode {
        case .quoted:
            try emit(.malformed(line: rowLine, message: "a quoted field opened on line \(rowLine) is never closed"))
        case .skipping:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            if isRowStarted { try endRow(emit) }
        }
        reset(mode: .fieldStart)
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8, _ emit: (Event) throws -> Void) rethrows {
        let afterCR = lastWasCR
        lastWasCR = byte == 13
        if byte == 10 && afterCR {
            // The LF of a CRLF: the line was counted (and a row outside quotes ended) at the CR.
            if mode == .quoted { field.append(byte) }
            return
        }
        if byte == 10 || byte == 13 { line += 1 }
        if mode == .skipping {
            if byte == 10 || byte == 13 { reset(mode: .fieldStart) }
            return
        }
        if !isRowStarted {
            if byte == 10 || byte == 13 { return }  // an empty line
            isRowStarted = true
            rowLine = line
        }
        rowBytes += 1
        if rowBytes > maxRowBytes {
            return try fail("row is longer than \(maxRowBytes) bytes", emit, atLineEnd: byte == 10 || byte == 13)
        }
        switch mode {
        case .fieldStart:
            switch byte {
            case 34: mode = .quoted
            case 44: endField()
            case 10, 13: try endRow(emit)
            default:
                field.append(byte)
                mode = .unquoted
            }
        case .unquoted:
            switch byte {
            case 44: endField()
            case 10, 13: try endRow(emit)
            case 34: try fail("a quote inside an unquoted field (quote the whole field and double the quote)", emit, atLineEnd: false)
            default: field.append(byte)
            }
        case .quoted:
            if byte == 34 { mode = .quoteInQuoted } else { field.append(byte) }
        case .quoteInQuoted:
            switch byte {
            case 34:
                field.append(34)
                mode = .quoted
            case 44: endField()
            case 10, 13: try endRow(emit)
            default: try fail("text after the closing quote of a field", emit, atLineEnd: false)
            }
        case .skipping:
            break
        }
    }

    private mutating func endField() {
        // `String(decoding:)` is several times faster than `String(validating:)`; only non-ASCII bytes need the check.
        if let text = field.allSatisfy({ $0 < 0x80 }) ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            hasInvalidUTF8 = true
            fields.append("")
        }
        field.removeAll(keepingCapacity: true)
        mode = .fieldStart
    }

    private mutating func endRow(_ emit: (Event) throws -> Void) rethrows {
        endField()
        let event: Event = hasInvalidUTF8
            ? .malformed(line: rowLine, message: "the row is not valid UTF-8")
            : .row(line: rowLine, fields: fields)
        reset(mode: .fieldStart)
        try emit(event)
    }

    private mutating func fail(_ message: String, _ emit: (Event) throws -> Void, atLineEnd: Bool) rethrows {
        let line = rowLine
        reset(mode: atLineEnd ? .fieldStart : .skipping)
        try emit(.malformed(line: line, message: message))
    }

    private mutating func reset(mode: Mode) {
        self.mode = mode
        field.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        rowBytes = 0
        isRowStarted = false
        hasInvalidUTF8 = false
    }
}
