/* unit-sources: hv/common/page-alloc.c */
/* SPDX-License-Identifier: MIT */
/*
 * Buddy allocator: splitting and merging back to the original blocks,
 * exact free-page accounting after every operation, exhaustion, double
 * free, holes in the frame table, allocation below a frame limit and from the top, and
 * the domheap's owner/count/scrub bookkeeping.
 */
#include <satori/errno.h>
#include <satori/mm.h>

#include "check.h"
#include "host-frames.h"

#define NR_FRAMES 8192 /* 32 MiB, 16 chunks */
#define N_LARGE 300

static void snapshot(unsigned long blocks[MAX_ORDER + 1])
{
	page_alloc_free_blocks(blocks);
}

static bool same_blocks(const unsigned long a[MAX_ORDER + 1],
			const unsigned long b[MAX_ORDER + 1])
{
	return memcmp(a, b, sizeof(a[0]) * (MAX_ORDER + 1)) == 0;
}

/* One order-10 block: allocating a frame splits it into one free block of
 * each order 0..9; freeing merges it back. */
static void test_split_merge(void)
{
	unsigned long blocks[MAX_ORDER + 1];
	struct page_info *pg;

	page_alloc_add_range(_mfn(1024), 1024);
	CHECK_EQ(mm_free_pages(), 1024);
	CHECK_EQ(mm_total_pages(), 1024);
	snapshot(blocks);
	CHECK_EQ(blocks[10], 1);

	pg = alloc_heap_pages(0);
	CHECK(pg != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(pg)), 1024);
	CHECK_EQ(mm_free_pages(), 1023);
	snapshot(blocks);
	for (unsigned int o = 0; o < 10; o++)
		CHECK_EQ(blocks[o], 1);
	CHECK_EQ(blocks[10], 0);

	CHECK_EQ(free_heap_pages(pg, 0), 0);
	CHECK_EQ(mm_free_pages(), 1024);
	snapshot(blocks);
	CHECK_EQ(blocks[10], 1);
	for (unsigned int o = 0; o < 10; o++)
		CHECK_EQ(blocks[o], 0);
}

/* Allocation below a frame limit (Xen's MEMF_bits): from the single free
 * order-10 block at 1024 that test_split_merge leaves. A block above the
 * limit is never taken, even when it is the only fit; a refusal changes
 * nothing. */
static void test_below_limit(void)
{
	unsigned long blocks[MAX_ORDER + 1];
	struct page_info *a, *b, *c, *d;

	CHECK(alloc_heap_pages_below(0, 1024) == NULL);
	CHECK(alloc_heap_pages_below(6, 1024 + 63) == NULL);
	CHECK_EQ(mm_free_pages(), 1024);
	a = alloc_heap_pages_below(6, 1024 + 64);
	CHECK(a != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(a)), 1024);
	/* Left: order 6 at 1088, 7 at 1152, 8 at 1280, 9 at 1536. */
	CHECK(alloc_heap_pages_below(6, 1088 + 63) == NULL);
	CHECK_EQ(mm_free_pages(), 1024 - 64);
	b = alloc_heap_pages_below(6, 1152);
	CHECK(b != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(b)), 1088);
	/* Order 7 at 1152 ends one frame past 1279; nothing else fits. */
	CHECK(alloc_heap_pages_below(7, 1152 + 127) == NULL);
	c = alloc_heap_pages_below(7, 1536);
	CHECK(c != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(c)), 1152);
	/* Domheap: MEMF_bits(n) means below 2^n bytes, 2^(n-12) frames. */
	CHECK(alloc_domheap_pages(NULL, 0, MEMF_bits(22)) == NULL);
	CHECK(alloc_domheap_pages(NULL, 0, MEMF_bits(12)) == NULL);
	CHECK(alloc_domheap_pages(NULL, 0, 1) == NULL);
	d = alloc_domheap_pages(NULL, 3, MEMF_bits(23));
	CHECK(d != NULL);
	CHECK(d && mfn_x(page_to_mfn(d)) + 8 <= 2048);
	CHECK_EQ(mm_free_pages(), 1024 - 64 - 64 - 128 - 8);
	CHECK_EQ(free_heap_pages(a, 6), 0);
	CHECK_EQ(free_heap_pages(b, 6), 0);
	CHECK_EQ(free_heap_pages(c, 7), 0);
	if (d)
		free_domheap_pages(d, 3);
	CHECK_EQ(mm_free_pages(), 1024);
	snapshot(blocks);
	CHECK_EQ(blocks[10], 1);
}

