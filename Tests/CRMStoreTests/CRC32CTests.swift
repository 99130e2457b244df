@testable import CRMStore
import Testing

/// The log's checksum: the published CRC-32C check values, and the CPU instruction agreeing with
/// the table-driven fallback on every length and alignment that matters (the 8-byte steps and the tail).
@Suite struct CRC32CTests {
    @Test func matchesThePublishedCheckValues() {
        // RFC 3720 appendix B.4 and the common "123456789" check value.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func theInstructionAndTheTablesAgree() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<4_200).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        bytes.withUnsafeBufferPointer { all in
            for start in 0..<9 {
                for count in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000, 4_096] {
                    let slice = UnsafeBufferPointer(rebasing: all[start..<(start + count)])
                    #expect(CRC32C.checksum(slice) == CRC32C.softwareChecksum(slice), "start \(start), count \(count)")
                }
            }
        }
    }
}
