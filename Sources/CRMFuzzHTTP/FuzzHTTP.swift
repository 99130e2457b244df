import CRMFuzzChecks
import Foundation

/// libFuzzer's entry: one input through `HTTPFuzzCheck`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzEntry.fuzz(data, count, HTTPFuzzCheck.check)
}

/// Built with `-DCRM_FUZZING` (and `-sanitize=fuzzer`): hands control to libFuzzer's driver.
/// Otherwise: replays the corpus files or directories given as arguments through the same check.
@main
enum FuzzHTTPMain {
    static func main() {
        #if CRM_FUZZING
        exit(FuzzEntry.runLibFuzzer(fuzzHTTPInput))
        #else
        exit(FuzzEntry.replay(Array(CommandLine.arguments.dropFirst()), name: "CRMFuzzHTTP", HTTPFuzzCheck.check))
        #endif
    }
}
