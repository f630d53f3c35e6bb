/* SPDX-License-Identifier: MIT */
/*
 * CPUID through Xen's forced-emulation prefix (ud2; .ascii "xen"), so a
 * PV kernel sees the hypervisor's PV CPUID policy rather than the raw
 * hardware leaves a plain cpuid in ring 3 would return.
 */
#ifndef GUEST_CPUID_H
#define GUEST_CPUID_H

#include <stdint.h>

struct cpuid_out {
	uint32_t a, b, c, d;
};

static inline struct cpuid_out xen_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_out r;

	__asm__ volatile(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e; cpuid"
			 : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

#endif
