/// The runs of a sorted list: each longest slice whose elements are all `same` as its first, in
/// order (copies of one filing, records of one fingerprint, sketches of one band key).
func equalRuns<Element>(_ sorted: [Element], _ same: (Element, Element) -> Bool) -> [ArraySlice<Element>] {
    var runs: [ArraySlice<Element>] = []
    var start = 0
    while start < sorted.count {
        var end = start + 1
        while end < sorted.count && same(sorted[end], sorted[start]) { end += 1 }
        runs.append(sorted[start..<end])
        start = end
    }
    return runs
}
