import ArgumentParser
import PerfauditEngine

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "TODO")
    func run() throws {}
}
