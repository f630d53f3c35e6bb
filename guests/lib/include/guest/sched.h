/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the scheduler test kernels (guests/tests/sched/, the
 * scheduler benchmark): the time-stamp counter, and numbers passed on the
 * kernel command line as "key=value".
 */
#ifndef GUEST_SCHED_H
#define GUEST_SCHED_H

#include <guest/abi.h>

static inline uint64_t tsc_now(void)
{
	uint32_t lo, hi;

	/* lfence keeps earlier work from drifting past the read. */
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* The decimal value of "@key=" on the command line, or @fallback. */
uint64_t cmdline_uint(const char *key, uint64_t fallback);

#endif
