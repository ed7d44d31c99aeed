import ArgumentParser
import PerfauditEngine

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "TODO")
    func run() throws {}
}
