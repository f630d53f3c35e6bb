/* SPDX-License-Identifier: MIT */
/*
 * Ballooning: the extent loops of increase_reservation (new frames, MFNs
 * reported), populate_physmap (new frames at the guest's pfns, M2P set)
 * and decrease_reservation (frames given back). A frame leaves its domain
 * only when its last reference goes: decreasing a frame drops the
 * allocation reference, and one still mapped, typed or pinned lingers,
 * owned and counted in tot_pages, until those references go too (Xen's
 * guest_remove_page). Frames are scrubbed by the allocator before reuse.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/log.h>
#include <satori/mm.h>

#include <asm/m2p.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>
#include <asm/tlb-clock.h>

#include "memory-private.h"

/* Xen's limits for x86: a domU may ask for 2 MiB extents, a control
 * domain for up to 1 GiB (CONFIG_DOMU_MAX_ORDER, CTLDOM_MAX_ORDER). */
#define MEMOP_DOMU_MAX_ORDER 9
#define MEMOP_CTLDOM_MAX_ORDER 18

unsigned int memop_max_order(const struct domain *d)
{
	unsigned int order = d->is_privileged ? MEMOP_CTLDOM_MAX_ORDER
					      : MEMOP_DOMU_MAX_ORDER;

	return order < MAX_ORDER ? order : MAX_ORDER;
}

/* Whether entries [first, last] of the xen_pfn_t array at @list are in
 * guest-accessible address space (Xen's guest_handle_subrange_okay). */
static bool extent_range_ok(uint64_t list, unsigned int first,
			    unsigned int last)
{
	return guest_range_ok(list + (uint64_t)first * sizeof(uint64_t),
			      ((uint64_t)last - first + 1) * sizeof(uint64_t));
}

static int get_extent_entry(const struct memop_args *a, unsigned int i,
			    uint64_t *val)
{
	return copy_from_guest_raw(val, a->extent_list + i * sizeof(*val),
				   sizeof(*val));
}

static int put_extent_entry(const struct memop_args *a, unsigned int i,
			    uint64_t val)
{
	return copy_to_guest_raw(a->extent_list + i * sizeof(val), &val,
				 sizeof(val));
}

/* One extent from the heap, below a->address_bits if set. */
struct page_info *memop_alloc_extent(const struct memop_args *a, bool assign)
{
	unsigned int order = a->extent_order;
	/* Below the address limit from the start: allocating anywhere and
	 * refusing a block above it fails the guest even when low memory is
	 * free (swiotlb-xen asks from 2^18 bytes up until one works). */
	struct page_info *pg =
		alloc_domheap_pages(NULL, order, MEMF_bits(a->address_bits));

	if (!pg)
		return NULL;
	if (assign && assign_pages(a->d, pg, order)) {
		free_domheap_pages(pg, order);
		return NULL;
	}
	return pg;
}

static void log_alloc_failure(const struct memop_args *a, unsigned int i)
{
	log_printf(LOG_INFO | LOG_GUEST,
		   "d%u: memory_op: no order-%u extent for d%u (%u of %u)\n",
		   current->domain->domain_id, a->extent_order, a->d->domain_id,
		   i, a->nr_extents);
}

void memop_increase_reservation(struct memop_args *a)
{
	unsigned int i;

	if (a->extent_list &&
	    !extent_range_ok(a->extent_list, a->nr_done, a->nr_extents - 1))
		return;
	if (a->extent_order > memop_max_order(current->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		struct page_info *pg;

		if (i != a->nr_done && hypercall_preempt_check()) {
			a->preempted = true;
			break;
		}
		pg = memop_alloc_extent(a, true);
		if (!pg) {
			log_alloc_failure(a, i);
			break;
		}
		/* No pfn yet: the guest gives one with MMU_MACHPHYS_UPDATE. */
		for (unsigned long j = 0; j < (1UL << a->extent_order); j++)
			m2p_set(page_to_mfn(pg + j), INVALID_M2P_ENTRY);
		if (a->extent_list &&
		    put_extent_entry(a, i, mfn_x(page_to_mfn(pg))))
			break;
	}
	a->nr_done = i;
}

void memop_populate_physmap(struct memop_args *a)
{
	struct domain *curr = current->domain;
	unsigned int i;

	if (!extent_range_ok(a->extent_list, a->nr_done, a->nr_extents - 1))
		return;
	if (a->extent_order >
	    (a->populate_on_demand ? MAX_ORDER : memop_max_order(curr)))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		struct page_info *pg;
		uint64_t gpfn;

		if (i != a->nr_done && hypercall_preempt_check()) {
			a->preempted = true;
			break;
		}
		if (get_extent_entry(a, i, &gpfn))
			break;
		if (a->populate_on_demand) {
			/* Xen refuses it for oneself and, for another PV
			 * domain, counts the extent without doing anything
			 * (populate-on-demand exists only for HVM). */
			if (a->d == curr)
				break;
			continue;
		}
		pg = memop_alloc_extent(a, true);
		if (!pg) {
			log_alloc_failure(a, i);
			break;
		}
		for (unsigned long j = 0; j < (1UL << a->extent_order); j++)
			m2p_set(page_to_mfn(pg + j), gpfn + j);
		if (put_extent_entry(a, i, mfn_x(page_to_mfn(pg))))
			break;
	}
	a->nr_done = i;
}

/*
 * Give frame @gmfn of @d back (Xen's guest_remove_page for PV, where the
 * gmfn is the MFN): -EINVAL if there is no such frame, -ENXIO if @d does
 * not own it (or it is a hypervisor page shared with @d). Otherwise drop
 * the allocation reference; the frame is freed now if that was the last
 * reference, or when the last mapping, type or pin reference goes (either
 * way through domain_free_page(), which also makes sure no TLB still maps
 * it). Dropping it twice is harmless: the second time finds it gone or
 * keeps it. The caller holds @d's page-table lock.
 */
static int remove_page(const struct domain *d, uint64_t gmfn)
{
	mfn_t mfn = _mfn(gmfn);
	struct page_info *pg;
	uint64_t c;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	c = pg->count_info;
	if (pg->owner != d || (c & PGC_xen_heap) || !(c & PGC_count_mask))
		return -ENXIO;
	if (c & PGC_allocated) {
		pg->count_info = c & ~PGC_allocated;
		put_page(pg);
	}
	return 0;
}

void memop_decrease_reservation(struct memop_args *a)
{
	unsigned int i;

	if (!extent_range_ok(a->extent_list, a->nr_done, a->nr_extents - 1) ||
	    a->extent_order > memop_max_order(current->domain))
		return;
	pt_lock(a->d);
	/* Nothing maps a frame we free while we hold the lock, and nothing
	 * mapped it since this tick: one TLB flush (the first free's) does
	 * for all of them. */
	a->d->arch.free_tick = tlb_clock_now();
	for (i = a->nr_done; i < a->nr_extents; i++) {
		uint64_t gmfn;

		if (i != a->nr_done && hypercall_preempt_check()) {
			a->preempted = true;
			break;
		}
		if (get_extent_entry(a, i, &gmfn))
			break;
		for (unsigned long j = 0; j < (1UL << a->extent_order); j++)
			if (remove_page(a->d, gmfn + j))
				goto out;
	}
out:
	a->d->arch.free_tick = 0;
	pt_unlock(a->d);
	a->nr_done = i;
}
