/* SPDX-License-Identifier: MIT */
/*
 * mem/balloon: the domain gives frames back and gets them again, and its
 * reservation follows exactly. N unmapped frames at the top of its memory
 * go (decrease_reservation), fresh ones come (increase_reservation), go
 * again, and come back at the same pfns (populate_physmap, which sets
 * their M2P entries); orders 0 and 9 (a 2 MiB extent). A new frame is
 * mapped, written and read back when update_va_mapping is available.
 * XENMEM_exchange trades 8 frames for one order-3 extent, as Linux's
 * xen_create_contiguous_region does. With a small max_pages (a satori
 * boot domain with maxmem:) the domain cannot grow past it.
 *
 * Xen's semantics, which surprise: decreasing a frame that is still in
 * use (mapped, or a page table) succeeds but only drops the allocation's
 * reference; the frame stays the domain's, counted and usable, until the
 * last reference goes. A frame already freed gives 0 extents done.
 * Refusals of a reservation op are "0 extents done", not an errno.
 *
 * With the argument "strict" (satori boot tests), also: the M2P entry of
 * a freed frame is INVALID and a new frame arrives zeroed.
 */
#include <guest/memory.h>
#include <guest/test.h>

const char test_name[] = "mem/balloon";

#define N 16
#define HV_LIST ((xen_pfn_t *)0xffff800000001000UL)
#define INVALID_M2P (~0UL)

static xen_pfn_t list[N], pfns[N];
static xen_pfn_t cap_list[4097];
static uint8_t scratch[1][4096] __attribute__((aligned(4096)));
static int strict;
static long cur0;

static long current_pages(void)
{
	return mem_domain_query(XENMEM_current_reservation, DOMID_SELF);
}

static void check_current(const char *what, long want)
{
	char buf[96];

	(void)snprintf(buf, sizeof(buf), "current_reservation %s", what);
	CHECK_EQ(buf, current_pages(), want);
}

static void pick_top_frames(void)
{
	for (unsigned int i = 0; i < N; i++) {
		const volatile uint64_t *l1;

		pfns[i] = start_info->nr_pages - 1 - i;
		list[i] = p2m_list()[pfns[i]];
		l1 = l1_entry_of(pfns[i] << 12);
		if (l1 && (*l1 & PTE_PRESENT))
			test_error("pfn %lx is mapped: not a free frame",
				   pfns[i]);
	}
}

static void check_freed(void)
{
	for (unsigned int i = 0; strict && i < N; i++)
		if (m2p_table()[list[i]] != INVALID_M2P)
			test_fail("M2P of freed mfn %lx is %lx", list[i],
				  (unsigned long)m2p_table()[list[i]]);
}

/* Map @mfn at scratch[0], check it (zeroed if strict), write and read. */
static void use_frame(xen_pfn_t mfn)
{
	volatile uint64_t *p = (volatile uint64_t *)scratch[0];
	uint64_t old = *l1_entry_of((uint64_t)p);
	long rc = hc_update_va_mapping((uint64_t)p,
				       (mfn << 12) | PTE_PRESENT | PTE_RW |
					       PTE_ACCESSED | PTE_DIRTY,
				       UVMF_INVLPG);

	if (rc == -XEN_ENOSYS) {
		printf("mem/balloon: no update_va_mapping: frames not mapped\n");
		return;
	}
	CHECK_EQ("update_va_mapping of a new frame", rc, 0);
	for (unsigned int i = 0; strict && i < 512; i++)
		if (p[i])
			test_fail("new mfn %lx not scrubbed: word %u", mfn, i);
	p[0] = 0x5a5aa5a5deadbeefULL;
	p[511] = mfn;
	/* A read through the new mapping (volatile: not the value kept). */
	/* cppcheck-suppress knownConditionTrueFalse */
	if (p[0] != 0x5a5aa5a5deadbeefULL || p[511] != mfn)
		test_fail("new mfn %lx does not keep what is written", mfn);
	CHECK_EQ("update_va_mapping back",
		 hc_update_va_mapping((uint64_t)p, old, UVMF_INVLPG), 0);
}

