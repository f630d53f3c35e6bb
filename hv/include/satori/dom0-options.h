/* SPDX-License-Identifier: MIT */
/*
 * dom0's boot options, with Xen's names and syntax, recorded at boot for
 * the dom0 builder (hv/common/dom0-options.c):
 *   dom0_mem=[min:<amt>,][max:<amt>,][<amt>]  where <amt> is <size>,
 *       <frac>% or <size>+<frac>% (frac < 100) of the memory available
 *       to dom0; a leading '-' means "all of that but this much".
 *   dom0_max_vcpus=<n> | <min>-<max> | <min>-
 */
#ifndef SATORI_DOM0_OPTIONS_H
#define SATORI_DOM0_OPTIONS_H

#include <satori/types.h>

struct dom0_mem_amount {
	bool set;
	bool all_but;	      /* leading '-' */
	uint64_t bytes;	      /* <size> part */
	unsigned int percent; /* <frac>% part, 0-99 */
};

struct dom0_mem_opt {
	struct dom0_mem_amount amount, min, max;
};

struct dom0_vcpus_opt {
	unsigned int min, max; /* defaults 1 and UINT32_MAX (= all CPUs) */
};

extern struct dom0_mem_opt opt_dom0_mem;
extern struct dom0_vcpus_opt opt_dom0_max_vcpus;

/* Parse a dom0_mem= value. @return 0, or -EINVAL (@out untouched). */
int dom0_mem_parse(const char *s, struct dom0_mem_opt *out);

/* Xen's cap on what dom0 leaves free by default. */
#define DOM0_RESERVE_MAX_PAGES (128UL << (20 - 12))

/*
 * dom0's initial pages from @o, with @avail pages free for it, as Xen's
 * dom0_compute_nr_pages: the amount (unset or 0: all of @avail but 1/16,
 * at most 128 MiB), percentages and '-' relative to @avail, raised to
 * min:, then lowered to max: (max: wins), at most @avail. *@max_pages:
 * max:'s amount, or UINT32_MAX pages without one (Xen's d->max_pages).
 */
unsigned long dom0_mem_pages(const struct dom0_mem_opt *o, unsigned long avail,
			     unsigned long *max_pages);

/* Parse a dom0_max_vcpus= value. @return 0, or -EINVAL (@out untouched). */
int dom0_max_vcpus_parse(const char *s, struct dom0_vcpus_opt *out);

#endif
