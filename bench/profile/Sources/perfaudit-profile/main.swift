// perfaudit-profile MODE DIR [OUT]
//   batch  DIR OUT [--no-template-check] [--csv-only]   (--csv-only: no workbook, no dashboard)
//                   BatchRunner.run (the whole `perfaudit run`, reports included) with --jobs 1,
//                   started from a synchronous main that waits on a semaphore.
//   direct DIR      the per-file work of BatchRunner's Worker on this thread only — load
//                   (read + parse + validate + decode), rulebook lookup, score, issues, CSV rows —
//                   without the report sink; for when `batch` cannot run under the profiler.
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import PerfauditEngine

let args = CommandLine.arguments
guard args.count >= 3 else {
    print("usage: perfaudit-profile batch DIR OUT | direct DIR")
    exit(1)
}
let library = try RulebookLibrary.shipped()

func files(under root: String) -> [String] {
    var found: [String] = []
    guard let dir = opendir(root) else { return found }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name.hasPrefix(".") { continue }
        let path = root + "/" + name
        var info = stat()
        guard stat(path, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            found += files(under: path)
        } else if name.hasSuffix(".xml") || name.hasSuffix(".json") {
            found.append(path)
        }
    }
    return found.sorted()
}

switch args[1] {
case "batch":
    let flags = Set(args.dropFirst(4))
    guard args.count >= 4, flags.isSubset(of: ["--no-template-check", "--csv-only"]) else { exit(1) }
    var options = RunOptions(inputs: [args[2]], outputFolder: args[3], jobs: 1)
    options.templateCheck = !flags.contains("--no-template-check")
    if flags.contains("--csv-only") { (options.reports.workbook, options.reports.dashboard) = (false, false) }
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            let summary = try await BatchRunner.run(options, rulebooks: library)
            print(summary.line)
        } catch {
            print("perfaudit-profile: \(error)")
        }
        done.signal()
    }
    done.wait()
case "direct":
    let loader = RecordFileLoader()
    let finder = IssueFinder()
    var builder = CSVRowBuilder()
    var scored = 0, rejected = 0, issues = 0
    for path in files(under: args[2]) {
        do {
            let record = try loader.load(path: path)
            guard let rulebook = library.rulebook(record.rulebook) else { rejected += 1; continue }
            let result = RecordScorer.score(record, with: rulebook)
            let found = finder.issues(of: result)
            _ = RecordRows.format(result, issues: found, sourceFile: path, values: ReportValues(.en), builder: &builder)
            scored += 1
            issues += found.count
        } catch {
            rejected += 1
        }
    }
    print("perfaudit-profile: \(scored) scored, \(rejected) rejected, \(issues) issues")
default:
    print("usage: perfaudit-profile batch DIR OUT | direct DIR")
    exit(1)
}
