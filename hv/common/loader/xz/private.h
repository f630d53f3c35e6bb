/* SPDX-License-Identifier: MIT */
/*
 * Shared inside the .xz decoder: the decoding context (input cursor,
 * output buffer, work area, error reason) and the pieces that stream.c
 * drives: CRCs, the LZMA2 decoder and the x86 BCJ filter.
 */
#ifndef SATORI_XZ_PRIVATE_H
#define SATORI_XZ_PRIVATE_H

#include <satori/xz.h>

struct xz_ctx {
	const uint8_t *in;
	size_t in_len;
	size_t in_pos;
	uint8_t *out;
	size_t out_size;
	size_t out_pos;
	uint64_t dict_limit;
	struct xz_work *w;
	const char *error;
};

static inline int xz_fail(struct xz_ctx *c, int err, const char *why)
{
	c->error = why;
	return err;
}

static inline uint32_t xz_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t xz_le64(const uint8_t *p)
{
	return (uint64_t)xz_le32(p) | (uint64_t)xz_le32(p + 4) << 32;
}

/* crc.c: fill the tables once per xz_decode() call, then checksum. */
void xz_crc_init(struct xz_work *w);
uint32_t xz_crc32(const struct xz_work *w, const uint8_t *p, size_t n,
		  uint32_t crc);
uint64_t xz_crc64(const struct xz_work *w, const uint8_t *p, size_t n,
		  uint64_t crc);

/*
 * lzma2.c: decode LZMA2 chunks from c->in at c->in_pos (never reading at
 * or past in_end) up to the end marker, appending to c->out at c->out_pos.
 * The block's first chunk must reset the dictionary; matches reach back
 * at most dict_size bytes and never before that reset. Advances both
 * positions; returns 0 or a negative errno with c->error set.
 */
int xz_lzma2_decode(struct xz_ctx *c, size_t in_end, uint32_t dict_size);

/*
 * bcj-x86.c: undo the x86 branch filter over one whole block in place.
 * start is the filter's start offset (0 unless the block says otherwise).
 */
void xz_bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start);

#endif
