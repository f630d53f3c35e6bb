/* unit-sources: hv/common/xmalloc.c hv/common/page-alloc.c */
/* SPDX-License-Identifier: MIT */
/*
 * xmalloc over the real page allocator: size classes and alignment, reuse
 * after free, large allocations, overflow checks, accounting, and NULL on
 * exhaustion.
 */
#include <satori/mm.h>
#include <satori/xmalloc.h>

#include "check.h"
#include "host-frames.h"

#define NR_FRAMES 1024

static void test_classes(void)
{
	struct xmalloc_stats st;
	void *a = xmalloc_bytes(1), *b = xmalloc_bytes(16), *c;
	void *big;

	CHECK(a && b && a != b);
	CHECK_EQ((uintptr_t)a % 16, 0);
	c = xmalloc_bytes(100); /* Class 128. */
	CHECK(c != NULL);
	CHECK_EQ((uintptr_t)c % 128, 0);
	memset(c, 0x5a, 100);
	xmalloc_get_stats(&st);
	CHECK_EQ(st.nr_live, 3);
	CHECK_EQ(st.bytes_in_use, 16 + 16 + 128);
	xfree(c);
	CHECK(xmalloc_bytes(128) == c); /* LIFO reuse of the freed object. */
	xfree(c);
	big = xzalloc_bytes(3 * 4096 + 1); /* Order 2. */
	CHECK(big != NULL);
	CHECK_EQ((uintptr_t)big % 4096, 0);
	CHECK(((uint8_t *)big)[3 * 4096] == 0);
	xmalloc_get_stats(&st);
	CHECK_EQ(st.pages_large, 4);
	xfree(big);
	xfree(a);
	xfree(b);
	xfree(NULL);
	xmalloc_get_stats(&st);
	CHECK_EQ(st.nr_live, 0);
	CHECK_EQ(st.bytes_in_use, 0);
	CHECK_EQ(st.pages_large, 0);
}

static void test_zero_and_overflow(void)
{
	uint8_t *p = xzalloc_bytes(2048);
	bool zero = p != NULL;

	for (unsigned int i = 0; p && i < 2048; i++)
		zero = zero && p[i] == 0;
	CHECK(zero); /* Backing memory starts as 0xa5. */
	CHECK_EQ((uintptr_t)p % 2048, 0);
	xfree(p);
	CHECK(xmalloc_array(uint64_t, SIZE_MAX / 8 + 1) == NULL);
	CHECK(xzalloc_array(uint32_t, SIZE_MAX / 2) == NULL);
	CHECK(xmalloc_bytes((size_t)4096 << (MAX_ORDER + 1)) == NULL);
	p = (uint8_t *)xzalloc_array(uint32_t, 10);
	CHECK(p != NULL);
	xfree(p);
}

static void test_exhaustion(void)
{
	unsigned long n = 0;
	void **objs = calloc(NR_FRAMES * 2, sizeof(*objs));
	struct xmalloc_stats st;

	while (n < NR_FRAMES * 2 && (objs[n] = xmalloc_bytes(2048)) != NULL)
		n++;
	CHECK(n < NR_FRAMES * 2);
	CHECK_EQ(mm_free_pages(), 0);
	CHECK(xmalloc_bytes(5000) == NULL);
	while (n)
		xfree(objs[--n]);
	xmalloc_get_stats(&st);
	CHECK_EQ(st.nr_live, 0);
	free(objs);
}

int main(void)
{
	host_frames_init(NR_FRAMES);
	page_alloc_add_range(_mfn(1), NR_FRAMES - 1);
	test_classes();
	test_zero_and_overflow();
	test_exhaustion();
	return check_summary("test-xmalloc");
}
