/// A run's input paths packed into one byte buffer: a few bytes of overhead per file instead of
/// a heap-allocated `String` each, for batches of a hundred thousand files.
struct PathList: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []

    init(_ paths: [String]) {
        ends.reserveCapacity(paths.count)
        for path in paths {
            bytes.append(contentsOf: path.utf8)
            ends.append(UInt32(bytes.count))
        }
    }

    var count: Int { ends.count }

    subscript(index: Int) -> String {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self)
    }
}
