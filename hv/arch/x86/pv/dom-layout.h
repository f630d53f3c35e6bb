/* SPDX-License-Identifier: MIT */
/*
 * The bootstrap region of a 64-bit PV domain (pv-abi 1.5): where the
 * kernel, initrd, P2M list, start_info, domU ring pages, bootstrap page
 * tables and boot stack go, and how many page-table frames map it. Pure
 * arithmetic, shared by the builder and its host unit test.
 */
#ifndef PV_DOM_LAYOUT_H
#define PV_DOM_LAYOUT_H

#include <satori/types.h>

struct pv_layout_in {
	uint64_t v_start;	   /* VIRT_BASE: the region's start. */
	uint64_t kstart, kend;	   /* virt_kstart, virt_kend. */
	uint64_t nr_pages;	   /* The domain's frames (P2M length). */
	uint64_t initrd_len;	   /* Bytes; 0: none. */
	bool initrd_unmapped;	   /* MOD_START_PFN: after the region. */
	bool p2m_outside;	   /* INIT_P2M: list not in the region. */
	bool domu;		   /* xenstore + console ring pages. */
	uint64_t start_info_bytes; /* start_info (+ dom0 console info). */
};

struct pv_layout {
	uint64_t kstart, kend;
	uint64_t initrd_start, initrd_end; /* VAs when mapped, else equal. */
	uint64_t p2m_start, p2m_end;	   /* Equal when outside. */
	uint64_t start_info;
	uint64_t xenstore, console; /* domU only, else 0. */
	uint64_t pt_start;
	unsigned long nr_pt_frames;
	uint64_t stack_start, stack_end; /* RSP = stack_end. */
	uint64_t v_end;
	unsigned long region_pages; /* (v_end - v_start) / 4 KiB. */
	unsigned long initrd_pfn;   /* Unmapped initrd's first pfn. */
	unsigned long pages_needed; /* Region + unmapped initrd. */
	/* The page-table frames by level (1 L4 + L3s + L2s + L1s). */
	unsigned long nr_l3, nr_l2, nr_l1;
};

/*
 * Lay out the region as Xen's dom0 builder does, with its iterative
 * page-table count. @return 0, or -ERANGE if v_start (the image's
 * VIRT_BASE) is not page-aligned, or an address computation overflows or
 * leaves the canonical upper or lower half.
 */
int pv_layout_compute(const struct pv_layout_in *in, struct pv_layout *out);

/* Page-table pages needed at the level of @shift (1 << @shift bytes per
 * entry of the level above) to cover [@lo, @hi): Xen's NR() macro. */
unsigned long pv_layout_nr_tables(uint64_t lo, uint64_t hi, unsigned int shift);

#endif
