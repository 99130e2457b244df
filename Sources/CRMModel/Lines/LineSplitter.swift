/// Splits bytes fed in pieces of any size into lines (LF or CRLF), each with its 1-based line
/// number — the NDJSON half of a streamed import. Holds only the line being read; a line longer
/// than `maxLineBytes` is reported as too long and skipped to its end.
public struct LineSplitter: Sendable {
    public enum Event: Sendable, Equatable {
        case line(number: Int, bytes: [UInt8])
        case tooLong(number: Int)
    }

    public let maxLineBytes: Int
    private var current: [UInt8] = []
    private var number = 1
    private var isSkipping = false

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func feed(_ bytes: some Collection<UInt8>, _ emit: (Event) throws -> Void) rethrows {
        var rest = bytes[...]
        while let newline = rest.firstIndex(of: 10) {
            try take(rest[..<newline], emit)
            try endLine(emit)
            rest = rest[rest.index(after: newline)...]
        }
        try take(rest, emit)
    }

    /// Ends the input: a last line without a line break still counts.
    public mutating func finish(_ emit: (Event) throws -> Void) rethrows {
        if !current.isEmpty || isSkipping { try endLine(emit) }
    }

    private mutating func take(_ bytes: some Collection<UInt8>, _ emit: (Event) throws -> Void) rethrows {
        guard !isSkipping else { return }
        if current.count + bytes.count > maxLineBytes {
            isSkipping = true
            current.removeAll()
            try emit(.tooLong(number: number))
            return
        }
        current.append(contentsOf: bytes)
    }

    private mutating func endLine(_ emit: (Event) throws -> Void) rethrows {
        defer {
            number += 1
            isSkipping = false
            current.removeAll(keepingCapacity: true)
        }
        guard !isSkipping else { return }
        if current.last == 13 { current.removeLast() }
        try emit(.line(number: number, bytes: current))
    }
}
