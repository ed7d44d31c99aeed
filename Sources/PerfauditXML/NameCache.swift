internal import CLibXML2

/// Element and attribute names as Swift strings, made once per distinct name.
///
/// libxml2 interns every name in its parser's dictionary, so one name always arrives as the same
/// pointer while that dictionary lives. The cache maps those pointers to strings and holds a
/// reference on the dictionary, so that no pointer it knows can be freed and reused for another
/// name; if the parser ever switches dictionaries, the cache starts again.
final class NameCache {
    private static let slotCount = 256
    // Raw storage: the lookups are on the SAX hot path, where array properties of a class would
    // pay for dynamic exclusivity checks.
    private let keys = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: slotCount)
    private let names = UnsafeMutablePointer<String>.allocate(capacity: slotCount)
    private var dictionary: xmlDictPtr?

    init() {
        keys.initialize(repeating: nil, count: Self.slotCount)
        names.initialize(repeating: "", count: Self.slotCount)
    }

    deinit {
        xmlDictFree(dictionary)  // accepts nil
        names.deinitialize(count: Self.slotCount)
        names.deallocate()
        keys.deallocate()
    }

    /// Follows the parser's current dictionary; call before every parse.
    func use(_ dictionary: xmlDictPtr?) {
        guard dictionary != self.dictionary else { return }
        xmlDictFree(self.dictionary)
        if let dictionary { xmlDictReference(dictionary) }
        self.dictionary = dictionary
        keys.update(repeating: nil, count: Self.slotCount)
    }

    /// The name at `pointer` (a NUL-terminated name from the parser's dictionary).
    func name(_ pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        let bits = UInt(bitPattern: key)
        let slot = Int(truncatingIfNeeded: (bits >> 4) ^ (bits >> 12)) & (Self.slotCount - 1)
        if keys[slot] == key { return names[slot] }
        let name = String(cString: pointer)
        // Only names the dictionary owns may be cached; anything else is converted every time.
        guard let dictionary, xmlDictOwns(dictionary, pointer) == 1 else { return name }
        keys[slot] = key
        names[slot] = name
        return name
    }
}
