import CAllocator

/// The C allocator between a run's phases. It is tuned when the program loads (CAllocator: one
/// arena per core, freed blocks above 128 KiB returned at once); here a run hands back the pages
/// a finished phase left free, so that the next phase's peak is not stacked on them.
enum Allocator {
    /// Returns the allocator's free pages to the system (glibc's `malloc_trim`; nothing elsewhere).
    static func releaseFreePages() { perfaudit_allocator_release() }
}
