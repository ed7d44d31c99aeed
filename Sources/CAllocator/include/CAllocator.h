#ifndef PERFAUDIT_CALLOCATOR_H
#define PERFAUDIT_CALLOCATOR_H

/// The C allocator is tuned for a batch when the program loads, before any thread allocates
/// (glibc only): one malloc arena per core instead of up to eight per core (each arena keeps
/// its own freed pages), and freed memory above 128 KiB handed back to the system instead of kept.

/// Hands the pages the allocator holds free back to the system (glibc's malloc_trim), between
/// the phases of a run whose memory does not carry over. A no-op outside glibc.
void perfaudit_allocator_release(void);

#endif
