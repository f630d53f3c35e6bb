/* SPDX-License-Identifier: MIT */
/*
 * E820 sanitising and free-range bookkeeping for boot.
 *
 * Firmware memory maps may be unsorted and overlapping. We cut the address
 * space at every range boundary, give each elementary piece the strongest
 * type of the ranges covering it (RAM is the weakest, so a reserved range
 * always wins over RAM), and merge equal neighbours. Maps have at most a
 * few hundred entries, so the quadratic scan is cheaper than clever code.
 */
#include <satori/mem-map.h>
#include <satori/errno.h>

static void sort_points(uint64_t *p, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint64_t v = p[i];
		unsigned int j = i;

		for (; j > 0 && p[j - 1] > v; j--)
			p[j] = p[j - 1];
		p[j] = v;
	}
}

/* The strongest type covering [@s, @e), or 0 if nothing covers it. */
static uint32_t piece_type(const struct boot_mem_range *in, unsigned int nr,
			   uint64_t s, uint64_t e)
{
	uint32_t type = 0;

	for (unsigned int i = 0; i < nr; i++) {
		uint64_t rs = in[i].start, re = in[i].start + in[i].len;

		if (rs <= s && e <= re && in[i].type > type)
			type = in[i].type;
	}
	return type;
}

unsigned int mem_map_sanitise(const struct boot_mem_range *in,
			      unsigned int nr_in, struct boot_mem_range *out,
			      unsigned int max_out)
{
	uint64_t points[2 * BOOT_MAX_MEM_RANGES];
	unsigned int np = 0, nr_out = 0;

	for (unsigned int i = 0; i < nr_in && i < BOOT_MAX_MEM_RANGES; i++) {
		/* Clip ranges that wrap the 64-bit space. */
		uint64_t end = in[i].start + in[i].len;

		if (in[i].len == 0 || in[i].type == 0 || end < in[i].start)
			continue;
		points[np++] = in[i].start;
		points[np++] = end;
	}
	sort_points(points, np);
	for (unsigned int i = 0; i + 1 < np; i++) {
		uint64_t s = points[i], e = points[i + 1];
		uint32_t type;

		if (s == e)
			continue;
		type = piece_type(in, nr_in, s, e);
		if (!type)
			continue;
		if (nr_out && out[nr_out - 1].type == type &&
		    out[nr_out - 1].start + out[nr_out - 1].len == s) {
			out[nr_out - 1].len += e - s;
			continue;
		}
		if (nr_out == max_out)
			break;
		out[nr_out++] = (struct boot_mem_range){ s, e - s, type };
	}
	return nr_out;
}

int range_list_append(struct range_list *l, paddr_t start, paddr_t end)
{
	if (start >= end)
		return 0;
	if (l->nr && l->r[l->nr - 1].end == start) {
		l->r[l->nr - 1].end = end;
		return 0;
	}
	if (l->nr == l->max)
		return -ENOSPC;
	l->r[l->nr++] = (struct phys_range){ start, end };
	return 0;
}

int range_list_remove(struct range_list *l, paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < l->nr && start < end; i++) {
		struct phys_range *r = &l->r[i];

		if (r->end <= start || end <= r->start)
			continue;
		if (r->start < start && end < r->end) {
			/* Punch a hole: split into two. */
			if (l->nr == l->max)
				return -ENOSPC;
			for (unsigned int j = l->nr; j > i + 1; j--)
				l->r[j] = l->r[j - 1];
			l->r[i + 1] = (struct phys_range){ end, r->end };
			r->end = start;
			l->nr++;
			return 0;
		}
		if (start <= r->start)
			r->start = MIN(end, r->end);
		else
			r->end = start;
		if (r->start >= r->end) {
			for (unsigned int j = i; j + 1 < l->nr; j++)
				l->r[j] = l->r[j + 1];
			l->nr--;
			i--;
		}
	}
	return 0;
}

uint64_t range_list_bytes(const struct range_list *l)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < l->nr; i++)
		sum += l->r[i].end - l->r[i].start;
	return sum;
}
