import ArgumentParser

/// The `perfaudit` command: parses options and hands off to the engine.
@main
struct PerfAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perfaudit",
        abstract: "Audit budget-performance evaluation records (预算绩效评价) in batch.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ExplainCommand.self, RulesCommand.self, GenerateCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}
