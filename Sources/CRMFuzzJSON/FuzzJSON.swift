import CRMFuzzChecks
import Foundation

/// libFuzzer's entry: one input through `JSONFuzzCheck`; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzEntry.fuzz(data, count, JSONFuzzCheck.check)
}

/// Built with `-DCRM_FUZZING` (and `-sanitize=fuzzer`): hands control to libFuzzer's driver.
/// Otherwise: replays the corpus files or directories given as arguments through the same check.
@main
enum FuzzJSONMain {
    static func main() {
        #if CRM_FUZZING
        exit(FuzzEntry.runLibFuzzer(fuzzJSONInput))
        #else
        exit(FuzzEntry.replay(Array(CommandLine.arguments.dropFirst()), name: "CRMFuzzJSON", JSONFuzzCheck.check))
        #endif
    }
}
