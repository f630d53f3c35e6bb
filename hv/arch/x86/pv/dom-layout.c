/* SPDX-License-Identifier: MIT */
/*
 * The bootstrap region layout (pv-abi 1.5 and 1.6). Every piece starts on
 * a page boundary; the page-table count and v_end depend on each other,
 * so the count starts at 2 and grows until one L4 plus the L3, L2 and L1
 * pages covering [v_start, v_end) fit, as Xen's dom0 builder does.
 */
#include <satori/errno.h>

#include "dom-layout.h"

#define LAYOUT_PAGE 4096ULL
#define REGION_ALIGN (4ULL << 20)   /* v_end is rounded to 4 MiB... */
#define REGION_SLACK (512ULL << 10) /* ...leaving at least 512 KiB. */

static uint64_t page_up(uint64_t x)
{
	return (x + LAYOUT_PAGE - 1) & ~(LAYOUT_PAGE - 1);
}

unsigned long pv_layout_nr_tables(uint64_t lo, uint64_t hi, unsigned int shift)
{
	uint64_t size = 1ULL << shift;
	uint64_t top = (hi + size - 1) & ~(size - 1);

	/* hi may be 0 after wrapping at the top of the address space: the
	 * rounded top is then 2^64, which unsigned arithmetic handles. */
	return (unsigned long)((top - (lo & ~(size - 1))) >> shift);
}

/* Place everything up to the page tables; false on overflow. */
static bool layout_fixed_part(const struct pv_layout_in *in,
			      struct pv_layout *l)
{
	uint64_t p2m_bytes = in->p2m_outside ? 0 : in->nr_pages * 8;
	uint64_t next;

	l->kstart = in->kstart;
	l->kend = in->kend;
	l->initrd_start = page_up(in->kend);
	l->initrd_end =
		l->initrd_start + (in->initrd_unmapped ? 0 : in->initrd_len);
	l->p2m_start = page_up(l->initrd_end);
	l->p2m_end = l->p2m_start + p2m_bytes;
	l->start_info = page_up(l->p2m_end);
	next = page_up(l->start_info + in->start_info_bytes);
	if (in->domu) {
		l->xenstore = next;
		l->console = next + LAYOUT_PAGE;
		next += 2 * LAYOUT_PAGE;
	}
	l->pt_start = next;
	return l->initrd_start >= in->kend &&
	       l->initrd_end >= l->initrd_start && l->p2m_end >= l->p2m_start &&
	       next > l->start_info && in->nr_pages < (1ULL << 52);
}

/* v_end for @nr_pt page-table frames; false on overflow. */
static bool layout_tail(struct pv_layout *l, unsigned long nr_pt)
{
	l->nr_pt_frames = nr_pt;
	l->stack_start = l->pt_start + nr_pt * LAYOUT_PAGE;
	l->stack_end = l->stack_start + LAYOUT_PAGE;
	l->v_end = (l->stack_end + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1);
	if (l->v_end - l->stack_end < REGION_SLACK)
		l->v_end += REGION_ALIGN;
	return l->stack_start > l->pt_start && l->v_end > l->stack_end;
}

static bool canonical(uint64_t va)
{
	/* Bits 63-47 all equal. */
	return (va >> 47) == 0 || (va >> 47) == 0x1ffff;
}

int pv_layout_compute(const struct pv_layout_in *in, struct pv_layout *out)
{
	struct pv_layout l = { 0 };
	unsigned long nr_pt;

	/* Everything below walks [v_start, v_end) page by page. */
	if ((in->v_start & (LAYOUT_PAGE - 1)) || in->kend < in->kstart ||
	    in->kstart < in->v_start || !layout_fixed_part(in, &l))
		return -ERANGE;
	for (nr_pt = 2;; nr_pt++) {
		if (!layout_tail(&l, nr_pt) || nr_pt > (1UL << 20))
			return -ERANGE;
		l.nr_l3 = pv_layout_nr_tables(in->v_start, l.v_end, 39);
		l.nr_l2 = pv_layout_nr_tables(in->v_start, l.v_end, 30);
		l.nr_l1 = pv_layout_nr_tables(in->v_start, l.v_end, 21);
		if (1 + l.nr_l3 + l.nr_l2 + l.nr_l1 <= nr_pt)
			break;
	}
	/* The region must not straddle the non-canonical hole. */
	if (!canonical(in->v_start) || !canonical(l.v_end - 1) ||
	    (in->v_start < 0x0000800000000000ULL) !=
		    (l.v_end - 1 < 0x0000800000000000ULL))
		return -ERANGE;
	l.region_pages = (unsigned long)((l.v_end - in->v_start) / LAYOUT_PAGE);
	l.initrd_pfn = l.region_pages;
	l.pages_needed = l.region_pages;
	if (in->initrd_unmapped)
		l.pages_needed +=
			(unsigned long)(page_up(in->initrd_len) / LAYOUT_PAGE);
	*out = l;
	return 0;
}
