/* SPDX-License-Identifier: MIT */
/*
 * Shared by memory-op.c (argument decoding, domain lookup, continuations)
 * and reservation.c (the extent loops): one reservation request in
 * decoded form, with its progress.
 */
#ifndef COMMON_MEMORY_PRIVATE_H
#define COMMON_MEMORY_PRIVATE_H

#include <satori/types.h>

struct domain;

struct memop_args {
	struct domain *d;	   /* The domain whose memory changes. */
	uint64_t extent_list;	   /* Guest VA of an array of xen_pfn_t. */
	unsigned int nr_extents;   /* Extents in the request. */
	unsigned int extent_order; /* Each extent is 2^order frames. */
	unsigned int address_bits; /* New frames below 2^bits; 0: any. */
	bool populate_on_demand;   /* XENMEMF_populate_on_demand. */
	unsigned int nr_done;	   /* In: first extent; out: next one. */
	bool preempted;		   /* Stopped for a continuation. */
};

/*
 * The extent loops, with Xen's semantics: each stops at the first extent
 * it cannot do and leaves args->nr_done at it; a softirq pending between
 * extents stops the loop with args->preempted set.
 */
void memop_increase_reservation(struct memop_args *a);
void memop_decrease_reservation(struct memop_args *a);
void memop_populate_physmap(struct memop_args *a);

/* Whether the caller may change or query @d: itself, or any domain if
 * the caller is privileged (Xen's XSM_TARGET default). */
bool memop_may_target(const struct domain *d);

/* XENMEM_exchange (exchange.c): 0 or -errno; nr_exchanged in the guest's
 * struct always says how many input extents were exchanged. */
long memory_exchange(uint64_t arg);

/* The address-bits limit in @flags if it restricts anything on this
 * host (below the bits max_page needs), else 0. */
unsigned int memop_address_bits(uint32_t flags);

/* mem_flags' address-bits limit and NUMA node request: 0 or -EINVAL. */
int memop_decode_mem_flags(uint32_t flags, struct memop_args *a);

/*
 * 2^a->extent_order fresh, scrubbed frames for a->d, below
 * a->address_bits if set (none at all below PAGE_SHIFT bits); assigned to a->d (tot_pages, max_pages apply)
 * if @assign, else left ownerless. NULL if none.
 */
struct page_info *memop_alloc_extent(const struct memop_args *a, bool assign);

/* Before and after a call (one slice of it when it is continued), for
 * the memop_log option's accounting line: extents [first, done). */
struct memop_account {
	long first;
	unsigned long tot, free;
};
void memop_account_start(struct memop_account *acc, const struct domain *d,
			 long first);
void memop_account_log(const struct memop_account *acc, const struct domain *d,
		       unsigned int op, long done, long nr);

/* The largest extent order @d may ask for (Xen's max_order()). */
unsigned int memop_max_order(const struct domain *d);

#endif
