/* SPDX-License-Identifier: MIT */
/*
 * Pure operations on physical memory maps (hv/common/mem-map.c): turning
 * the firmware's E820 list into a sorted, non-overlapping one, and keeping
 * a list of free RAM ranges from which reservations are cut out. No
 * allocation, no hardware: host unit tests drive it directly.
 */
#ifndef SATORI_MEM_MAP_H
#define SATORI_MEM_MAP_H

#include <satori/types.h>
#include <satori/boot-info.h>

/*
 * Sort @in, resolve overlaps (where ranges overlap, the higher type wins,
 * so reserved/ACPI/NVS/unusable always beat RAM), drop empty ranges and
 * merge neighbours of equal type. Writes at most @max_out ranges to @out.
 * @return the number of ranges written; ranges beyond @max_out are lost
 * (never happens with @max_out >= 2 * @nr_in).
 */
unsigned int mem_map_sanitise(const struct boot_mem_range *in,
			      unsigned int nr_in, struct boot_mem_range *out,
			      unsigned int max_out);

/* A half-open physical range [start, end). */
struct phys_range {
	paddr_t start, end;
};

struct range_list {
	unsigned int nr, max;
	struct phys_range *r; /* Sorted, disjoint, non-empty. */
};

/* Append [@start, @end) (must be above everything in @l). -ENOSPC if full. */
int range_list_append(struct range_list *l, paddr_t start, paddr_t end);

/* Remove [@start, @end) from @l, splitting a range if needed. -ENOSPC if
 * a split would overflow @l (nothing is removed then). */
int range_list_remove(struct range_list *l, paddr_t start, paddr_t end);

/* Total bytes in @l. */
uint64_t range_list_bytes(const struct range_list *l);

#endif
