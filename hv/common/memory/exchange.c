/* SPDX-License-Identifier: MIT */
/*
 * XENMEM_exchange: trade frames of a domain for fresh ones, typically for
 * fewer, larger and lower extents (Linux's xen_create_contiguous_region,
 * used by dom0's swiotlb-xen, and the reverse). Work goes in chunks of
 * equal size on both sides; a chunk is all or nothing, and nr_exchanged
 * in the guest's struct says how many input extents were traded when the
 * call ends, fails or is continued. tot_pages does not change: every
 * input frame is replaced by exactly one output frame. An input frame
 * that anything but its allocation references (mapped, typed, pinned) is
 * refused with -EINVAL, as Xen's steal_page() refuses it.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/memory-op.h>
#include <satori/mm.h>
#include <satori/page-list.h>
#include <satori/smp.h>

#include <asm/m2p.h>
#include <asm/pv-mm.h>

#include <public/memory.h>
#include <public/xen.h>

#include "memory-private.h"

struct exchange {
	struct xen_memory_exchange x;
	uint64_t arg;			  /* Guest address of x. */
	struct domain *d;		  /* Whose frames. */
	unsigned int in_chunk, out_chunk; /* Orders: extents per chunk. */
	struct page_list_head in, out;	  /* The current chunk's frames. */
	struct memop_args alloc;	  /* Output extent allocation. */
};

static int write_nr_exchanged(const struct exchange *e)
{
	return copy_to_guest_raw(
		e->arg + offsetof(struct xen_memory_exchange, nr_exchanged),
		&e->x.nr_exchanged, sizeof(e->x.nr_exchanged));
}

/* Entries [first, last] of a guest array of 8-byte frame numbers; a
 * count whose byte size overflows is refused, as Xen's
 * guest_handle_subrange_okay() does. */
static bool list_range_ok(uint64_t list, uint64_t first, uint64_t last)
{
	if (last >= ~0UL / sizeof(uint64_t))
		return false;
	return guest_range_ok(list + first * sizeof(uint64_t),
			      (last - first + 1) * sizeof(uint64_t));
}

/* Xen's checks, in Xen's order: 0, or the -errno to fail early with. */
static int check_request(struct exchange *e)
{
	const struct xen_memory_exchange *x = &e->x;
	unsigned int in = x->in.extent_order, out = x->out.extent_order;

	if ((in > out ? in : out) > memop_max_order(current->domain))
		return -EPERM;
	if (x->nr_exchanged > x->in.nr_extents || x->in.domid != x->out.domid ||
	    (~0UL >> in) < x->in.nr_extents ||
	    (~0UL >> out) < x->out.nr_extents ||
	    (x->in.nr_extents << in) != (x->out.nr_extents << out))
		return -EINVAL;
	if (x->nr_exchanged == x->in.nr_extents)
		return 1; /* Nothing left: success. */
	e->in_chunk = in <= out ? out - in : 0;
	e->out_chunk = in <= out ? 0 : in - out;
	if (!list_range_ok(x->in.extent_start.p, x->nr_exchanged,
			   x->in.nr_extents - 1) ||
	    !list_range_ok(x->out.extent_start.p,
			   (x->nr_exchanged >> e->in_chunk) << e->out_chunk,
			   x->out.nr_extents - 1))
		return -EFAULT;
	/* Xen checks only the node here; an address limit no frame can meet
	 * fails the allocation (-ENOMEM). */
	if (memop_decode_mem_flags(x->out.mem_flags & ~0xffu, &e->alloc))
		return -EINVAL;
	e->alloc.address_bits = memop_address_bits(x->out.mem_flags);
	return 0;
}

/* Take @pg from @d if only its allocation holds it (Xen's steal_page):
 * it leaves the page list but stays in tot_pages. 0 or -EINVAL. */
