/// The runs of a sorted list: each longest slice whose elements are all `same` as its first, in
/// order (copies of one filing, records of one fingerprint, sketches of one band key), found as
/// they are iterated, so that a list of a hundred thousand single runs is never built.
func equalRuns<Element>(_ sorted: [Element], _ same: @escaping (Element, Element) -> Bool) -> EqualRuns<Element> {
    EqualRuns(sorted: sorted, same: same)
}

struct EqualRuns<Element>: Sequence, IteratorProtocol {
    private let sorted: [Element]
    private let same: (Element, Element) -> Bool
    private var start = 0

    init(sorted: [Element], same: @escaping (Element, Element) -> Bool) {
        self.sorted = sorted
        self.same = same
    }

    mutating func next() -> ArraySlice<Element>? {
        guard start < sorted.count else { return nil }
        var end = start + 1
        while end < sorted.count && same(sorted[end], sorted[start]) { end += 1 }
        defer { start = end }
        return sorted[start..<end]
    }
}
