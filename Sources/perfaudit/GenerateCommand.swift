import ArgumentParser
import PerfauditEngine
import PerfauditSample

/// `perfaudit generate`: writes a deterministic sample city (湛江市) of evaluation records.
struct GenerateCommand: ParsableCommand, StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic sample of evaluation records (湛江市, 2021–2023).",
        discussion: """
            The same --seed and --count always produce byte-identical files, laid out as \
            <county>/<agency>-<year>.<ext>. The shipped sample Inputs/zhanjiang was made with \
            `perfaudit generate --count 72 --seed 2021 --out Inputs/zhanjiang`.
            """
    )

    @Option(name: .long, help: "Number of records to write.")
    var count: Int = 72

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String

    @Option(name: .long, help: "Seed of the generator (an unsigned 64-bit integer).")
    var seed: UInt64 = 2021

    @Option(name: .long, help: "File formats: mixed (60 % XML, 30 % JSON, 10 % GB18030 XML), xml or json.")
    var format: SampleFormatMix = .mixed

    @Option(name: .long, help: "Share of verified records, in percent.")
    var verifiedPercent: Int = 40

    @OptionGroup var language: LanguageOption

    @Flag(name: .long, help: "Clean records only: no planted anomalies.")
    var clean = false

    @Option(name: .long, help: "Deliberately repeat the agency and year of the previous record every N records.")
    var duplicateEvery: Int?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        guard (0...100).contains(verifiedPercent) else { throw ValidationError("--verified-percent must be 0…100") }
        if let duplicateEvery, duplicateEvery < 2 { throw ValidationError("--duplicate-every must be at least 2") }
    }

    func execute(in language: HeaderLanguage) throws -> ExitStatus {
        let options = SampleCityGenerator.Options(
            verifiedPercent: verifiedPercent, plantAnomalies: !clean, duplicateEvery: duplicateEvery)
        let generator = SampleCityGenerator(seed: seed, options: options)
        let summary = try generator.writeSample(count: count, to: out, mix: format)
        let xml = summary.byFormat[.xml, default: 0]
        let json = summary.byFormat[.json, default: 0]
        let gb = summary.byFormat[.xmlGB18030, default: 0]
        let line = "wrote \(summary.files) records to \(out) (seed \(seed); \(xml) XML, \(json) JSON, \(gb) GB18030 XML)"
        emit(MessageCatalog.render(line, in: language))
        return .success
    }
}

extension SampleFormatMix: ExpressibleByArgument {}
