/* SPDX-License-Identifier: MIT */
/*
 * Single-call .xz decoder for compressed kernel payloads: the whole input
 * in one buffer, the whole output into one caller buffer, which also
 * serves as the LZMA2 dictionary. Supported: LZMA2 with an optional x86
 * BCJ filter in front, integrity checks none, CRC32 and CRC64 (verified),
 * concatenated streams with stream padding. The input is hostile: errors
 * are clean -errno values with a reason string. No allocation: the
 * caller passes a work area (about 34 KiB). docs/hacking/loader.md.
 */
#ifndef SATORI_XZ_H
#define SATORI_XZ_H

#include <satori/types.h>

/* LZMA probabilities: literal coders for lc + lp <= 4 (LZMA2's rule). */
#define XZ_LITERAL_PROBS (0x300 << 4)
#define XZ_POS_STATES 16

/* One length decoder (match or repeat lengths). */
struct xz_len_probs {
	uint16_t choice;
	uint16_t choice2;
	uint16_t low[XZ_POS_STATES][8];
	uint16_t mid[XZ_POS_STATES][8];
	uint16_t high[256];
};

/* The adaptive model of one LZMA state (reset by LZMA2 state resets). */
struct xz_lzma_probs {
	uint16_t is_match[12][XZ_POS_STATES];
	uint16_t is_rep[12];
	uint16_t is_rep0[12];
	uint16_t is_rep1[12];
	uint16_t is_rep2[12];
	uint16_t is_rep0_long[12][XZ_POS_STATES];
	uint16_t dist_slot[4][64];
	uint16_t dist_special[114];
	uint16_t dist_align[16];
	struct xz_len_probs match_len;
	struct xz_len_probs rep_len;
	uint16_t literal[XZ_LITERAL_PROBS];
};

/* Caller-provided scratch memory; contents need no initialisation. */
struct xz_work {
	uint32_t crc32_table[4][256]; /* slicing by four */
	uint64_t crc64_table[256];
	struct xz_lzma_probs probs;
};

/* Largest dictionary a stream may declare unless the caller says less. */
#define XZ_DICT_MAX MiB(64)

/*
 * Decode the .xz data [in, in+in_len) into [out, out+out_size). On success
 * returns 0 and sets *out_len to the decoded size. Fails with -EBADMSG
 * (corrupt, truncated, or an integrity check mismatch), -EOPNOTSUPP (a
 * filter or check type this decoder lacks), -E2BIG (output larger than
 * out_size, or a block declaring a dictionary above dict_limit) or -EINVAL
 * (bad arguments); *error then says why (a static string). On failure the
 * output buffer holds partial data and must not be used.
 */
int xz_decode(const void *in, size_t in_len, void *out, size_t out_size,
	      size_t *out_len, uint64_t dict_limit, struct xz_work *work,
	      const char **error);

/* True if [p, p+len) starts with the .xz stream header magic. */
bool xz_has_magic(const void *p, size_t len);

#endif