static int steal_page(struct domain *d, struct page_info *pg)
{
	int rc = -EINVAL;

	pt_lock(d);
	if (pg->owner == d && !(pg->count_info & PGC_xen_heap) &&
	    (pg->count_info & (PGC_count_mask | PGC_allocated)) ==
		    (PGC_allocated | 1) &&
	    !(pg->u.type_info & (PGT_count_mask | PGT_pinned))) {
		spin_lock(&d->page_alloc_lock);
		page_list_del(pg, &d->page_list);
		spin_unlock(&d->page_alloc_lock);
		pg->count_info = PGC_allocated | 1; /* Now the exchange's. */
		pg->u.type_info = PGT_none;
		pg->owner = NULL;
		rc = 0;
	}
	pt_unlock(d);
	return rc;
}

/* Give the stolen frames of a failed chunk back to @d as they were. */
static void unsteal_chunk(struct exchange *e)
{
	struct page_info *pg;

	spin_lock(&e->d->page_alloc_lock);
	while ((pg = page_list_first(&e->in))) {
		page_list_del(pg, &e->in);
		pg->owner = e->d;
		page_list_add_tail(pg, &e->d->page_list);
	}
	spin_unlock(&e->d->page_alloc_lock);
}

/* Steal the input frames of chunk @i. */
static int steal_chunk(struct exchange *e, uint64_t i)
{
	uint64_t n_in = 1UL << e->in_chunk, k_in = 1UL << e->x.in.extent_order;

	for (uint64_t j = 0; j < n_in; j++) {
		uint64_t gmfn;

		if (copy_from_guest_raw(&gmfn,
					e->x.in.extent_start.p +
						((i << e->in_chunk) + j) * 8,
					sizeof(gmfn)))
			return -EFAULT;
		for (uint64_t k = 0; k < k_in; k++) {
			mfn_t mfn = _mfn(gmfn + k);
			int rc;

			if (!mfn_valid(mfn))
				return -EINVAL;
			rc = steal_page(e->d, mfn_to_page(mfn));
			if (rc)
				return rc;
			page_list_add_tail(mfn_to_page(mfn), &e->in);
		}
	}
	return 0;
}

static int alloc_chunk(struct exchange *e)
{
	for (uint64_t j = 0; j < (1UL << e->out_chunk); j++) {
		struct page_info *pg = memop_alloc_extent(&e->alloc, false);

		if (!pg)
			return -ENOMEM;
		page_list_add_tail(pg, &e->out);
	}
	return 0;
}

/* The chunk cannot fail any more: free the input frames. None may stay in
 * a TLB (the guest may have unmapped them without a flush). */
static void free_in_chunk(struct exchange *e)
{
	struct page_info *pg;

	flush_tlb_all();
	while ((pg = page_list_first(&e->in))) {
		page_list_del(pg, &e->in);
		m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
		free_domheap_pages(pg, 0);
	}
}

/* The domain died during the exchange: its stolen input frames were
 * never taken out of tot_pages, so the output frames it will not get
 * (@pg and the rest of the chunk) come out of it now, and are freed. */
static void drop_out_dying(struct exchange *e, struct page_info *pg)
{
	unsigned int order = e->x.out.extent_order;
	unsigned long frames = 0;

	do {
		frames += 1UL << order;
		free_domheap_pages(pg, order);
		pg = page_list_first(&e->out);
		if (pg)
			page_list_del(pg, &e->out);
	} while (pg);
	spin_lock(&e->d->page_alloc_lock);
	e->d->tot_pages -= frames;
	spin_unlock(&e->d->page_alloc_lock);
}

/* Give the output extents of chunk @i to the domain: pfns from the out
 * list, M2P set, MFNs written back. -EFAULT if the list faulted (the
 * frames are the domain's all the same, as in Xen); -ESRCH if the domain
 * is dying (the rest are freed). */
