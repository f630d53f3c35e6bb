/* SPDX-License-Identifier: MIT */
/*
 * The .xz container: stream header, blocks (header, LZMA2 data with an
 * optional x86 BCJ filter, padding, integrity check), index and stream
 * footer, per the .xz file format specification 1.x. Everything the
 * container says about itself is cross-checked: header CRCs, declared
 * block sizes against the decoded ones, the index against the blocks
 * seen, the footer's backward size and flags against the index and the
 * header. Concatenated streams separated by zero padding are accepted.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

#define STREAM_HEADER_SIZE 12
#define FILTER_BCJ_X86 0x04
#define FILTER_LZMA2 0x21
#define CHECK_NONE 0
#define CHECK_CRC32 1
#define CHECK_CRC64 4

static const uint8_t header_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* What the index must agree with, gathered while decoding blocks. */
struct stream {
	size_t start; /* input offset of the stream header */
	uint8_t flags[2];
	unsigned int check;
	size_t check_size;
	uint64_t nr_blocks;
	uint64_t unpadded_sum;
	uint64_t uncompressed_sum;
	uint32_t records_crc; /* CRC32 over each block's two sizes */
};

/* A block's header, parsed. */
struct block {
	size_t header_size;
	uint64_t comp_size;   /* UINT64_MAX if not given */
	uint64_t uncomp_size; /* UINT64_MAX if not given */
	uint32_t dict_size;
	bool bcj;
	uint32_t bcj_start;
};

bool xz_has_magic(const void *p, size_t len)
{
	return len >= sizeof(header_magic) &&
	       memcmp(p, header_magic, sizeof(header_magic)) == 0;
}

/*
 * A variable-length integer at *pos, not reading at or past end: 7 bits
 * per byte, low first, at most 9 bytes, no redundant zero last byte.
 */
static bool read_vli(const uint8_t *p, size_t *pos, size_t end, uint64_t *v)
{
	unsigned int i;
	uint8_t b;

	*v = 0;
	for (i = 0; i < 9; i++) {
		if (*pos >= end)
			return false;
		b = p[(*pos)++];
		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return b != 0 || i == 0;
	}
	return false;
}

static int stream_header(struct xz_ctx *c, struct stream *st)
{
	const uint8_t *h = c->in + c->in_pos;

	if (c->in_len - c->in_pos < STREAM_HEADER_SIZE)
		return xz_fail(c, -EBADMSG, "xz: truncated stream header");
	if (!xz_has_magic(h, STREAM_HEADER_SIZE))
		return xz_fail(c, -EBADMSG, "xz: bad stream header magic");
	if (xz_crc32(c->w, h + 6, 2, 0) != xz_le32(h + 8))
		return xz_fail(c, -EBADMSG, "xz: stream header CRC mismatch");
	if (h[6] != 0 || (h[7] & 0xf0))
		return xz_fail(c, -EOPNOTSUPP, "xz: unknown stream flags");
	memset(st, 0, sizeof(*st));
	st->start = c->in_pos;
	st->flags[0] = h[6];
	st->flags[1] = h[7];
	st->check = h[7];
	if (st->check == CHECK_NONE)
		st->check_size = 0;
	else if (st->check == CHECK_CRC32)
		st->check_size = 4;
	else if (st->check == CHECK_CRC64)
		st->check_size = 8;
	else
		return xz_fail(c, -EOPNOTSUPP,
			       "xz: check type other than none/CRC32/CRC64");
	c->in_pos += STREAM_HEADER_SIZE;
	return 0;
}

static int filter_flags(struct xz_ctx *c, const uint8_t *h, size_t *pos,
			size_t end, struct block *b, bool last)
{
	uint64_t id, size;

	if (!read_vli(h, pos, end, &id) || !read_vli(h, pos, end, &size) ||
	    size > end - *pos)
		return xz_fail(c, -EBADMSG, "xz: bad filter flags");
	if (id == FILTER_LZMA2 && last && size == 1) {
		uint8_t bits = h[*pos];

		if (bits > 40)
			return xz_fail(c, -EBADMSG, "xz: bad dictionary size");
		b->dict_size = bits == 40
				       ? 0xffffffffu
				       : (2u | (bits & 1)) << (bits / 2 + 11);
	} else if (id == FILTER_BCJ_X86 && !last && (size == 0 || size == 4)) {
		b->bcj = true;
		b->bcj_start = size ? xz_le32(h + *pos) : 0;
	} else {
		return xz_fail(c, -EOPNOTSUPP,
			       "xz: filter chain is not [x86 BCJ,] LZMA2");
	}
	*pos += size;
	return 0;
}

