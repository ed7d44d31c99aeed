/// A stack that hands its top part over by moving the values, not copying them. `JSONReader`
/// piles the keys of the objects it is reading here, and `JSONRecordTree.parse` their scalars, an
/// object's above its parent's: the stack's storage is reused from object to object, and an
/// object's scalars reach the tree side by side when it closes.
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

    /// Hands the values above the first `base` to `body` in the order they were pushed, taking
    /// them off the stack.
    func moveAll(above base: Int, _ body: (consuming Element) -> Void) {
        let taken = count
        count = base
        for offset in base..<taken { body((storage + offset).move()) }
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
