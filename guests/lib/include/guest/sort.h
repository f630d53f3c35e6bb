/* SPDX-License-Identifier: MIT */
/*
 * Ascending insertion sort of a few 64-bit values, for the medians of
 * timed batches in the benchmark and round-trip kernels.
 */
#ifndef GUEST_SORT_H
#define GUEST_SORT_H

#include <stdint.h>

static inline void sort_u64(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned int j;

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

#endif
