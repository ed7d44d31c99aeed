import ArgumentParser
import PerfauditCore
import PerfauditEngine

/// The `--sample-*` options of `run` (sample.csv, docs/sampling.md); the engine checks them.
struct SamplingOptionGroup: ParsableArguments {
    @Option(name: .customLong("sample-share"), help: "sample.csv: percent of the self-only records to re-check (rounded up).")
    var share = SamplingOptions.defaultShare

    @Option(name: .customLong("sample-random-share"), help: "sample.csv: percent of the sample drawn at random (rounded up).")
    var randomShare = SamplingOptions.defaultRandomShare

    @Option(name: .customLong("sample-seed"), help: "sample.csv: the random draw's seed (default: the run's latest fiscal year).")
    var seed: UInt64?

    @Option(name: .customLong("sample-weights"), help: "sample.csv: a risk-weights file instead of the shipped one.")
    var weightsFile: String?

    func validate() throws {
        do throws(SamplingOptions.Invalid) {
            try SamplingOptions(share: share, randomShare: randomShare).validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The options, with the weights file read; a broken file is a usage error naming it.
    func options() throws -> SamplingOptions {
        var weights = SamplingWeights.shipped
        if let weightsFile {
            do throws(RulebookError) {
                weights = try SamplingWeights.load(path: weightsFile)
            } catch {
                throw ValidationError("sampling weights error: \(error)")
            }
        }
        return SamplingOptions(share: share, randomShare: randomShare, seed: seed, weights: weights)
    }
}
