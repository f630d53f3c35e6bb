/* SPDX-License-Identifier: MIT */
/*
 * The 64-bit PV domain builder (hv/arch/x86/pv/dom-build.c): from a kernel
 * image in memory, a domain whose vCPU 0 is ready for its first guest
 * instruction, laid out as Xen's dom0_construct() does (pv-abi 1.5-1.9).
 */
#ifndef ASM_X86_PV_BUILD_H
#define ASM_X86_PV_BUILD_H

#include <satori/domain.h>
#include <satori/types.h>

struct pv_build_args {
	domid_t domid;
	const char *name;
	unsigned long nr_pages;	 /* Memory, in 4 KiB frames. */
	unsigned long max_pages; /* Limit for ballooning; below nr_pages:
				  * nr_pages. */
	unsigned int max_vcpus;
	bool privileged;
	bool initdomain;    /* dom0: SIF_INITDOMAIN, no ring pages. */
	const void *kernel; /* Raw ELF64 image. */
	size_t kernel_len;
	const void *initrd; /* NULL: none. */
	size_t initrd_len;
	const char *cmdline; /* Guest kernel command line (may be NULL). */
};

/*
 * Build the domain described by @a. On success *@out is the domain,
 * paused, with its creation reference, and its layout has been printed.
 * On failure nothing is left behind (the domain and all its memory are
 * returned), a reason has been printed, and the result is -ENOEXEC
 * (unusable image), -EINVAL (bad layout), -ENOMEM or -EEXIST.
 */
int pv_build_domain(const struct pv_build_args *a, struct domain **out);

/*
 * Walk @d's bootstrap page tables and the frame table and report every
 * inconsistency (types, counts, read-only page-table mappings, M2P
 * entries, hypervisor slots) on the console. @return how many.
 */
unsigned int pv_check_domain(struct domain *d);

/*
 * Run the frame-type core's checker (pt_check_frames) over the MFN range
 * of @d's frames, counting each vCPU's base pointers as references.
 * Reports problems on the console; @return how many.
 */
unsigned int pv_check_page_types(struct domain *d);
/* The same without the summary line (ptcheck=): the caller holds
 * d's page-table lock. *@dying_refs: how many references on @d's frames
 * the check found in dying domains' L1 tables (grant mappings whose
 * release has run or will run; their tables go last). */
unsigned int pv_check_page_types_quiet(struct domain *d,
				       unsigned long *dying_refs);

/*
 * Set up the M2P, build dom0 (unless dom0=none) and every bootdom= entry
 * (hv/arch/x86/pv/boot-domains.c), print how many were built and refused,
 * and unpause the built ones. Call once, after smp_boot_cpus().
 */
void boot_domains_build(void);

/* selftest=domains: kill every domain, check that all their frames came
 * back, and end the machine (status 0 if they did). */
void selftest_domains(void);

/* selftest=domcheck: corrupt the first domain's M2P and a frame type,
 * check that pv_check_domain() reports them, restore, check it is clean;
 * ends the machine (status 0 if all held). */
void selftest_domcheck(void);

#endif