static int block_header_fields(struct xz_ctx *c, const uint8_t *h,
			       struct block *b)
{
	size_t pos = 2, end = b->header_size - 4;
	unsigned int i, nr_filters = (h[1] & 3) + 1;
	int rc;

	if (h[1] & 0x3c)
		return xz_fail(c, -EOPNOTSUPP, "xz: unknown block flags");
	if (nr_filters > 2)
		return xz_fail(c, -EOPNOTSUPP, "xz: more than two filters");
	b->comp_size = b->uncomp_size = UINT64_MAX;
	if ((h[1] & 0x40) &&
	    (!read_vli(h, &pos, end, &b->comp_size) || b->comp_size == 0))
		return xz_fail(c, -EBADMSG, "xz: bad compressed size");
	if ((h[1] & 0x80) && !read_vli(h, &pos, end, &b->uncomp_size))
		return xz_fail(c, -EBADMSG, "xz: bad uncompressed size");
	for (i = 0; i < nr_filters; i++) {
		rc = filter_flags(c, h, &pos, end, b, i == nr_filters - 1);
		if (rc)
			return rc;
	}
	for (; pos < end; pos++)
		if (h[pos])
			return xz_fail(c, -EBADMSG, "xz: block header padding");
	return 0;
}

static int block_header(struct xz_ctx *c, struct block *b)
{
	const uint8_t *h = c->in + c->in_pos;
	int rc;

	memset(b, 0, sizeof(*b));
	b->header_size = ((size_t)h[0] + 1) * 4;
	if (c->in_len - c->in_pos < b->header_size)
		return xz_fail(c, -EBADMSG, "xz: truncated block header");
	if (xz_crc32(c->w, h, b->header_size - 4, 0) !=
	    xz_le32(h + b->header_size - 4))
		return xz_fail(c, -EBADMSG, "xz: block header CRC mismatch");
	rc = block_header_fields(c, h, b);
	if (rc)
		return rc;
	if (b->dict_size > c->dict_limit)
		return xz_fail(c, -E2BIG, "xz: dictionary above the limit");
	c->in_pos += b->header_size;
	return 0;
}

/* Zero bytes up to the next multiple of four from the stream start. */
static int skip_padding(struct xz_ctx *c, size_t from, const char *what)
{
	while ((c->in_pos - from) & 3) {
		if (c->in_pos >= c->in_len || c->in[c->in_pos] != 0)
			return xz_fail(c, -EBADMSG, what);
		c->in_pos++;
	}
	return 0;
}

static int block_check(struct xz_ctx *c, const struct stream *st,
		       const uint8_t *data, size_t size)
{
	const uint8_t *want = c->in + c->in_pos;

	if (c->in_len - c->in_pos < st->check_size)
		return xz_fail(c, -EBADMSG, "xz: truncated block check");
	c->in_pos += st->check_size;
	if (st->check == CHECK_CRC32 &&
	    xz_crc32(c->w, data, size, 0) != xz_le32(want))
		return xz_fail(c, -EBADMSG, "xz: CRC32 mismatch");
	if (st->check == CHECK_CRC64 &&
	    xz_crc64(c->w, data, size, 0) != xz_le64(want))
		return xz_fail(c, -EBADMSG, "xz: CRC64 mismatch");
	return 0;
}

static void note_block(struct xz_ctx *c, struct stream *st, uint64_t unpadded,
		       uint64_t uncompressed)
{
	uint8_t rec[16];
	unsigned int i;

	for (i = 0; i < 8; i++) {
		rec[i] = (uint8_t)(unpadded >> (8 * i));
		rec[8 + i] = (uint8_t)(uncompressed >> (8 * i));
	}
	st->records_crc = xz_crc32(c->w, rec, sizeof(rec), st->records_crc);
	st->nr_blocks++;
	st->unpadded_sum += unpadded;
	st->uncompressed_sum += uncompressed;
}

static int block_decode(struct xz_ctx *c, struct stream *st)
{
	struct block b;
	size_t in_start, out_start, in_end = c->in_len, comp, uncomp;
	int rc = block_header(c, &b);

	if (rc)
		return rc;
	in_start = c->in_pos;
	out_start = c->out_pos;
	if (b.comp_size != UINT64_MAX) {
		if (b.comp_size > c->in_len - in_start)
			return xz_fail(c, -EBADMSG, "xz: truncated block");
		in_end = in_start + b.comp_size;
	}
	rc = xz_lzma2_decode(c, in_end, b.dict_size);
	if (rc)
		return rc;
	comp = c->in_pos - in_start;
	uncomp = c->out_pos - out_start;
	if ((b.comp_size != UINT64_MAX && comp != b.comp_size) ||
	    (b.uncomp_size != UINT64_MAX && uncomp != b.uncomp_size))
		return xz_fail(c, -EBADMSG,
			       "xz: block sizes differ from header");
	if (b.bcj)
		xz_bcj_x86_decode(c->out + out_start, uncomp, b.bcj_start);
	rc = skip_padding(c, st->start, "xz: bad block padding");
	if (!rc)
		rc = block_check(c, st, c->out + out_start, uncomp);
	if (!rc)
		note_block(c, st, b.header_size + comp + st->check_size,
			   uncomp);
	return rc;
}

