/* SPDX-License-Identifier: MIT */
/*
 * The two integrity checks the .xz decoder verifies: CRC32 (the IEEE
 * 802.3 polynomial, also used for headers, the index and the footer) and
 * CRC64 (ECMA-182), both bit-reflected, preset and finished with all ones.
 * Tables built in the caller's work area; CRC32, which also covers the
 * whole kernel, is computed four bytes at a time.
 */
#include "private.h"

#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

void xz_crc_init(struct xz_work *w)
{
	unsigned int i, bit;

	for (i = 0; i < 256; i++) {
		uint32_t c32 = i;
		uint64_t c64 = i;

		for (bit = 0; bit < 8; bit++) {
			c32 = (c32 >> 1) ^ (CRC32_POLY & (0u - (c32 & 1)));
			c64 = (c64 >> 1) ^ (CRC64_POLY & (0ull - (c64 & 1)));
		}
		w->crc32_table[0][i] = c32;
		w->crc64_table[i] = c64;
	}
	/* Table k: the CRC of a byte followed by k zero bytes. */
	for (bit = 1; bit < 4; bit++)
		for (i = 0; i < 256; i++) {
			uint32_t prev = w->crc32_table[bit - 1][i];

			w->crc32_table[bit][i] =
				(prev >> 8) ^ w->crc32_table[0][prev & 0xff];
		}
}

/* crc is the value of the data so far (0 to start). */
uint32_t xz_crc32(const struct xz_work *w, const uint8_t *p, size_t n,
		  uint32_t crc)
{
	const uint32_t(*t)[256] = w->crc32_table;

	crc = ~crc;
	for (; n >= 4; n -= 4, p += 4) {
		crc ^= xz_le32(p);
		crc = t[3][crc & 0xff] ^ t[2][(crc >> 8) & 0xff] ^
		      t[1][(crc >> 16) & 0xff] ^ t[0][crc >> 24];
	}
	while (n--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint64_t xz_crc64(const struct xz_work *w, const uint8_t *p, size_t n,
		  uint64_t crc)
{
	crc = ~crc;
	while (n--)
		crc = w->crc64_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
