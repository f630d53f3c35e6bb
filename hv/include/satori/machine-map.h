/* SPDX-License-Identifier: MIT */
/*
 * The machine memory map the control domain gets from
 * XENMEM_machine_memory_map, built as Xen 4.17 builds it: the host E820
 * as it is, plus a reserved entry for every run of frames in the holes
 * between its ranges that the domain may not map (IO-APICs, the MSI
 * window), so that Linux dom0 keeps its own resources clear of them. Pure
 * logic (hv/common/memory/machine-map.c), host unit-tested.
 */
#ifndef SATORI_MACHINE_MAP_H
#define SATORI_MACHINE_MAP_H

#include <satori/boot-info.h>
#include <satori/types.h>

/* The frames [first, last], both inclusive. */
struct pfn_range {
	uint64_t first, last;
};

/*
 * Sort @r[0..@nr) by first frame and merge overlapping or adjacent
 * ranges in place. @return the number of ranges left.
 */
unsigned int pfn_ranges_normalise(struct pfn_range *r, unsigned int nr);

/*
 * The map for a domain denied the frames in @denied (normalised) and
 * everything from @pfn_limit (the first frame past the physical address
 * width) up, over the sorted, disjoint host map @host[0..@nr_host): each
 * host range in order, and before it, for the hole in front of it, a
 * reserved entry per denied run in the hole, page-granular. A run is
 * listed only if the frame after it lies below @pfn_limit (Xen leaves out
 * the denied space that runs into the top of the address space).
 * Entries go to @out while fewer than @max have been written.
 * @return how many entries the whole map has (may exceed @max).
 */
unsigned int machine_map_build(const struct boot_mem_range *host,
			       unsigned int nr_host,
			       const struct pfn_range *denied,
			       unsigned int nr_denied, uint64_t pfn_limit,
			       struct boot_mem_range *out, unsigned int max);

#endif
