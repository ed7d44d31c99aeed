// libFuzzer harness for scoring: every JSON record the loader accepts is scored under every
// shipped rulebook and Tests/Fixtures/rulebooks/stress-all.json (every rule kind's parameters at
// their edges), its issues found and its report rows written, as a batch worker does.
//
// Each input is scored twice: as it is, and with its figures replaced by edge values (0, ±0.01,
// 10¹⁴ less a fen, 10⁹ …) in a pattern drawn from a hash of the input, because byte mutations
// almost never make the combinations that break arithmetic (a budget of 0.01 against a total of
// 10¹⁴ in the same record).
//
// Invariants checked on every accepted input (a violation or an arithmetic trap stops the run):
//  - each indicator's interval lies within [0, weight], lo ≤ hi, and the recomputed score within it;
//  - the recomputed total and the attainable maximum lie within [0, 100];
//  - issues are found and the report rows are written without trapping.
// Built and run by fuzz/run.sh (`make fuzz`, target `score`).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import PerfauditCore
import PerfauditEngine

@inline(never)
func violated(_ what: String) -> Never {
    print("INVARIANT VIOLATED: \(what)")
    fatalError(what)
}

/// The shipped rulebooks, and those in `$PERFAUDIT_FUZZ_RULEBOOKS` (run.sh names the tests' stress rulebook).
let rulebooks: [Rulebook] = {
    do throws(RulebookError) {
        var library = try RulebookLibrary.shipped()
        if let folder = getenv("PERFAUDIT_FUZZ_RULEBOOKS") { try library.load(folder: String(cString: folder)) }
        return library.all
    } catch {
        violated("rulebooks: \(error)")
    }
}()
let finder = IssueFinder()
nonisolated(unsafe) var builder = CSVRowBuilder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    scoreEverywhere(input)
    scoreEverywhere(edgeVariant(of: input))
    return 0
}

func scoreEverywhere(_ bytes: [UInt8]) {
    let loaded = bytes.withUnsafeBytes { buffer in
        Result { () throws(LoadError) in try JSONRecordLoader.load(buffer) }
    }
    guard case .success(var record) = loaded else { return }
    for rulebook in rulebooks {
        record.rulebook = rulebook.id
        let scored = RecordScorer.score(record, with: rulebook)
        check(scored)
        _ = RecordRows.format(scored, issues: finder.issues(of: scored), sourceFile: "fuzz.json", builder: &builder)
    }
}

let edges = ["0", "0.01", "-0.01", "1", "99999999999999.99", "-99999999999999.99", "9999999999.99", "999999937",
    "1000000000", "100", "99.99"].map { Array($0.utf8) }
/// Figures whose value the format fixes (a version, a year, a code) or that are not figures (dates).
let keptKeys: Set<[UInt8]> = Set(["schemaVersion", "fiscalYear", "mofDivCode", "agencyCode", "months"].map { Array($0.utf8) })

/// The input with each figure (a run of `-0-9.` that is a JSON number or a whole string) replaced
/// by an edge value or kept, by a pattern drawn from the input's FNV-1a hash.
func edgeVariant(of bytes: [UInt8]) -> [UInt8] {
    var state = bytes.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    func next() -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(edges.count + 1))
    }
    func isFigureByte(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || (48...57).contains(byte) }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var (index, inString, stringStart, lastKey) = (0, false, 0, [UInt8]())
    while index < bytes.count {
        let byte = bytes[index]
        if inString {
            if byte == UInt8(ascii: "\\") { output.append(contentsOf: bytes[index..<min(index + 2, bytes.count)]); index += 2; continue }
            if byte == UInt8(ascii: "\"") { inString = false; lastKey = Array(bytes[stringStart..<index]) }
            output.append(byte)
            index += 1
            continue
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            stringStart = index + 1
            var end = index + 1
            while end < bytes.count, isFigureByte(bytes[end]) { end += 1 }
            if end > index + 1, end < bytes.count, bytes[end] == UInt8(ascii: "\""), !keptKeys.contains(lastKey),
                !bytes[(index + 2)..<end].contains(UInt8(ascii: "-")), case let choice = next(), choice < edges.count
            {
                output.append(byte)
                output.append(contentsOf: edges[choice])
                index = end
                continue
            }
        } else if isFigureByte(byte) {
            var end = index
            while end < bytes.count, isFigureByte(bytes[end]) { end += 1 }
            let choice = keptKeys.contains(lastKey) ? edges.count : next()
            output.append(contentsOf: choice < edges.count ? edges[choice] : Array(bytes[index..<end]))
            index = end
            continue
        }
        output.append(byte)
        index += 1
    }
    return output
}

func check(_ scored: ScoredRecord) {
    let hundred = Exact(100)
    for result in scored.indicators {
        guard .zero <= result.lo, result.lo <= result.hi, result.hi <= result.indicator.weight else {
            violated("\(result.indicator.id): [\(result.lo), \(result.hi)] is not within [0, \(result.indicator.weight)]")
        }
        if let recomputed = result.recomputed, !(result.lo <= recomputed && recomputed <= result.hi) {
            violated("\(result.indicator.id): recomputed \(recomputed) outside [\(result.lo), \(result.hi)]")
        }
    }
    for (name, value) in [("attainable", scored.attainableMax), ("recomputed", scored.recomputedTotal)] {
        if let value, !(.zero <= value && value <= hundred) { violated("\(name) total \(value) outside [0, 100]") }
    }
}
