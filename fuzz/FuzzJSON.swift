// libFuzzer harness for the JSON record loader (strict JSONReader + RecordDecoder).
//
// Invariants checked on every input (a violation traps, so libFuzzer keeps the input):
//  - loading either throws a LoadError that carries a position (line ≥ 1, column ≥ 1) and a
//    non-empty message, or returns a Record;
//  - a loaded Record can be written back with RecordJSONWriter (both decimal styles), and the
//    written bytes load again to an equal Record, and writing that again gives the same bytes.
// Built and run by fuzz/run.sh (`make fuzz`).
import PerfauditCore
import PerfauditSample

@inline(never)
func violated(_ what: String) -> Never {
    print("INVARIANT VIOLATED: \(what)")
    fatalError(what)
}

func loadJSON(_ bytes: [UInt8]) -> Result<Record, LoadError> {
    bytes.withUnsafeBytes { buffer in
        do throws(LoadError) { return .success(try JSONRecordLoader.load(buffer)) } catch { return .failure(error) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    switch loadJSON(input) {
    case .failure(let error):
        guard error.position.line >= 1, error.position.column >= 1 else {
            violated("LoadError without a position: \(error.message)")
        }
        guard !error.message.isEmpty else { violated("LoadError without a message") }
    case .success(let record):
        for style in [RecordJSONWriter.DecimalStyle.number, .string] {
            let writer = RecordJSONWriter(decimalStyle: style)
            let written: [UInt8]
            do throws(RecordWriteError) { written = try writer.write(record) } catch {
                violated("a loaded record cannot be written back (\(style)): \(error)")
            }
            switch loadJSON(written) {
            case .failure(let error):
                violated("the written record does not load again (\(style)): \(error)\n\(String(decoding: written, as: UTF8.self))")
            case .success(let again):
                guard again == record else {
                    violated("round trip changed the record (\(style)):\n\(record)\n---\n\(again)")
                }
                let rewritten = try? writer.write(again)
                guard rewritten == written else { violated("writing is not deterministic (\(style))") }
            }
        }
    }
    return 0
}
