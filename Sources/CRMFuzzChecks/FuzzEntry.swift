import Foundation

/// The two ways a fuzz check runs: once per libFuzzer input (a finding traps, so libFuzzer keeps the
/// input as a crash), or over corpus files in a plain build (findings are printed and counted).
public enum FuzzEntry {
    /// Runs `check` on libFuzzer's input; a finding stops the process with its message.
    public static func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int, _ check: ([UInt8]) throws(FuzzFinding) -> Void) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        do {
            try check(bytes)
        } catch {
            fatalError("fuzz finding: \(error.message)")
        }
        return 0
    }

    /// Every regular file under `paths` (files or directories, recursively), sorted by path.
    public static func files(under paths: [String]) -> [URL] {
        var found: [URL] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                found.append(URL(fileURLWithPath: path))
                continue
            }
            let root = URL(fileURLWithPath: path, isDirectory: true)
            guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                if !url.lastPathComponent.hasPrefix(".") { found.append(url) }
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Runs `check` on every file under `paths`; prints each finding; answers the process exit status.
    public static func replay(_ paths: [String], name: String, _ check: ([UInt8]) throws(FuzzFinding) -> Void) -> Int32 {
        guard !paths.isEmpty else {
            print("usage: \(name) <corpus file or directory>...  (replays every file through the check)")
            return 2
        }
        let inputs = files(under: paths)
        var failures = 0
        for url in inputs {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                print("\(url.path): unreadable")
                failures += 1
                continue
            }
            do {
                try check([UInt8](data))
            } catch {
                print("\(url.path): \(error.message)")
                failures += 1
            }
        }
        print("\(name): \(inputs.count) inputs replayed, \(failures) failed")
        return failures == 0 ? 0 : 1
    }
}

#if CRM_FUZZING
/// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`), for executables whose `main` is Swift's:
/// SwiftPM links an executable's entry point as `main`, so libFuzzer's own `main` is not used.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

extension FuzzEntry {
    /// Runs libFuzzer with the process's arguments and `callback` as the fuzz target.
    public static func runLibFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Int32 {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
#endif