static int assign_out_chunk(struct exchange *e, uint64_t i)
{
	unsigned int order = e->x.out.extent_order;
	struct page_info *pg;
	int rc = 0;

	for (uint64_t j = 0; (pg = page_list_first(&e->out)); j++) {
		uint64_t slot = e->x.out.extent_start.p +
				((i << e->out_chunk) + j) * sizeof(uint64_t);
		uint64_t gpfn, mfn = mfn_x(page_to_mfn(pg));

		page_list_del(pg, &e->out);
		spin_lock(&e->d->page_alloc_lock);
		if (e->d->state == DOMSTATE_DYING) {
			spin_unlock(&e->d->page_alloc_lock);
			drop_out_dying(e, pg);
			return -ESRCH;
		}
		for (unsigned long k = 0; k < (1UL << order); k++) {
			pg[k].owner = e->d;
			page_list_add_tail(&pg[k], &e->d->page_list);
		}
		spin_unlock(&e->d->page_alloc_lock);
		if (copy_from_guest_raw(&gpfn, slot, sizeof(gpfn))) {
			rc = -EFAULT;
			continue;
		}
		for (unsigned long k = 0; k < (1UL << order); k++)
			m2p_set(_mfn(mfn + k), gpfn + k);
		if (copy_to_guest_raw(slot, &mfn, sizeof(mfn)))
			rc = -EFAULT;
	}
	return rc;
}

static void drop_chunk(struct exchange *e)
{
	struct page_info *pg;

	unsteal_chunk(e);
	while ((pg = page_list_first(&e->out))) {
		page_list_del(pg, &e->out);
		free_domheap_pages(pg, e->x.out.extent_order);
	}
}

/* Exchange chunk after chunk; a continuation when preempted. */
static long exchange_chunks(struct exchange *e)
{
	uint64_t first = e->x.nr_exchanged >> e->in_chunk;
	uint64_t end = e->x.in.nr_extents >> e->in_chunk, i;
	uint64_t args[HYPERCALL_MAX_ARGS] = { XENMEM_exchange, e->arg };
	int rc = 0;

	for (i = first; i < end; i++) {
		if (i != first && hypercall_preempt_check()) {
			e->x.nr_exchanged = i << e->in_chunk;
			if (write_nr_exchanged(e))
				return -EFAULT;
			return hypercall_create_continuation(
				__HYPERVISOR_memory_op, args);
		}
		rc = steal_chunk(e, i);
		if (!rc)
			rc = alloc_chunk(e);
		if (rc) {
			drop_chunk(e);
			break;
		}
		free_in_chunk(e);
		rc = assign_out_chunk(e, i);
		if (rc)
			break;
	}
	e->x.nr_exchanged = i < end ? i << e->in_chunk : e->x.in.nr_extents;
	if (write_nr_exchanged(e))
		rc = -EFAULT;
	return rc;
}

long memory_exchange(uint64_t arg)
{
	struct exchange e = { .arg = arg,
			      .in = PAGE_LIST_HEAD_INIT,
			      .out = PAGE_LIST_HEAD_INIT };
	struct memop_account acc;
	long rc;

	if (copy_from_guest_raw(&e.x, arg, sizeof(e.x)))
		return -EFAULT;
	rc = check_request(&e);
	if (rc == 1)
		return 0;
	if (!rc) {
		e.d = get_domain_by_any_id(e.x.in.domid);
		rc = e.d ? 0 : -ESRCH;
	}
	if (!rc && !memop_may_target(e.d))
		rc = -EPERM;
	if (rc) {
		if (e.d)
			put_domain(e.d);
		return write_nr_exchanged(&e) ? -EFAULT : rc;
	}
	e.alloc.d = e.d;
	e.alloc.extent_order = e.x.out.extent_order;
	memop_account_start(&acc, e.d, (long)e.x.nr_exchanged);
	rc = exchange_chunks(&e);
	memop_account_log(&acc, e.d, XENMEM_exchange, (long)e.x.nr_exchanged,
			  (long)e.x.in.nr_extents);
	put_domain(e.d);
	return rc;
}
