import ArgumentParser
import PerfauditEngine

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "TODO")
    func run() throws {}
}
