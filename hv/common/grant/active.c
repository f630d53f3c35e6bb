/* SPDX-License-Identifier: MIT */
/*
 * Grant entries in use: the pin counts of an active entry and the
 * GTF_reading / GTF_writing flags the hypervisor sets in the granter's
 * shared entry while a pin needs them (Xen's _set_status_v1 and
 * reduce_status_for_pin). The shared entry is guest memory the granter
 * may rewrite at any time, so it is read once per attempt and changed
 * only with compare-exchange. Pure logic: host unit tests run it.
 */
#include "grant-private.h"

/* Retries of the compare-exchange before the entry counts as unstable. */
#define SET_STATUS_TRIES 5

struct grant_entry_v1 *grant_shared_entry(const struct grant_table *gt,
					  uint32_t ref)
{
	struct grant_entry_v1 *f = gt->shared[ref / GRANT_PER_FRAME];

	return &f[ref % GRANT_PER_FRAME];
}

struct active_grant *grant_active_entry(const struct grant_table *gt,
					uint32_t ref)
{
	return &gt->active[ref / GRANT_PER_FRAME][ref % GRANT_PER_FRAME];
}

/* The flags and domid halves of a v1 entry's first 32-bit word. */
static inline uint16_t word_flags(uint32_t w)
{
	return (uint16_t)w;
}

static inline uint16_t word_domid(uint32_t w)
{
	return (uint16_t)(w >> 16);
}

int16_t grant_set_status(struct grant_entry_v1 *sh,
			 const struct active_grant *act, uint16_t ldom,
			 bool readonly, bool mapping)
{
	uint32_t *word = (uint32_t *)sh; /* flags, then domid (ABI). */
	uint16_t type_mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);

	for (unsigned int tries = 0; tries < SET_STATUS_TRIES; tries++) {
		uint32_t new = old | GTF_reading;

		if (!act->pin &&
		    ((word_flags(old) & type_mask) != GTF_permit_access ||
		     word_domid(old) != ldom))
			return GNTST_general_error;
		if (!readonly) {
			if (word_flags(old) & GTF_readonly)
				return GNTST_general_error;
			new |= GTF_writing;
		}
		/* On failure @old becomes what the guest wrote meanwhile. */
		if (__atomic_compare_exchange_n(word, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			return GNTST_okay;
	}
	return GNTST_general_error; /* The guest keeps changing it. */
}

bool grant_pin_allowed(const struct active_grant *act, uint16_t ldom)
{
	if (!act->pin)
		return true;
	return act->domid == ldom && !(act->pin & GNTPIN_OVERFLOW_MASK);
}

static bool inc_is_readonly(uint32_t inc)
{
	return inc == GNTPIN_HSTR_INC || inc == GNTPIN_DEVR_INC;
}

int16_t grant_pin(struct grant_entry_v1 *sh, struct active_grant *act,
		  uint16_t ldom, uint32_t inc, bool mapping)
{
	bool readonly = inc_is_readonly(inc);
	int16_t st;

	if (!grant_pin_allowed(act, ldom))
		return GNTST_general_error;
	/* The shared flags change only for the first pin and for the first
	 * writable one. */
	if (!act->pin || (!readonly && !(act->pin & GNTPIN_WRITE_MASK))) {
		st = grant_set_status(sh, act, ldom, readonly, mapping);
		if (st != GNTST_okay)
			return st;
	}
	if (!act->pin)
		act->domid = ldom;
	act->pin += inc;
	return GNTST_okay;
}

void grant_unpin(struct grant_entry_v1 *sh, struct active_grant *act,
		 uint32_t inc)
{
	uint16_t clear = 0;

	act->pin -= inc;
	if (!act->pin)
		clear |= GTF_reading;
	if (!inc_is_readonly(inc) && !(act->pin & GNTPIN_WRITE_MASK))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(&sh->flags, (uint16_t)~clear,
				   __ATOMIC_SEQ_CST);
}
