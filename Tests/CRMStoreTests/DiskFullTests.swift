import CRMStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// ENOSPC on a small tmpfs: writes fail cleanly with a clear error, nothing acknowledged is lost,
/// reads go on, and writing resumes once there is space again. Needs root (mount); skipped otherwise.
@Suite struct DiskFullTests {
    static func mount(_ directory: String, size: String, remount: Bool = false) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = remount ? ["-o", "remount,size=\(size)", directory] : ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", directory]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static var canMount: Bool {
        guard getuid() == 0 else { return false }
        let probe = makeTemporaryDirectory()
        defer { cleanUp(probe) }
        guard mount(probe, size: "64k") else { return false }
        umount(probe)
        return true
    }

    /// Runs `body` with a fresh directory that has a tmpfs of `size` mounted on it; unmounts and
    /// removes it afterwards.
    static func withSmallDisk(size: String, _ body: (_ mountPoint: String) async throws -> Void) async throws {
        let mountPoint = makeTemporaryDirectory()
        defer { cleanUp(mountPoint) }
        #expect(mount(mountPoint, size: size))
        defer { umount(mountPoint) }
        try await body(mountPoint)
    }

    @Test(.enabled(if: canMount, "needs root and tmpfs mounts to fill a disk"))
    func aFullDiskFailsWritesCleanlyAndLosesNothingAcknowledged() async throws {
        try await Self.withSmallDisk(size: "192k") { mountPoint in
            let directory = mountPoint + "/data"
            let state = MapState()
            let store = try Store.open(directory: directory, states: [state])
            let padding = String(repeating: "p", count: 900)
            var acknowledged: [String] = []
            var failure: (any Error)?
            for index in 0..<1000 {
                do {
                    try await put(store, "id\(index)", #"{"n":\#(index),"pad":"\#(padding)"}"#)
                    acknowledged.append("id\(index)")
                } catch {
                    failure = error
                    break
                }
            }
            let error = try #require(failure, "the disk never filled up")
            #expect(String(describing: error).contains("No space left on device"))
            #expect(acknowledged.count > 50)
            // Reads go on, memory holds exactly what was acknowledged, and the store is not refusing.
            #expect(state.count == acknowledged.count)
            #expect(store.refusal == nil)
            #expect(try store.versions(of: acknowledged.last!).count == 1)
            #expect(state["id\(acknowledged.count)"] == nil, "the failed write is visible in memory")

            #expect(Self.mount(mountPoint, size: "1m", remount: true))
            try await put(store, "after-space", #"{"n":1}"#)
            store.close()
            let again = MapState()
            let reopened = try Store.open(directory: directory, states: [again])
            defer { reopened.close() }
            #expect(reopened.warnings.isEmpty)
            #expect(again.ids == Set(acknowledged + ["after-space"]))
        }
    }
}