/* The highest free frames: the top of the highest free block; the rest
 * of the block goes back and merges when freed. */
static void test_high(void)
{
	unsigned long blocks[MAX_ORDER + 1];
	struct page_info *a, *b, *c;

	a = alloc_heap_pages_high(0);
	CHECK(a != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(a)), 2047);
	b = alloc_heap_pages_high(3);
	CHECK(b != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(b)), 2032);
	c = alloc_domheap_pages(NULL, 9, MEMF_high);
	CHECK(c != NULL);
	CHECK_EQ(mfn_x(page_to_mfn(c)), 1024);
	CHECK(alloc_domheap_pages(NULL, 0, MEMF_high | MEMF_bits(30)) == NULL);
	CHECK(alloc_heap_pages_high(MAX_ORDER + 1) == NULL);
	CHECK_EQ(mm_free_pages(), 1024 - 1 - 8 - 512);
	CHECK_EQ(free_heap_pages(a, 0), 0);
	CHECK_EQ(free_heap_pages(b, 3), 0);
	if (c)
		free_domheap_pages(c, 9);
	snapshot(blocks);
	CHECK_EQ(blocks[10], 1);
	CHECK_EQ(mm_free_pages(), 1024);
}

/* Blocks come back naturally aligned and distinct; freeing in a scrambled
 * order coalesces to the original state. */
static void test_random_coalesce(unsigned int n)
{
	enum { N = 300 };
	struct page_info *pgs[N];
	unsigned int orders[N];
	unsigned long before[MAX_ORDER + 1], after[MAX_ORDER + 1];
	unsigned long free0 = mm_free_pages(), used = 0;

	snapshot(before);
	srand(42);
	for (unsigned int i = 0; i < n; i++) {
		orders[i] = rand() % 4;
		pgs[i] = alloc_heap_pages(orders[i]);
		CHECK(pgs[i] != NULL);
		if (!pgs[i])
			continue;
		used += 1UL << orders[i];
		CHECK_EQ(mfn_x(page_to_mfn(pgs[i])) & ((1UL << orders[i]) - 1),
			 0);
		CHECK_EQ(mm_free_pages(), free0 - used);
		for (unsigned int j = 0; j < i; j++)
			CHECK(pgs[j] != pgs[i]);
	}
	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = (k * 7919) % n; /* 7919 is prime to n. */

		if (!pgs[i])
			continue;
		CHECK_EQ(free_heap_pages(pgs[i], orders[i]), 0);
		used -= 1UL << orders[i];
		CHECK_EQ(mm_free_pages(), free0 - used);
	}
	snapshot(after);
	CHECK(same_blocks(before, after));
}

static void test_exhaustion_and_double_free(void)
{
	unsigned long free0 = mm_free_pages(), n = 0;
	struct page_info **all = calloc(free0 + 1, sizeof(*all));
	unsigned int errors0 = host_log_errors;

	while ((all[n] = alloc_heap_pages(0)) != NULL)
		n++;
	CHECK_EQ(n, free0);
	CHECK_EQ(mm_free_pages(), 0);
	CHECK(alloc_heap_pages(0) == NULL);
	CHECK(alloc_xenheap_pages(3) == NULL);
	CHECK(alloc_domheap_pages(NULL, 0, 0) == NULL);
	CHECK(alloc_heap_pages(MAX_ORDER + 1) == NULL);

	CHECK_EQ(free_heap_pages(all[0], 0), 0);
	CHECK_EQ(free_heap_pages(all[0], 0), -EINVAL); /* Double free. */
	CHECK_EQ(host_log_errors, errors0 + 1);
	CHECK_EQ(mm_free_pages(), 1);
	CHECK_EQ(free_heap_pages(all[1], 3), -EINVAL); /* Misaligned. */
	/* Inside a free block, not its head: the frames of all[1]'s aligned
	 * quad merge into one free block once freed, and then freeing any
	 * of them again is a double free. */
	{
		unsigned long m = mfn_x(page_to_mfn(all[1])) & ~3UL;
		unsigned long quad[4], nq = 0;

		for (unsigned long i = 1; i < n; i++) {
			unsigned long mi = mfn_x(page_to_mfn(all[i]));

			if (mi >= m && mi < m + 4) {
				CHECK_EQ(free_heap_pages(all[i], 0), 0);
				all[i] = NULL;
				quad[nq++] = mi;
			}
		}
		CHECK_EQ(mm_free_pages(), 1 + nq);
		for (unsigned long k = 0; k < nq; k++)
			CHECK_EQ(free_heap_pages(mfn_to_page(_mfn(quad[k])), 0),
				 -EINVAL);
		CHECK_EQ(mm_free_pages(), 1 + nq);
	}
	for (unsigned long i = 1; i < n; i++)
		if (all[i])
			CHECK_EQ(free_heap_pages(all[i], 0), 0);
	CHECK_EQ(mm_free_pages(), free0);
	free(all);
}

