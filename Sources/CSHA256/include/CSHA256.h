#ifndef PERFAUDIT_CSHA256_H
#define PERFAUDIT_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the x86 SHA extensions (and SSSE3, SSE4.1) that
/// perfaudit_sha256_blocks needs.
int perfaudit_sha256_accelerated(void);

/// Runs the SHA-256 compression over `count` 64-byte blocks at `data`, updating the eight
/// state words; only when perfaudit_sha256_accelerated() says so.
void perfaudit_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t count);

#endif
