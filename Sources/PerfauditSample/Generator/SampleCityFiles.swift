#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PerfauditCore
import PerfauditEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file format of one generated record.
public enum SampleOutputFormat: String, Sendable, CaseIterable {
    /// XML, UTF-8.
    case xml
    /// JSON (UTF-8).
    case json
    /// XML transcoded to GB18030, with `encoding="GB18030"` in its declaration.
    case xmlGB18030

    public var fileExtension: String { self == .json ? "json" : "xml" }
}

/// Which formats a generated corpus uses.
public enum SampleFormatMix: String, Sendable, CaseIterable {
    /// About 60 % XML (UTF-8), 30 % JSON, 10 % XML in GB18030, in a fixed pattern per index.
    case mixed
    case xml
    case json
}

/// What `writeSample` wrote.
public struct SampleWriteSummary: Sendable, Equatable {
    public var files = 0
    public var bytes = 0
    public var byFormat: [SampleOutputFormat: Int] = [:]
}

extension SampleCityGenerator {
    /// The deterministic format pattern of `.mixed`: 6 XML, 3 JSON, 1 GB18030 XML in every ten indices.
    private static let mixedPattern: [SampleOutputFormat] = [
        .xml, .json, .xml, .xml, .json, .xml, .xmlGB18030, .xml, .json, .xml,
    ]

    /// The format index `index` is written in.
    public func format(at index: Int, mix: SampleFormatMix = .mixed) -> SampleOutputFormat {
        switch mix {
        case .xml: .xml
        case .json: .json
        case .mixed: SampleCityGenerator.mixedPattern[index % 10]
        }
    }

    /// `<county>/<agency>-<year>.<ext>`, relative to the output folder.
    public func relativePath(at index: Int, format: SampleOutputFormat) -> String {
        let id = identity(at: index)
        return "\(id.county)/\(id.agencyCode)-\(id.fiscalYear).\(format.fileExtension)"
    }

    /// The bytes of record `index` in `format`. JSON records write decimals as JSON numbers, except
    /// every seventh JSON record (by index), which writes them as strings (the format reads both).
    public func fileBytes(at index: Int, format: SampleOutputFormat) throws -> [UInt8] {
        try SampleCityGenerator.encode(record(at: index), format: format, index: index)
    }

    static func encode(_ record: Record, format: SampleOutputFormat, index: Int) throws -> [UInt8] {
        switch format {
        case .xml:
            return try RecordXMLWriter().write(record)
        case .json:
            return try RecordJSONWriter(decimalStyle: index % 7 == 3 ? .string : .number).write(record)
        case .xmlGB18030:
            let utf8 = try RecordXMLWriter(encodingName: "GB18030").write(record)
            guard let converted = Transcoder(from: "UTF-8", to: "GB18030")?.convert(utf8) else {
                throw SampleGenerationError(description: "iconv cannot convert this record to GB18030")
            }
            return converted
        }
    }

    /// Writes records `0..<count` under `directory` as `<county>/<agency>-<year>.<ext>`, creating
    /// folders as needed and replacing files of the same name. Files already there under other
    /// names are left alone.
    @discardableResult
    public func writeSample(count: Int, to directory: String, mix: SampleFormatMix = .mixed) throws
        -> SampleWriteSummary
    {
        var summary = SampleWriteSummary()
        let manager = FileManager.default
        var created: Set<String> = []
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        for index in 0..<count {
            let format = format(at: index, mix: mix)
            let bytes = try fileBytes(at: index, format: format)
            let path = relativePath(at: index, format: format)
            let url = root.appendingPathComponent(path)
            let folder = url.deletingLastPathComponent().path
            if !created.contains(folder) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                created.insert(folder)
            }
            try SampleCityGenerator.writeFile(bytes, to: url.path)
            summary.files += 1
            summary.bytes += bytes.count
            summary.byFormat[format, default: 0] += 1
        }
        return summary
    }
}

extension SampleCityGenerator {
    /// Writes `bytes` to `path` (created or truncated) with plain POSIX calls: a corpus of
    /// 100,000 files is mostly file-system work, and this is the cheapest way to do it.
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw SampleGenerationError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard bytes.withUnsafeBytes({ FileSystem.writeAll(descriptor, $0) }) else {
            throw SampleGenerationError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
