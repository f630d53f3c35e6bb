/* SPDX-License-Identifier: MIT */
/*
 * A bounded ring of bytes for one producer and one consumer (each side
 * serialised by its owner, e.g. under a lock). When full, new bytes are
 * refused and counted, never overwrite old ones: the oldest input is what
 * the reader is about to act on.
 */
#ifndef SATORI_BYTE_RING_H
#define SATORI_BYTE_RING_H

#include <satori/types.h>

struct byte_ring {
	uint8_t *buf;
	uint32_t size;	     /* a power of two */
	uint32_t prod, cons; /* free-running; index with & (size - 1) */
	uint32_t dropped;    /* bytes refused because the ring was full */
};

#define BYTE_RING_INIT(storage)                                       \
	{                                                             \
		.buf = (storage), .size = sizeof(storage), .prod = 0, \
		.cons = 0, .dropped = 0                               \
	}

static inline uint32_t byte_ring_count(const struct byte_ring *r)
{
	return __atomic_load_n(&r->prod, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->cons, __ATOMIC_ACQUIRE);
}

/* Producer side. @return false (and count a drop) if the ring is full. */
static inline bool byte_ring_put(struct byte_ring *r, uint8_t c)
{
	if (byte_ring_count(r) == r->size) {
		r->dropped++;
		return false;
	}
	r->buf[r->prod & (r->size - 1)] = c;
	__atomic_store_n(&r->prod, r->prod + 1, __ATOMIC_RELEASE);
	return true;
}

/* Consumer side. @return the oldest byte, or -1 if the ring is empty. */
static inline int byte_ring_get(struct byte_ring *r)
{
	uint8_t c;

	if (byte_ring_count(r) == 0)
		return -1;
	c = r->buf[r->cons & (r->size - 1)];
	__atomic_store_n(&r->cons, r->cons + 1, __ATOMIC_RELEASE);
	return c;
}

#endif
