/* SPDX-License-Identifier: MIT */
/*
 * Boot-time domains from the hypervisor command line (docs/command-line.md):
 *   bootdom=name:<name>,mem:<size>,kernel:<module#>[,vcpus:<n>]
 *           [,ramdisk:<module#>][,maxmem:<size>][,priv][,weight:<n>][,cap:<pct>]
 *           [,warp:<ms>][,warpl:<ms>][,warpu:<ms>][,cpus:<a>[-<b>]]
 * repeated once per domain, and dom0=none to build no dom0. Module
 * numbers count from 1 as the boot loader lists them.
 */
#ifndef SATORI_BOOTDOM_H
#define SATORI_BOOTDOM_H

#include <satori/types.h>

#define BOOTDOM_MAX 16
#define BOOTDOM_NAME_MAX 32

struct bootdom_opt {
	char name[BOOTDOM_NAME_MAX];
	uint64_t mem_bytes;
	uint64_t maxmem_bytes;	  /* Balloon limit; 0: mem_bytes. */
	unsigned int vcpus;	  /* Default 1. */
	unsigned int kernel_mod;  /* 1-based. */
	unsigned int ramdisk_mod; /* 1-based; 0: none. */
	bool priv;
	/* Scheduling (0: the default): weight, cap in % of a pCPU, BVT's
	 * warp W, limit L and unwarp time U in ms, hard affinity as a CPU
	 * bitmap (0: every CPU). */
	unsigned int weight, cap;
	unsigned int warp_ms, warpl_ms, warpu_ms;
	uint64_t cpus;
};

extern struct bootdom_opt opt_bootdoms[BOOTDOM_MAX];
extern unsigned int opt_nr_bootdoms;
extern bool opt_dom0_none;

/*
 * Parse one bootdom= value into @out. @return 0, or -EINVAL with *@why
 * naming the problem (@out is then unspecified).
 */
int bootdom_parse(const char *s, struct bootdom_opt *out, const char **why);

/* The bootdom= handler: parse @s and append it to opt_bootdoms, or report
 * why not and skip it. @return 0 or -EINVAL. */
int bootdom_param_add(const char *s);

struct domain;

/* Apply @o's scheduling items to @d, built and still paused (reports a
 * value the scheduler refuses and keeps the default). */
void bootdom_apply_sched(struct domain *d, const struct bootdom_opt *o);

/* The dom0= handler: "none" (build no dom0) or "pv". @return 0, -EINVAL. */
int dom0_param_parse(const char *s);

#endif
