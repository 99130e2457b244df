import Dispatch
import Foundation
import Synchronization

/// Where log lines go: stderr, written in batches. Lines at warning and above are written at once;
/// access-log lines wait at most 50 ms (or 32 KiB) so a busy server makes one write(2) per batch
/// instead of one per request. A kill -9 can lose the last 50 ms of info lines, never a warning.
/// (`@unchecked`: the timer is set once in `init` and never changed; the buffer is behind a mutex.)
final class LogSink: @unchecked Sendable {
    static let shared = LogSink()

    private let pending = Mutex<[UInt8]>([])
    /// Held while a flush takes and writes the pending bytes.
    private let writing = Mutex(())
    private let flusher: DispatchSourceTimer

    private init() {
        flusher = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "crm.log", target: .global()))
        flusher.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50), leeway: .milliseconds(10))
        flusher.setEventHandler { LogSink.shared.flush() }
        flusher.resume()
    }

    /// Queues `line` (followed by a line feed when `newline`, saving the caller a copy to add one).
    func write(_ line: [UInt8], urgent: Bool, newline: Bool = false) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line)
            if newline { buffer.append(UInt8(ascii: "\n")) }
            return buffer.count >= 32 * 1024
        }
        if urgent || full { flush() }
    }

    /// Writes everything pending (also called before the process exits).
    ///
    /// Flushes are serialized: otherwise the timer's flush could take the last lines and still be
    /// writing them when the final flush, finding nothing pending, returns and the process exits
    /// (seen as a missing "stopped" line in a shutdown test). Appending never waits for a write.
    func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { buffer in
                let taken = buffer
                buffer.removeAll(keepingCapacity: true)
                return taken
            }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