/* The index must list exactly the blocks decoded, with their sizes. */
static int index_decode(struct xz_ctx *c, struct stream *st, size_t *size)
{
	struct stream seen = *st;
	size_t start = c->in_pos;
	uint64_t count, i, unpadded, uncompressed;

	c->in_pos++; /* the index indicator, 0x00 */
	if (!read_vli(c->in, &c->in_pos, c->in_len, &count) ||
	    count != st->nr_blocks)
		return xz_fail(c, -EBADMSG, "xz: index count mismatch");
	st->nr_blocks = st->unpadded_sum = st->uncompressed_sum = 0;
	st->records_crc = 0;
	for (i = 0; i < count; i++) {
		if (!read_vli(c->in, &c->in_pos, c->in_len, &unpadded) ||
		    !read_vli(c->in, &c->in_pos, c->in_len, &uncompressed))
			return xz_fail(c, -EBADMSG, "xz: truncated index");
		note_block(c, st, unpadded, uncompressed);
	}
	if (st->unpadded_sum != seen.unpadded_sum ||
	    st->uncompressed_sum != seen.uncompressed_sum ||
	    st->records_crc != seen.records_crc)
		return xz_fail(c, -EBADMSG, "xz: index does not match blocks");
	if (skip_padding(c, start, "xz: bad index padding"))
		return -EBADMSG;
	if (c->in_len - c->in_pos < 4 ||
	    xz_crc32(c->w, c->in + start, c->in_pos - start, 0) !=
		    xz_le32(c->in + c->in_pos))
		return xz_fail(c, -EBADMSG, "xz: index CRC mismatch");
	c->in_pos += 4;
	*size = c->in_pos - start;
	return 0;
}

static int stream_footer(struct xz_ctx *c, const struct stream *st,
			 size_t index_size)
{
	const uint8_t *f = c->in + c->in_pos;

	if (c->in_len - c->in_pos < STREAM_HEADER_SIZE)
		return xz_fail(c, -EBADMSG, "xz: truncated stream footer");
	if (f[10] != 'Y' || f[11] != 'Z')
		return xz_fail(c, -EBADMSG, "xz: bad stream footer magic");
	if (xz_crc32(c->w, f + 4, 6, 0) != xz_le32(f))
		return xz_fail(c, -EBADMSG, "xz: stream footer CRC mismatch");
	if (((uint64_t)xz_le32(f + 4) + 1) * 4 != index_size)
		return xz_fail(c, -EBADMSG, "xz: backward size mismatch");
	if (f[8] != st->flags[0] || f[9] != st->flags[1])
		return xz_fail(c, -EBADMSG, "xz: footer flags differ");
	c->in_pos += STREAM_HEADER_SIZE;
	return 0;
}

static int stream_decode(struct xz_ctx *c)
{
	struct stream st;
	size_t index_size;
	int rc = stream_header(c, &st);

	while (!rc) {
		if (c->in_pos >= c->in_len)
			return xz_fail(c, -EBADMSG, "xz: truncated stream");
		if (c->in[c->in_pos] == 0x00)
			break;
		rc = block_decode(c, &st);
	}
	if (!rc)
		rc = index_decode(c, &st, &index_size);
	if (!rc)
		rc = stream_footer(c, &st, index_size);
	return rc;
}

/* Stream padding: whole groups of four zero bytes. */
static void skip_stream_padding(struct xz_ctx *c)
{
	while (c->in_len - c->in_pos >= 4 && xz_le32(c->in + c->in_pos) == 0)
		c->in_pos += 4;
}

int xz_decode(const void *in, size_t in_len, void *out, size_t out_size,
	      size_t *out_len, uint64_t dict_limit, struct xz_work *work,
	      const char **error)
{
	struct xz_ctx c = { in, in_len,	    0,	  out, out_size,
			    0,	dict_limit, work, NULL };
	int rc;

	*out_len = 0;
	if (!in || !out || !work) {
		*error = "xz: bad arguments";
		return -EINVAL;
	}
	xz_crc_init(work);
	do {
		rc = stream_decode(&c);
		if (!rc)
			skip_stream_padding(&c);
	} while (!rc && c.in_pos < c.in_len);
	*error = c.error;
	if (!rc)
		*out_len = c.out_pos;
	return rc;
}
