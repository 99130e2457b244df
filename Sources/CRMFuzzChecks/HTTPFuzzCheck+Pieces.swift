import CRMHTTP

/// Checks of the public parsing pieces on their own, which need no `@testable` access.
extension HTTPFuzzCheck {
    /// What `ChunkedDecoder` made of some reads.
    struct ChunkedOutcome: Equatable {
        var body: [UInt8] = []
        var consumed = 0
        var isComplete = false
        var error: String?
    }

    /// The bytes after the first head end (or all of them) decoded as a chunked body in `reads`.
    static func decodeChunked(_ input: ArraySlice<UInt8>, cuts: [Int]) throws(FuzzFinding) -> ChunkedOutcome {
        var decoder = ChunkedDecoder()
        var outcome = ChunkedOutcome()
        var buffered: [UInt8] = []
        var bounds = cuts.map { input.startIndex + $0 } + [input.endIndex]
        var start = input.startIndex
        bounds.sort()
        for end in bounds where end >= start && !decoder.isComplete {
            buffered += input[start..<end]
            start = end
            do {
                let used = try buffered.withUnsafeBufferPointer { pointer throws(ChunkedDecoder.Malformed) in
                    try decoder.decode(pointer, into: &outcome.body)
                }
                try require(used >= 0 && used <= buffered.count, "ChunkedDecoder used \(used) of \(buffered.count) bytes")
                buffered.removeFirst(used)
                outcome.consumed += used
            } catch let error as ChunkedDecoder.Malformed {
                outcome.error = error.reason
                outcome.consumed = 0 // how far a failed call got is not reported, so not compared
                break
            } catch let finding as FuzzFinding {
                throw finding
            } catch {
                throw FuzzFinding("unexpected error \(error)")
            }
        }
        outcome.isComplete = decoder.isComplete
        return outcome
    }

    static func checkChunkedDecoder(_ bytes: [UInt8]) throws(FuzzFinding) {
        var input = bytes[...]
        if let end = headEnd(in: bytes) { input = bytes[end...] }
        let whole = try decodeChunked(input, cuts: [])
        try require(whole.consumed <= input.count, "ChunkedDecoder consumed more than it was given")
        for cut in [1, input.count / 2, input.count - 1] where cut > 0 && cut < input.count {
            let split = try decodeChunked(input, cuts: [cut])
            try require(split == whole, "ChunkedDecoder split at \(cut): \(split) vs at once \(whole) for \(escaped(input))")
        }
        if input.count <= 1024 {
            let single = try decodeChunked(input, cuts: Array(0..<input.count))
            try require(single == whole, "ChunkedDecoder byte by byte: \(single) vs at once \(whole) for \(escaped(input))")
        }
    }

    /// The index just past the first `\r\n\r\n`.
    static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 0x0D && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x0D && bytes[index + 3] == 0x0A {
            return index + 4
        }
        return nil
    }

    /// `RequestHeadParser` on the whole input and re-called on a growing buffer agree (the check a
    /// build without `@testable` access runs instead of the connection check).
    static func checkHeadParser(_ bytes: [UInt8]) throws(FuzzFinding) {
        let limits = self.limits
        func describe(_ outcome: RequestHeadParser.Outcome) -> String {
            switch outcome {
            case .incomplete: "incomplete"
            case .complete(let head, let length): "complete \(HTTPRequestSummary(head, body: [], streamed: false)) length \(length)"
            case .rejected(let rejection): "rejected \(rejection.status.code) \(rejection.reason)"
            }
        }
        let whole = bytes.withUnsafeBufferPointer { RequestHeadParser.parse($0, limits: limits) }
        if case .rejected(let rejection) = whole {
            try require((400...599).contains(rejection.status.code), "rejection with status \(rejection.status.code)")
        }
        var scanFrom = 0
        var grown = describe(.incomplete(scanFrom: 0))
        for count in 1...max(1, bytes.count) where count <= bytes.count {
            let outcome = bytes.withUnsafeBufferPointer { RequestHeadParser.parse(UnsafeBufferPointer(rebasing: $0[..<count]), scanFrom: scanFrom, limits: limits) }
            grown = describe(outcome)
            guard case .incomplete(let next) = outcome else { break }
            scanFrom = next
        }
        try require(grown == describe(whole), "head parsed at once: \(describe(whole)); grown byte by byte: \(grown)")
    }
}
