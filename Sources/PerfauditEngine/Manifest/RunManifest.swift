#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PerfauditCore

/// `manifest.json`: what a run read and wrote, shaped like an in-toto link (docs/outputs.md).
/// Byte-stable: members in a fixed order, inputs in input order, reports in `RunReports.all`
/// order, rulebooks by id; the same run on the same inputs gives the same bytes except the times.
struct RunManifest {
    static let fileName = "manifest.json"

    var options: RunOptions
    var rulebooks: RulebookLibrary
    var files: PathList
    var problems: [InputDiscovery.Problem]
    var ledger: InputLedger
    var products: [(name: String, sha256: [UInt8])]
    var summary: RunSummary
    var duplicates: Int
    var started: String
    var finished: String
    /// The seed sample.csv's random part was drawn with (the default is the run's latest year).
    var sampleSeed: UInt64 = 0

    /// Writes the manifest into `file` a block at a time: the inputs of a province are tens of
    /// megabytes of JSON, which are never held whole.
    func write(to file: AtomicFile) throws(OutputError) {
        var failure: OutputError?
        emit { block in
            guard failure == nil else { return }
            do throws(OutputError) { try file.write(block) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Hands the manifest's bytes to `output`, in order, in blocks of about 64 KiB.
    private func emit(_ output: @escaping ([UInt8]) -> Void) {
        var json = ManifestJSON(output: output)
        json.open()
        json.string("_type", "link")
        json.string("name", "perfaudit run")
        json.raw("command", ManifestJSON.inlineArray(options.commandLine))
        materials(&json)
        json.open("products")
        for product in products { json.raw(product.name, digestObject(SHA256.hex(product.sha256))) }
        json.close()
        byproducts(&json)
        environment(&json)
        json.close()
        json.flush()
    }

    private func digestObject(_ hex: String) -> String { ManifestJSON.inlineObject([("sha256", ManifestJSON.quoted(hex))]) }

    /// Every input that was read, with its SHA-256 (a path named twice is listed once).
    private func materials(_ json: inout ManifestJSON) {
        json.open("materials")
        var previous: String?
        for order in 0..<files.count {
            let path = files[order]
            guard path != previous, let hex = ledger.hexDigest(order) else { continue }
            previous = path
            json.raw(path, digestObject(hex))
        }
        json.close()
    }

    /// The times, the counts, and every input's size and outcome.
    private func byproducts(_ json: inout ManifestJSON) {
        json.open("byproducts")
        json.string("started", started)
        json.string("finished", finished)
        json.raw("counts", ManifestJSON.inlineObject([
            ("found", "\(summary.found)"), ("scored", "\(summary.scored)"), ("duplicate", "\(duplicates)"),
            ("rejected", "\(summary.rejected)"), ("issues", "\(summary.issues)"),
        ]))
        json.open("inputs")
        var previous: String?
        for order in 0..<files.count where files[order] != previous {
            let path = files[order]
            previous = path
            let slot = ledger[order]
            var members: [(String, String)] = []
            if slot.size >= 0 { members.append(("size", "\(slot.size)")) }
            members.append(("outcome", ManifestJSON.quoted(slot.outcome.name)))
            json.raw(path, ManifestJSON.inlineObject(members))
        }
        for problem in problems { json.raw(problem.path, ManifestJSON.inlineObject([("outcome", ManifestJSON.quoted("rejected"))])) }
        json.close()
        json.close()
    }

    /// The tool, the working directory, every rulebook and the report template with its file's
    /// SHA-256, every option.
    private func environment(_ json: inout ManifestJSON) {
        json.open("environment")
        json.raw("perfaudit", ManifestJSON.inlineObject([
            ("version", ManifestJSON.quoted(BuildInfo.version)), ("commit", ManifestJSON.quoted(BuildInfo.commit)),
        ]))
        json.string("working_directory", Self.workingDirectory())
        json.open("rulebooks")
        for rulebook in rulebooks.all {
            var members = [("file", ManifestJSON.quoted(rulebook.file))]
            if let digest = rulebooks.fileDigest(rulebook.id) { members.append(("sha256", ManifestJSON.quoted(SHA256.hex(digest)))) }
            json.raw(rulebook.id, ManifestJSON.inlineObject(members))
        }
        json.close()
        let template = NarrativeTemplate.shipped
        let templateFile = NarrativeTemplate.shippedFile
        json.raw("template", ManifestJSON.inlineObject([
            ("id", ManifestJSON.quoted(template.id)), ("version", String(template.version)),
            ("file", ManifestJSON.quoted("Templates/" + templateFile.name)),
            ("sha256", ManifestJSON.quoted(SHA256.hex(SHA256.hash(Array(templateFile.text.utf8))))),
        ]))
        sampling(&json)
        json.open("options")
        json.raw("inputs", ManifestJSON.inlineArray(options.inputs))
        json.string("out", options.outputFolder)
        json.integer("jobs", options.jobs)
        json.string("header-lang", options.reports.language.rawValue)
        json.string("encoding", options.reports.encoding.rawValue)
        json.raw("progress", options.progress ? "true" : "false")
        json.raw("baseline", ManifestJSON.inlineArray(options.baseline?.sources ?? []))
        json.raw("template-check", options.templateCheck ? "true" : "false")
        json.string("workbook-indicators", options.reports.workbookIndicators.rawValue)
        for (name, value) in Self.thresholds(options.thresholds) { json.raw(name, value.description) }
        let sampling = options.reports.sampling
        json.raw("sample-share", sampling.share.description)
        json.raw("sample-random-share", sampling.randomShare.description)
        json.raw("sample-seed", "\(sampleSeed)")
        json.close()
        json.close()
    }

    /// The sampling's risk weights file: its id, version, file and SHA-256, as a rulebook's.
    private func sampling(_ json: inout ManifestJSON) {
        let weights = options.reports.sampling.weights
        json.raw("sampling_weights", ManifestJSON.inlineObject([
            ("id", ManifestJSON.quoted(weights.id)), ("version", "\(weights.version)"),
            ("file", ManifestJSON.quoted(weights.file)), ("sha256", ManifestJSON.quoted(SHA256.hex(weights.sha256))),
        ]))
    }

    /// Every threshold by its option's name, in `perfaudit run --help` order.
    static func thresholds(_ values: IssueThresholds) -> [(String, Exact)] {
        [
            ("score-gap", values.scoreGap), ("score-gap-high", values.scoreGapHigh),
            ("reported-tolerance", values.reportedTolerance), ("under-allocated", values.underAllocatedPercent),
            ("low-execution", values.lowExecutionPercent), ("low-execution-high", values.lowExecutionHighPercent),
            ("target-unmet-high", values.targetUnmetHighPercent), ("high-balance", values.highBalancePercent),
            ("budget-variance", values.budgetVariancePercent), ("budget-variance-high", values.budgetVarianceHighPercent),
            ("sum-tolerance", values.sumTolerance), ("rate-tolerance", values.rateTolerance),
            ("template-threshold", values.templateThreshold), ("template-high", values.templateHigh),
        ]
    }

    static func workingDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "" }
        defer { free(path) }
        return String(cString: path)
    }
}