struct domain {
	int id;
};

static void test_domheap(void)
{
	struct domain dom = { 7 };
	unsigned long free0 = mm_free_pages();
	struct page_info *pg = alloc_domheap_pages(&dom, 2, 0);
	const uint8_t *mem;
	bool zero = true;

	CHECK(pg != NULL);
	if (!pg)
		return;
	CHECK_EQ(mm_free_pages(), free0 - 4);
	mem = page_to_virt(pg);
	for (unsigned int i = 0; i < 4 * PAGE_SIZE; i++)
		zero = zero && mem[i] == 0;
	CHECK(zero); /* Memory started as 0xa5: scrubbed. */
	for (unsigned int i = 0; i < 4; i++) {
		CHECK(pg[i].owner == &dom);
		CHECK_EQ(pg[i].count_info, PGC_allocated | 1);
		CHECK_EQ(pg[i].u.type_info & PGT_type_mask, PGT_none);
	}
	CHECK(alloc_domheap_pages(&dom, 0, 1) == NULL); /* memflags. */
	free_domheap_pages(pg, 2);
	CHECK_EQ(mm_free_pages(), free0);
	for (unsigned int i = 0; i < 4; i++)
		CHECK(pg[i].owner == NULL);
}

static void test_xenheap(void)
{
	unsigned long free0 = mm_free_pages();
	uint8_t *va = alloc_xenheap_pages(1);

	CHECK(va != NULL);
	CHECK_EQ((va - host_phys_base) % (2 * PAGE_SIZE), 0);
	CHECK(virt_to_page(va)->count_info & PGC_xen_heap);
	CHECK_EQ(mm_free_pages(), free0 - 2);
	free_xenheap_pages(va, 1);
	free_xenheap_pages(NULL, 1);
	CHECK_EQ(mm_free_pages(), free0);
	va = alloc_xenheap_pages_zeroed(0);
	CHECK(va && va[0] == 0 && va[PAGE_SIZE - 1] == 0);
	free_xenheap_pages(va, 0);
}

/* Frames 2048-2559 (chunk 4) have no page_info: the blocks on both sides
 * must never merge across it. */
static void test_hole(void)
{
	unsigned long blocks[MAX_ORDER + 1];
	unsigned long before = mm_free_pages();

	page_alloc_add_range(_mfn(2560), 8192 - 2560);
	page_alloc_add_range(_mfn(1), 1023);
	CHECK_EQ(mm_free_pages(), before + (8192 - 2560) + 1023);
	CHECK_EQ(mm_total_pages(), 1024 + (8192 - 2560) + 1023);
	snapshot(blocks);
	/* 1-1023 and 1024-2047 cannot form order 11 (frame 0 is not ours). */
	CHECK_EQ(blocks[11], 0);
	/* 2560-8191: 2560 (o9), 3072 (o10), 4096 (o12). */
	CHECK_EQ(blocks[12], 1);
	CHECK(blocks[13] == 0);
}

int main(void)
{
	host_frames_init(NR_FRAMES);
	host_frames_unback_chunk(4);
	test_split_merge();
	test_below_limit();
	test_high();
	test_random_coalesce(150); /* ~560 of 1024 frames */
	test_exhaustion_and_double_free();
	test_domheap();
	test_xenheap();
	test_hole();
	test_random_coalesce(N_LARGE);
	test_exhaustion_and_double_free();
	return check_summary("test-page-alloc");
}
