/* SPDX-License-Identifier: MIT */
/*
 * Inside the grant-table code: the per-domain table and the helpers the
 * hypercall handlers share with creation and destruction (table.c).
 */
#ifndef GRANT_PRIVATE_H
#define GRANT_PRIVATE_H

#include <satori/spinlock.h>
#include <satori/types.h>

struct domain;

struct grant_table {
	spinlock_t lock;	 /* Growth; version. */
	unsigned int version;	 /* Always 1: v2 is not offered. */
	unsigned int nr_frames;	 /* Frames in use, never shrinks. */
	unsigned int max_frames; /* The limit fixed at creation. */
	/* max_frames slots, [0, nr_frames) filled: the frames' hypervisor
	 * addresses. A filled slot stays until destruction, so it may be
	 * read without the lock by whoever holds a domain reference. */
	void **shared;
};

/* Grow @gt (of @d) to @nr frames, lock held: 0 or -ENOMEM (then the
 * table is unchanged). @nr <= max_frames. */
int grant_table_grow(struct domain *d, struct grant_table *gt, unsigned int nr);

/* The machine frame of grant frame @i (< nr_frames). */
uint64_t grant_frame_mfn(const struct grant_table *gt, unsigned int i);

#endif
