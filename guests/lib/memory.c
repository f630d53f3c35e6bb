/* SPDX-License-Identifier: MIT */
/*
 * memory_op wrappers and a read-only page-table walk for memory tests.
 * The walk works in the bootstrap layout only: table frames are found
 * through the M2P and reached at their pseudo-physical address.
 */
#include <guest/hypercall.h>
#include <guest/memory.h>
#include <guest/test.h>

long mem_reservation(unsigned int op, xen_pfn_t *list, uint64_t nr,
		     unsigned int order, unsigned int flags, uint16_t domid)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr,
		.extent_order = order,
		.mem_flags = flags,
		.domid = domid,
	};

	set_xen_guest_handle(r.extent_start, list);
	return hc_memory_op(op, &r);
}

long mem_domain_query(unsigned int op, uint16_t domid)
{
	struct xen_memory_domain d = { .domid = domid };

	return hc_memory_op(op, &d);
}

/* The table an entry points to, at its pseudo-physical address. */
static const volatile uint64_t *table_of(uint64_t pte)
{
	uint64_t pfn;

	if (!(pte & PTE_PRESENT))
		return 0;
	pfn = m2p_table()[(pte & PTE_ADDR_MASK) >> 12];
	return (const volatile uint64_t *)(pfn << 12);
}

const volatile uint64_t *l1_entry_of(uint64_t va)
{
	const volatile uint64_t *t =
		(const volatile uint64_t *)start_info->pt_base;

	for (unsigned int shift = 39; shift > 12; shift -= 9) {
		t = table_of(t[(va >> shift) & 511]);
		if (!t)
			return 0;
	}
	return &t[(va >> 12) & 511];
}
