/* SPDX-License-Identifier: MIT */
/*
 * dom0's boot options, with Xen's names and syntax, recorded at boot for
 * the dom0 builder (hv/common/dom0-options.c):
 *   dom0_mem=[min:<amt>,][max:<amt>,][<amt>]  where <amt> is <size>,
 *       <frac>% or <size>+<frac>% of host memory; a leading '-' means
 *       "all host memory but this much".
 *   dom0_max_vcpus=<n> | <min>-<max> | <min>-
 */
#ifndef SATORI_DOM0_OPTIONS_H
#define SATORI_DOM0_OPTIONS_H

#include <satori/types.h>

struct dom0_mem_amount {
	bool set;
	bool all_but;	      /* leading '-' */
	uint64_t bytes;	      /* <size> part */
	unsigned int percent; /* <frac>% part, 0-100 */
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

/*
 * The bytes @a stands for on a host with @host_bytes of memory, at most
 * @host_bytes; 0 if @a is not set.
 */
uint64_t dom0_mem_resolve(const struct dom0_mem_amount *a, uint64_t host_bytes);

/* Parse a dom0_max_vcpus= value. @return 0, or -EINVAL (@out untouched). */
int dom0_max_vcpus_parse(const char *s, struct dom0_vcpus_opt *out);

#endif
