/// Gives each distinct string a small id, so that per-record state holds ids, not strings.
struct Interner: Sendable {
    /// The record fields whose strings are interned, each remembering the last string given.
    enum Field: Int, CaseIterable {
        case province, city, county, agency, rulebook, department, mofDivCode
    }

    private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]
    /// The last string interned for each field, with its id.
    private var recent = [(String, Int32)](repeating: ("", -1), count: Field.allCases.count)

    mutating func id(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }

    /// `id(string)` for a string that is often the same as the last one given for the same
    /// field: records come in about folder order, so a county, a department, a province repeat
    /// from one record to the next, and one comparison saves hashing the string.
    mutating func id(_ string: String, field: Field) -> Int32 {
        let last = recent[field.rawValue]
        if last.1 >= 0 && last.0 == string { return last.1 }
        let id = id(string)
        recent[field.rawValue] = (string, id)
        return id
    }

    /// The id of a string already interned, without interning it.
    func existingID(_ string: String) -> Int32? { ids[string] }

    /// The string with this id.
    subscript(id: Int32) -> String { strings[Int(id)] }

    /// Each id's rank when the strings are sorted by their UTF-8 bytes.
    func ranks() -> [Int32] {
        var rank = [Int32](repeating: 0, count: strings.count)
        let order = strings.indices.sorted { strings[$0].utf8.lexicographicallyPrecedes(strings[$1].utf8) }
        for (position, id) in order.enumerated() { rank[id] = Int32(position) }
        return rank
    }
}
