/* SPDX-License-Identifier: MIT */
/*
 * The control domain's machine memory map: the host E820 with the frames
 * it may not map, where they fall into holes, listed as reserved (Xen's
 * XENMEM_machine_memory_map walks its iomem permissions the same way).
 * Holes and ranges are in frames; host entries are copied byte-exact.
 */
#include <satori/machine-map.h>

#define PFN_SHIFT 12
#define PFN_DOWN(a) ((a) >> PFN_SHIFT)
#define PFN_UP(a) (((a) + (1ULL << PFN_SHIFT) - 1) >> PFN_SHIFT)

unsigned int pfn_ranges_normalise(struct pfn_range *r, unsigned int nr)
{
	unsigned int out = 0;

	/* Insertion sort: a handful of ranges (LAPIC, IO-APICs, MSI). */
	for (unsigned int i = 1; i < nr; i++) {
		struct pfn_range v = r[i];
		unsigned int j = i;

		for (; j && r[j - 1].first > v.first; j--)
			r[j] = r[j - 1];
		r[j] = v;
	}
	for (unsigned int i = 0; i < nr; i++) {
		if (out && r[i].first <= r[out - 1].last + 1) {
			if (r[i].last > r[out - 1].last)
				r[out - 1].last = r[i].last;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

struct map_out {
	struct boot_mem_range *out;
	unsigned int max, n;
};

static void put(struct map_out *m, uint64_t start, uint64_t len, uint32_t type)
{
	if (m->n < m->max)
		m->out[m->n] = (struct boot_mem_range){ start, len, type };
	m->n++;
}

/* The denied runs within the hole [@first, @end) (@end exclusive, ~0 for
 * the space above the last host range). */
static void put_hole(struct map_out *m, uint64_t first, uint64_t end,
		     const struct pfn_range *denied, unsigned int nr_denied,
		     uint64_t pfn_limit)
{
	for (unsigned int i = 0; i < nr_denied; i++) {
		uint64_t a = denied[i].first > first ? denied[i].first : first;
		uint64_t z =
			denied[i].last < end - 1 ? denied[i].last : end - 1;

		if (a > z || first >= end)
			continue;
		/* The frame after the run: the next permitted one, unless
		 * the run reaches the limit (then nothing follows). */
		if (z + 1 >= pfn_limit)
			continue;
		put(m, a << PFN_SHIFT, (z - a + 1) << PFN_SHIFT, E820_RESERVED);
	}
}

unsigned int machine_map_build(const struct boot_mem_range *host,
			       unsigned int nr_host,
			       const struct pfn_range *denied,
			       unsigned int nr_denied, uint64_t pfn_limit,
			       struct boot_mem_range *out, unsigned int max)
{
	struct map_out m = { out, max, 0 };
	uint64_t next = 0; /* First frame after the previous host range. */

	for (unsigned int i = 0; i < nr_host; i++) {
		uint64_t s = PFN_DOWN(host[i].start);

		if (s > next)
			put_hole(&m, next, s, denied, nr_denied, pfn_limit);
		put(&m, host[i].start, host[i].len, host[i].type);
		next = PFN_UP(host[i].start + host[i].len);
	}
	if (nr_host)
		put_hole(&m, next, ~0ULL, denied, nr_denied, pfn_limit);
	return m.n;
}
