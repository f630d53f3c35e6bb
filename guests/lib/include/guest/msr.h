/* SPDX-License-Identifier: MIT */
/*
 * RDMSR and WRMSR from a test kernel that resume after a fault (with the
 * test's trap table installed): the hypervisor emulates both for a PV
 * kernel, and the tests check which MSRs it refuses with #GP.
 */
#ifndef GUEST_MSR_H
#define GUEST_MSR_H

#include <stdint.h>

#include <guest/traps.h>

/* The value read (0 after a fault); trap_last records any fault. */
static inline uint64_t rdmsr_safe(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	__asm__ volatile("1: rdmsr\n2:\n\t" EXTABLE(1b, 2b)
			 : "+a"(lo), "+d"(hi)
			 : "c"(msr)
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr_safe(uint32_t msr, uint64_t val)
{
	__asm__ volatile("1: wrmsr\n2:\n\t" EXTABLE(1b, 2b)::"c"(msr),
			 "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
}

/* Read @msr into *@v: the vector of the exception it raised, ~0 if none
 * (trap_reset() first). */
static inline uint64_t rdmsr_checked(uint32_t msr, uint64_t *v)
{
	trap_reset();
	*v = rdmsr_safe(msr);
	return trap_last.frame.vector;
}

/* Write @v to @msr: the vector of the exception it raised, ~0 if none. */
static inline uint64_t wrmsr_checked(uint32_t msr, uint64_t v)
{
	trap_reset();
	wrmsr_safe(msr, v);
	return trap_last.frame.vector;
}

#endif
