/* SPDX-License-Identifier: MIT */
/*
 * The x86 BCJ decoder. The encoder turned the 32-bit relative targets of
 * CALL (E8) and JMP (E9) into absolute ones, which compress better; this
 * turns them back. Only operands whose top byte is 00 or FF (near
 * targets) were converted, and a small history of recent E8/E9 bytes
 * that were not converted decides, as in the encoder, whether a candidate
 * is a real instruction. The last four bytes of a block are never
 * converted: no whole instruction can start there.
 */
#include "private.h"

/* A plausible near branch operand has a top byte of 00 or FF. */
static bool is_near_top(uint8_t b)
{
	return b == 0x00 || b == 0xff;
}

/*
 * Indexed by the history mask (bit n: an unconverted E8/E9 n + 1 bytes
 * back, shifted as the scan moves): whether a candidate may still be
 * converted, and which operand byte then decides it.
 */
static const bool history_allows[8] = { true, true,  true,  false,
					true, false, false, false };
static const uint8_t history_byte[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };

static uint32_t bcj_unconvert(uint32_t src, uint32_t here, uint32_t mask)
{
	uint32_t dest, bits;

	for (;;) {
		dest = src - here;
		if (mask == 0)
			break;
		bits = history_byte[mask] * 8u;
		if (!is_near_top((uint8_t)(dest >> (24 - bits))))
			break;
		src = dest ^ ((1u << (32 - bits)) - 1);
	}
	/* Sign-extend from bit 24, as the encoder stored it. */
	dest &= 0x01ffffff;
	return dest | (0u - (dest & 0x01000000));
}

void xz_bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start)
{
	size_t i, gap, last = 0;
	bool seen = false;
	uint32_t mask = 0, v;

	for (i = 0; size >= 5 && i < size - 4; i++) {
		if ((buf[i] & 0xfe) != 0xe8)
			continue;
		gap = seen ? i - last : 4;
		last = i;
		seen = true;
		if (gap > 3) {
			mask = 0;
		} else {
			mask = (mask << (gap - 1)) & 7;
			if (mask &&
			    (!history_allows[mask] ||
			     is_near_top(buf[i + 4 - history_byte[mask]]))) {
				mask = (mask << 1) | 1;
				continue;
			}
		}
		if (!is_near_top(buf[i + 4])) {
			mask = (mask << 1) | 1;
			continue;
		}
		v = bcj_unconvert(xz_le32(buf + i + 1), start + (uint32_t)i + 5,
				  mask);
		buf[i + 1] = (uint8_t)v;
		buf[i + 2] = (uint8_t)(v >> 8);
		buf[i + 3] = (uint8_t)(v >> 16);
		buf[i + 4] = (uint8_t)(v >> 24);
		i += 4;
	}
}
