/* SPDX-License-Identifier: MIT */
/*
 * LZMA2 and the LZMA decoder under it. LZMA2 splits the data into chunks:
 * stored ones, and LZMA ones each with a fresh range coder, exact
 * compressed and uncompressed sizes and optional resets of the state,
 * the properties (lc/lp/pb) and the dictionary. The dictionary is the
 * output buffer itself (single-call mode), so a match is a bounded copy
 * from earlier output. Every size is checked before bytes are touched:
 * the range coder never reads past its chunk, a match never reaches
 * before the last dictionary reset nor writes past its chunk.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

#define PROB_BITS 11
#define PROB_INIT (1u << (PROB_BITS - 1))
#define MOVE_BITS 5
#define RC_TOP (1u << 24)
#define MATCH_LEN_MIN 2
#define DIST_MODEL_START 4
#define DIST_MODEL_END 14
#define STATE_LIT_MAX 7 /* states below this follow a literal */

struct rc {
	const uint8_t *in;
	const uint8_t *end;
	uint32_t range;
	uint32_t code;
	bool overrun; /* wanted a byte past the chunk */
};

struct lzma {
	struct rc rc;
	struct xz_lzma_probs *p;
	uint8_t *dict; /* output at the last dictionary reset */
	size_t pos;    /* bytes decoded since then */
	size_t limit;  /* pos at the end of the current chunk */
	uint32_t dict_size;
	unsigned int lc, lp_mask, pb_mask;
	unsigned int state;
	uint32_t rep[4]; /* distances minus one, most recent first */
};

static inline void rc_normalize(struct rc *rc)
{
	if (rc->range < RC_TOP) {
		rc->range <<= 8;
		if (rc->in < rc->end)
			rc->code = (rc->code << 8) | *rc->in++;
		else
			rc->overrun = true;
	}
}