static void balloon_order0(void)
{
	CHECK_EQ("decrease_reservation",
		 mem_reservation(XENMEM_decrease_reservation, list, N, 0, 0,
				 DOMID_SELF),
		 N);
	check_current("after decrease", cur0 - N);
	check_freed();
	CHECK_EQ("decrease of a freed frame",
		 mem_reservation(XENMEM_decrease_reservation, list, 1, 0, 0,
				 DOMID_SELF),
		 0);
	CHECK_EQ("increase_reservation",
		 mem_reservation(XENMEM_increase_reservation, list, N, 0, 0,
				 DOMID_SELF),
		 N);
	check_current("after increase", cur0);
	for (unsigned int i = 0; i < N; i++)
		for (unsigned int j = 0; j < i; j++)
			if (list[i] == list[j])
				test_fail("increase gave mfn %lx twice",
					  list[i]);
	CHECK_EQ("decrease of the new frames",
		 mem_reservation(XENMEM_decrease_reservation, list, N, 0, 0,
				 DOMID_SELF),
		 N);
	check_current("after the second decrease", cur0 - N);
	for (unsigned int i = 0; i < N; i++)
		list[i] = pfns[i];
	CHECK_EQ("populate_physmap",
		 mem_reservation(XENMEM_populate_physmap, list, N, 0, 0,
				 DOMID_SELF),
		 N);
	check_current("after populate", cur0);
	for (unsigned int i = 0; i < N; i++) {
		if (m2p_table()[list[i]] != pfns[i])
			test_fail("M2P of populated mfn %lx is %lx, want %lx",
				  list[i], (unsigned long)m2p_table()[list[i]],
				  pfns[i]);
		p2m_list()[pfns[i]] = list[i];
	}
	use_frame(list[0]);
}

/* A 2 MiB extent: in, mapped, out. */
static void balloon_order9(void)
{
	xen_pfn_t mfn;

	CHECK_EQ("increase_reservation order 9",
		 mem_reservation(XENMEM_increase_reservation, &mfn, 1, 9, 0,
				 DOMID_SELF),
		 1);
	if (mfn & 511)
		test_fail("order-9 extent at mfn %lx", mfn);
	check_current("after an order-9 increase", cur0 + 512);
	use_frame(mfn + 511);
	CHECK_EQ("decrease_reservation order 9",
		 mem_reservation(XENMEM_decrease_reservation, &mfn, 1, 9, 0,
				 DOMID_SELF),
		 1);
	check_current("after an order-9 decrease", cur0);
}

/* Trade pfns[0..7]'s frames for one order-3 extent at the same pfns. */
static void exchange_contiguous(void)
{
	xen_pfn_t in[8], out = pfns[7];
	struct xen_memory_exchange x = {
		.in = { .nr_extents = 8,
			.extent_order = 0,
			.domid = DOMID_SELF },
		.out = { .nr_extents = 1,
			 .extent_order = 3,
			 .domid = DOMID_SELF },
	};

	for (unsigned int i = 0; i < 8; i++)
		in[i] = p2m_list()[pfns[7] + i];
	set_xen_guest_handle(x.in.extent_start, in);
	set_xen_guest_handle(x.out.extent_start, &out);
	CHECK_EQ("exchange 8 frames for an order-3 extent",
		 hc_memory_op(XENMEM_exchange, &x), 0);
	CHECK_EQ("exchange nr_exchanged", x.nr_exchanged, 8);
	check_current("after exchange", cur0);
	if (out & 7)
		test_fail("exchange: order-3 extent at mfn %lx", out);
	for (unsigned int i = 0; i < 8; i++) {
		if (m2p_table()[out + i] != pfns[7] + i)
			test_fail("exchange: M2P of mfn %lx is %lx", out + i,
				  (unsigned long)m2p_table()[out + i]);
		p2m_list()[pfns[7] + i] = out + i;
	}
	CHECK_EQ("decrease of an exchanged-away frame",
		 mem_reservation(XENMEM_decrease_reservation, in, 1, 0, 0,
				 DOMID_SELF),
		 0);
	use_frame(out + 3);
}

/* A domain with a small max_pages cannot pass it. */
static void check_cap(void)
{
	long max = mem_domain_query(XENMEM_maximum_reservation, DOMID_SELF);
	long room = max - cur0;

	if (room < 0 || room >= 4096) {
		printf("mem/balloon: max_pages %ld: cap not checked\n", max);
		return;
	}
	CHECK_EQ("increase past max_pages",
		 mem_reservation(XENMEM_increase_reservation, cap_list,
				 (uint64_t)room + 1, 0, 0, DOMID_SELF),
		 room);
	check_current("at max_pages", max);
	CHECK_EQ("decrease back from max_pages",
		 mem_reservation(XENMEM_decrease_reservation, cap_list,
				 (uint64_t)room, 0, 0, DOMID_SELF),
		 room);
	check_current("back from max_pages", cur0);
}

void test_main(void)
{
	strict = strstr((const char *)start_info->cmd_line, "strict") != 0;
	cur0 = current_pages();
	CHECK_EQ("current_reservation", cur0, (long)start_info->nr_pages);
	pick_top_frames();
	balloon_order0();
	balloon_order9();
	exchange_contiguous();
	check_cap();
	check_current("at the end", cur0);
	test_success();
}
