/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's side of same-level ("linear") page-table entries: the
 * pv-linear-pt=<bool> option (Xen's, default on) and the per-frame linear
 * counts the type core keeps (mm/page-type-linear.c), two bytes per frame
 * beside the frame table, allocated once before the first domain.
 */
#include <asm/page-type.h>

#include <satori/bug.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/param.h>

#include <asm/linear-pt.h>

boolean_param("pv-linear-pt", pt_linear_pt_enabled);

void linear_pt_init(void)
{
	size_t bytes = max_page * sizeof(*pt_linear_count);
	unsigned int order = 0;

	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	pt_linear_count = alloc_xenheap_pages_zeroed(order);
	if (!pt_linear_count)
		panic("linear-pt: no memory for %lu frame counts\n", max_page);
	pt_linear_count_frames = max_page;
	log_info("linear-pt: pv-linear-pt=%u, %lu frame counts (%zu KiB)\n",
		 pt_linear_pt_enabled, max_page,
		 ((size_t)PAGE_SIZE << order) >> 10);
}
