#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has a CRC-32C instruction (x86-64 SSE 4.2, ARMv8 CRC), else 0.
int crm_crc32c_hardware_available(void);

/// Continues a CRC-32C over `count` bytes with the CPU's instruction. `crc` is the running value
/// without the final inversion (start with 0xFFFFFFFF, invert the result). Only call it when
/// `crm_crc32c_hardware_available()` is 1.
uint32_t crm_crc32c_hardware(uint32_t crc, const uint8_t *bytes, size_t count);

#endif