static inline unsigned int rc_bit(struct rc *rc, uint16_t *prob)
{
	uint32_t bound;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * *prob;
	if (rc->code < bound) {
		rc->range = bound;
		*prob += ((1u << PROB_BITS) - *prob) >> MOVE_BITS;
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*prob -= *prob >> MOVE_BITS;
	return 1;
}

/* A bits-wide symbol, most significant bit first. */
static inline unsigned int rc_tree(struct rc *rc, uint16_t *probs,
				   unsigned int bits)
{
	unsigned int sym = 1, top = 1u << bits;

	while (sym < top)
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	return sym - top;
}

/*
 * A bits-wide symbol, least significant bit first. The tree's node n is
 * probs[first + n - 1] (the distance models share one array).
 */
static unsigned int rc_tree_reverse(struct rc *rc, uint16_t *probs,
				    size_t first, unsigned int bits)
{
	unsigned int sym = 1, i, bit, v = 0;

	for (i = 0; i < bits; i++) {
		bit = rc_bit(rc, &probs[first + sym - 1]);
		sym = (sym << 1) | bit;
		v |= bit << i;
	}
	return v;
}

/* Equiprobable bits, most significant first. */
static uint32_t rc_direct(struct rc *rc, unsigned int bits)
{
	uint32_t v = 0, mask;

	while (bits--) {
		rc_normalize(rc);
		rc->range >>= 1;
		rc->code -= rc->range;
		mask = 0u -
		       (rc->code >> 31); /* all ones if code went below 0 */
		rc->code += rc->range & mask;
		v = (v << 1) | (mask + 1);
	}
	return v;
}

static void lzma_reset_state(struct lzma *s)
{
	uint16_t *p = (uint16_t *)s->p;
	size_t i, n = sizeof(*s->p) / sizeof(uint16_t);

	for (i = 0; i < n; i++)
		p[i] = PROB_INIT;
	s->state = 0;
	s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

static void lzma_literal(struct lzma *s)
{
	unsigned int prev = s->pos ? s->dict[s->pos - 1] : 0;
	unsigned int ctx = ((unsigned int)(s->pos & s->lp_mask) << s->lc) +
			   (prev >> (8 - s->lc));
	uint16_t *probs = &s->p->literal[(size_t)0x300 * ctx];
	unsigned int sym = 1, match, offset = 0x100, mbit, bit;

	if (s->state < STATE_LIT_MAX) {
		sym = rc_tree(&s->rc, probs, 8) | 0x100;
	} else {
		/* After a match: the byte at rep0 steers the model. */
		match = (unsigned int)s->dict[s->pos - s->rep[0] - 1] << 1;
		while (sym < 0x100) {
			mbit = match & offset;
			match <<= 1;
			bit = rc_bit(&s->rc, &probs[offset + mbit + sym]);
			sym = (sym << 1) | bit;
			offset &= bit ? mbit : ~mbit;
		}
	}
	s->dict[s->pos++] = (uint8_t)sym;
	if (s->state < 4)
		s->state = 0;
	else if (s->state < 10)
		s->state -= 3;
	else
		s->state -= 6;
}

static unsigned int lzma_len(struct lzma *s, struct xz_len_probs *l,
			     unsigned int pos_state)
{
	if (!rc_bit(&s->rc, &l->choice))
		return MATCH_LEN_MIN + rc_tree(&s->rc, l->low[pos_state], 3);
	if (!rc_bit(&s->rc, &l->choice2))
		return MATCH_LEN_MIN + 8 +
		       rc_tree(&s->rc, l->mid[pos_state], 3);
	return MATCH_LEN_MIN + 16 + rc_tree(&s->rc, l->high, 8);
}

static uint32_t lzma_distance(struct lzma *s, unsigned int len)
{
	unsigned int len_state = MIN(len - MATCH_LEN_MIN, 3u);
	unsigned int slot = rc_tree(&s->rc, s->p->dist_slot[len_state], 6);
	unsigned int bits;
	uint32_t dist;

	if (slot < DIST_MODEL_START)
		return slot;
	bits = (slot >> 1) - 1;
	dist = (2u | (slot & 1)) << bits;
	if (slot < DIST_MODEL_END)
		return dist + rc_tree_reverse(&s->rc, s->p->dist_special,
					      dist - slot, bits);
	dist += rc_direct(&s->rc, bits - 4) << 4;
	return dist + rc_tree_reverse(&s->rc, s->p->dist_align, 1, 4);
}

/* A repeated distance: rep0 as it is, or rep1..3 moved to the front. */
static unsigned int lzma_rep(struct lzma *s, unsigned int pos_state)
{
	unsigned int st = s->state;
	uint32_t dist;

	if (!rc_bit(&s->rc, &s->p->is_rep0[st])) {
		if (!rc_bit(&s->rc, &s->p->is_rep0_long[st][pos_state])) {
			s->state = st < STATE_LIT_MAX ? 9 : 11;
			return 1; /* short rep: one byte at rep0 */
		}
	} else {
		if (!rc_bit(&s->rc, &s->p->is_rep1[st])) {
			dist = s->rep[1];
		} else {
			if (!rc_bit(&s->rc, &s->p->is_rep2[st])) {
				dist = s->rep[2];
			} else {
				dist = s->rep[3];
				s->rep[3] = s->rep[2];
			}
			s->rep[2] = s->rep[1];
		}
		s->rep[1] = s->rep[0];
		s->rep[0] = dist;
	}
	s->state = st < STATE_LIT_MAX ? 8 : 11;
	return lzma_len(s, &s->p->rep_len, pos_state);
}

/* A new distance: decode it and push it onto the rep list. */
static unsigned int lzma_match(struct lzma *s, unsigned int pos_state)
{
	unsigned int len = lzma_len(s, &s->p->match_len, pos_state);

	s->rep[3] = s->rep[2];
	s->rep[2] = s->rep[1];
	s->rep[1] = s->rep[0];
	s->rep[0] = lzma_distance(s, len);
	s->state = s->state < STATE_LIT_MAX ? 7 : 10;
	return len;
}

static int lzma_copy(struct lzma *s, unsigned int len)
{
	uint32_t dist = s->rep[0];
	const uint8_t *src;
	uint8_t *dst;

	/* Also catches the end-of-payload marker (distance 0xffffffff). */
	if (dist >= s->pos || dist >= s->dict_size)
		return -EBADMSG;
	if (len > s->limit - s->pos)
		return -EBADMSG;
	dst = s->dict + s->pos;
	src = dst - dist - 1;
	s->pos += len;
	while (len--)
		*dst++ = *src++;
	return 0;
}

/* Decode symbols until the chunk's uncompressed size is reached. */
static int lzma_run(struct lzma *s)
{
	unsigned int pos_state, len;

	while (s->pos < s->limit) {
		pos_state = (unsigned int)(s->pos & s->pb_mask);
		if (!rc_bit(&s->rc, &s->p->is_match[s->state][pos_state])) {
			/* A matched literal reads the byte at rep0. */
			if (s->state >= STATE_LIT_MAX && s->rep[0] >= s->pos)
				return -EBADMSG;
			lzma_literal(s);
		} else {
			if (!rc_bit(&s->rc, &s->p->is_rep[s->state]))
				len = lzma_match(s, pos_state);
			else
				len = lzma_rep(s, pos_state);
			if (lzma_copy(s, len))
				return -EBADMSG;
		}
		if (s->rc.overrun)
			return -EBADMSG;
	}
	/* The encoder flushed a normalised coder: mirror that, then the
	 * chunk's bytes must be used up exactly and the code be zero. */
	rc_normalize(&s->rc);
	if (s->rc.overrun || s->rc.in != s->rc.end || s->rc.code != 0)
		return -EBADMSG;
	return 0;
}

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

/* lc/lp/pb in one byte: (pb * 5 + lp) * 9 + lc, with lc + lp <= 4. */
static int lzma_props(struct lzma *s, uint8_t props)
{
	unsigned int lc, lp, pb;

	if (props >= 9 * 5 * 5)
		return -EBADMSG;
	lc = props % 9;
	lp = (props / 9) % 5;
	pb = props / 45;
	if (lc + lp > 4)
		return -EBADMSG;
	s->lc = lc;
	s->lp_mask = (1u << lp) - 1;
	s->pb_mask = (1u << pb) - 1;
	return 0;
}

static int chunk_stored(struct xz_ctx *c, struct lzma *s, size_t in_end)
{
	size_t size;

	if (in_end - c->in_pos < 2)
		return xz_fail(c, -EBADMSG, "LZMA2: truncated chunk header");
	size = be16(c->in + c->in_pos) + 1;
	c->in_pos += 2;
	if (in_end - c->in_pos < size)
		return xz_fail(c, -EBADMSG, "LZMA2: truncated stored chunk");
	if (c->out_size - c->out_pos < size)
		return xz_fail(c, -E2BIG, "output larger than the buffer");
	memcpy(c->out + c->out_pos, c->in + c->in_pos, size);
	c->in_pos += size;
	c->out_pos += size;
	s->pos += size;
	return 0;
}

/* Start the chunk's range coder on [in, in+size). */
static int rc_start(struct rc *rc, const uint8_t *in, size_t size)
{
	if (size < 5 || in[0] != 0)
		return -EBADMSG;
	rc->in = in + 5;
	rc->end = in + size;
	rc->range = 0xffffffffu;
	rc->code = (uint32_t)in[1] << 24 | (uint32_t)in[2] << 16 |
		   (uint32_t)in[3] << 8 | in[4];
	rc->overrun = false;
	return 0;
}

static int chunk_lzma(struct xz_ctx *c, struct lzma *s, uint8_t ctl,
		      size_t in_end, bool *need_props)
{
	size_t unc, comp, hdr = ctl >= 0xc0 ? 5 : 4;
	const uint8_t *h = c->in + c->in_pos;

	if (in_end - c->in_pos < hdr)
		return xz_fail(c, -EBADMSG, "LZMA2: truncated chunk header");
	unc = ((size_t)(ctl & 0x1f) << 16) + be16(h) + 1;
	comp = be16(h + 2) + 1;
	if (ctl >= 0xc0) {
		if (lzma_props(s, h[4]))
			return xz_fail(c, -EBADMSG, "LZMA2: bad lc/lp/pb");
		*need_props = false;
	} else if (*need_props) {
		return xz_fail(c, -EBADMSG, "LZMA2: chunk without properties");
	}
	if (ctl >= 0xa0)
		lzma_reset_state(s);
	c->in_pos += hdr;
	if (in_end - c->in_pos < comp)
		return xz_fail(c, -EBADMSG, "LZMA2: truncated LZMA chunk");
	if (c->out_size - c->out_pos < unc)
		return xz_fail(c, -E2BIG, "output larger than the buffer");
	if (rc_start(&s->rc, c->in + c->in_pos, comp))
		return xz_fail(c, -EBADMSG, "LZMA2: bad range coder start");
	s->limit = s->pos + unc;
	if (lzma_run(s))
		return xz_fail(c, -EBADMSG, "LZMA: corrupt data");
	c->in_pos += comp;
	c->out_pos += unc;
	return 0;
}

int xz_lzma2_decode(struct xz_ctx *c, size_t in_end, uint32_t dict_size)
{
	struct lzma s = { .p = &c->w->probs, .dict_size = dict_size };
	bool need_dict_reset = true, need_props = true;
	uint8_t ctl;
	int rc;

	for (;;) {
		if (c->in_pos >= in_end)
			return xz_fail(c, -EBADMSG, "LZMA2: truncated");
		ctl = c->in[c->in_pos++];
		if (ctl == 0x00)
			return 0;
		if (ctl >= 0xe0 || ctl == 0x01) {
			s.dict = c->out + c->out_pos;
			s.pos = 0;
			need_props = true;
			need_dict_reset = false;
		} else if (need_dict_reset) {
			return xz_fail(c, -EBADMSG,
				       "LZMA2: no dictionary reset first");
		}
		if (ctl >= 0x80)
			rc = chunk_lzma(c, &s, ctl, in_end, &need_props);
		else if (ctl <= 0x02)
			rc = chunk_stored(c, &s, in_end);
		else
			rc = xz_fail(c, -EBADMSG, "LZMA2: bad control byte");
		if (rc)
			return rc;
	}
}
