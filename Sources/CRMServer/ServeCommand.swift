import ArgumentParser
import CRMHTTP
import CRMRouter
import CRMServices
import Dispatch
import Foundation
import Logging

/// `crm serve`: opens the data directory, builds the services and serves HTTP until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the CRM server.")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration = try ServerConfiguration(options: options)
        MemoryReturn.keepLargeBlocksMapped()
        let logger = Logging.configure(level: configuration.logLevel, format: configuration.logFormat)
        do {
            try DataDirectory.prepare(configuration.dataDirectory)
            let adminKey = try DataDirectory.adminKey(in: configuration.dataDirectory, configured: configuration.adminKey) { key in
                let text = "Generated the first admin API key (also in \(configuration.dataDirectory)/admin.key):\n  \(key)\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            let application = try Bootstrap.makeApplication(configuration: configuration, adminKey: adminKey, logger: logger)
            try application.server.start()
            logger.info("listening", metadata: ["host": .string(configuration.host), "port": .stringConvertible(application.server.port)])
            LogSink.shared.flush()
            let signal = await ShutdownSignal.wait()
            logger.info("shutting down", metadata: ["signal": .string(signal)])
            await application.server.shutdown()
            application.stopWorkers()
            application.store.close()
            logger.info("stopped")
            LogSink.shared.flush()
        } catch {
            logger.critical("cannot start", metadata: ["reason": .string(String(describing: error))])
            LogSink.shared.flush()
            throw ExitCode(1)
        }
    }
}

/// Waits for SIGTERM or SIGINT through Dispatch signal sources.
enum ShutdownSignal {
    static func wait() async -> String {
        await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "crm.signals")
            let once = Once()
            var sources: [DispatchSourceSignal] = []
            for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    if once.claim() { continuation.resume(returning: name) }
                }
                source.resume()
                sources.append(source)
            }
            Retainer.keep(sources)
        }
    }

    /// Keeps the signal sources alive for the life of the process.
    private enum Retainer {
        nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []
        static func keep(_ more: [DispatchSourceSignal]) { sources.append(contentsOf: more) }
    }
}

/// True exactly once, from any thread.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
