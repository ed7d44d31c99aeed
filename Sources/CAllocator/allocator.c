#include "CAllocator.h"
// Any C library header defines __GLIBC__ when the library is glibc.
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>

/// Runs when the program loads: arenas are handed to threads as they first allocate, so the
/// limit must be in place before the runtime starts its threads.
__attribute__((constructor)) static void perfaudit_allocator_configure(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    mallopt(M_ARENA_MAX, cores > 0 ? (int)cores : 1);
    // Fixed thresholds: glibc otherwise raises both as large blocks are freed, and keeps them.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}

void perfaudit_allocator_release(void) { malloc_trim(0); }
#else
void perfaudit_allocator_release(void) {}
#endif
