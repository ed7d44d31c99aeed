/// A stack that hands its top part over as an array of exactly that size, moving the values
/// instead of copying them. `JSONReader` piles the keys of the objects it is reading here, and
/// `parseRecordTree` their members, an object's above its parent's: the stack's storage is reused
/// from object to object, and each node's attributes and children are allocated once at their
/// final size rather than grown one append at a time.
final class MemberStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// How many values the stack holds.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// The value at `position`, below `count`, read in place.
    subscript(position: Int) -> Element {
        unsafeAddress { UnsafePointer(storage + position) }
    }

    /// Takes the values above the first `base` off the stack, discarding them.
    func drop(above base: Int) {
        (storage + base).deinitialize(count: count - base)
        count = base
    }

    /// The values above the first `base`, in the order they were pushed, taken off the stack.
    func pop(above base: Int) -> [Element] {
        let taken = count - base
        guard taken > 0 else { return [] }
        // (reserveCapacity and append are specialized for Element; Array(unsafeUninitializedCapacity:)
        // would look the array's storage type up at run time on every call.)
        var values: [Element] = []
        values.reserveCapacity(taken)
        for offset in base..<count { values.append((storage + offset).move()) }
        count = base
        return values
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
