// libFuzzer harness for the XML record loader (libxml2 SAX + streaming XSD validation +
// RecordDecoder), as the batch uses it: one XMLRecordLoader reused for every input.
//
// Invariants checked on every input (a violation traps, so libFuzzer keeps the input):
//  - loading either throws a LoadError that carries a position (line ≥ 1, column ≥ 1) and a
//    non-empty message, or returns a Record;
//  - libxml2 never tries to load an external resource (DTD, entity);
//  - a loaded Record written back with RecordXMLWriter loads again to an equal Record;
//  - the same Record written with RecordJSONWriter loads through the JSON loader to an equal
//    Record (both formats carry the same model);
//  - the reused loader is not poisoned: a valid record still loads after the input (checked
//    after every 8th input and after every input that loaded or failed unusually).
// Built and run by fuzz/run.sh (`make fuzz`).
import PerfauditCore
import PerfauditSample
import PerfauditXML

@inline(never)
func violated(_ what: String) -> Never {
    print("INVARIANT VIOLATED: \(what)")
    fatalError(what)
}

nonisolated(unsafe) var runs = 0

nonisolated(unsafe) let loader: XMLRecordLoader = {
    LibXML.initialize()
    return XMLRecordLoader()
}()

/// A small valid record, loaded after every input to check the reused parser still works.
let canary = Array("""
    <?xml version="1.0" encoding="UTF-8"?>
    <evaluationRecord xmlns="urn:perfaudit:record:1" schemaVersion="1">
      <department mofDivCode="440823" agencyCode="440823-301" name="部门" province="广东省" city="湛江市" county="遂溪县"/>
      <fiscalYear>2022</fiscalYear>
      <rulebook>zhanjiang-dept-2021</rulebook>
      <selfAssessment score="96" grade="优"/>
    </evaluationRecord>
    """.utf8)

func loadXML(_ bytes: [UInt8]) -> Result<Record, LoadError> {
    do throws(LoadError) { return .success(try loader.load(bytes)) } catch { return .failure(error) }
}

func loadJSON(_ bytes: [UInt8]) -> Result<Record, LoadError> {
    bytes.withUnsafeBytes { buffer in
        do throws(LoadError) { return .success(try JSONRecordLoader.load(buffer)) } catch { return .failure(error) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let attempts = LibXML.externalLoadAttempts
    switch loadXML(input) {
    case .failure(let error):
        guard error.position.line >= 1, error.position.column >= 1 else {
            violated("LoadError without a position: \(error.message)")
        }
        guard !error.message.isEmpty else { violated("LoadError without a message") }
    case .success(let record):
        let written: [UInt8]
        do throws(RecordWriteError) { written = try RecordXMLWriter().write(record) } catch {
            violated("a loaded record cannot be written back as XML: \(error)")
        }
        switch loadXML(written) {
        case .failure(let error):
            violated("the written XML does not load again: \(error)\n\(String(decoding: written, as: UTF8.self))")
        case .success(let again):
            guard again == record else { violated("XML round trip changed the record:\n\(record)\n---\n\(again)") }
        }
        let json: [UInt8]
        do throws(RecordWriteError) { json = try RecordJSONWriter().write(record) } catch {
            violated("an XML-loaded record cannot be written as JSON: \(error)")
        }
        switch loadJSON(json) {
        case .failure(let error):
            violated("the XML record written as JSON does not load: \(error)\n\(String(decoding: json, as: UTF8.self))")
        case .success(let again):
            guard again == record else { violated("XML → JSON changed the record:\n\(record)\n---\n\(again)") }
        }
    }
    guard LibXML.externalLoadAttempts == attempts else { violated("libxml2 tried to load an external resource") }
    runs += 1
    guard runs % 8 == 0 else { return 0 }
    guard case .success = loadXML(canary) else { violated("the reused loader no longer loads a valid record") }
    return 0
}
