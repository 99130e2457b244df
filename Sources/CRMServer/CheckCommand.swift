import ArgumentParser
import CRMStore
import Foundation

/// `crm check [--repair]`: verifies every record of a data directory offline; with `--repair`, drops
/// the damaged records after writing a backup copy of each damaged file. Exit status 0 when the
/// directory is (now) sound, 1 when damage was found and not repaired, 2 when it could not be read.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a data directory offline (the server must be stopped); --repair drops damaged records."
    )

    @OptionGroup var directory: DataDirectoryOption
    @Flag(help: "Drop damaged records, after a backup copy of each damaged file.")
    var repair = false

    func run() throws {
        let report: StoreCheck.Report
        do {
            report = try StoreCheck.run(directory: directory.path, repair: repair)
        } catch {
            printError("crm check: \(error)")
            throw ExitCode(2)
        }
        print("checked \(report.files.count) file(s), \(report.records) sound record(s) in \(directory.path)")
        for damage in report.damages { print((repair ? "dropped " : "damaged ") + damage.description) }
        for backup in report.backups { print("backup of the damaged file: \(backup)") }
        if report.isClean {
            print("no damage found")
        } else if repair {
            print("repaired: \(report.damages.count) damaged record(s) dropped; the server can start")
        } else {
            print("\(report.damages.count) damaged record(s); run `crm check --repair` to drop them (after a backup copy)")
            throw ExitCode(1)
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
