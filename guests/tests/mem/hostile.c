/* SPDX-License-Identifier: MIT */
/*
 * mem/hostile: bad memory_op reservation and exchange requests are
 * refused the way Xen 4.17 refuses them, and nothing the domain still
 * uses is ever taken from it.
 *
 * Rule: a refused reservation op returns the extents done so far (0 here,
 * or the start index it was given), never an errno; XENMEM_exchange
 * returns -errno and writes nr_exchanged back. The domain's reservation
 * changes only by what was really done.
 * Attack: extent orders above the caller's limit (2 MiB for a domU, 1 GiB
 * for a control domain), nr_extents too large to continue, a start index
 * past the end, lists and argument structs in the hypervisor's area,
 * other and reserved domain ids, impossible address limits and NUMA
 * nodes, populate-on-demand on oneself; decreasing frames that do not
 * exist, that belong to the hypervisor (an M2P frame), that are still
 * mapped or are page tables; exchanging mapped or foreign frames and
 * malformed exchanges. A frame in use that is "decreased" loses only its
 * allocation reference (Xen): it stays mapped, counted and usable.
 */
#include <guest/memory.h>
#include <guest/test.h>

const char test_name[] = "mem/hostile";

#define HV_ADDR 0xffff800000001000UL
#define HV_LIST ((xen_pfn_t *)HV_ADDR)

static uint8_t scratch[2][4096] __attribute__((aligned(4096)));
static long cur0;
static unsigned int max_order;

static long current_pages(void)
{
	return mem_domain_query(XENMEM_current_reservation, DOMID_SELF);
}

/* Every reservation op, refused: 0 extents done, nothing changed. */
static void refused(const char *what, xen_pfn_t *list, uint64_t nr,
		    unsigned int order, unsigned int flags, uint16_t domid)
{
	static const unsigned int ops[] = { XENMEM_increase_reservation,
					    XENMEM_decrease_reservation,
					    XENMEM_populate_physmap };
	char buf[112];

	for (unsigned int i = 0; i < 3; i++) {
		(void)snprintf(buf, sizeof(buf), "%s (op %u)", what, ops[i]);
		CHECK_EQ(buf,
			 mem_reservation(ops[i], list, nr, order, flags, domid),
			 0);
	}
	(void)snprintf(buf, sizeof(buf), "current_reservation after %s", what);
	CHECK_EQ(buf, current_pages(), cur0);
}

static void bad_reservations(void)
{
	static xen_pfn_t one[1];
	struct xen_memory_reservation r = { .nr_extents = 3,
					    .domid = DOMID_SELF };

	one[0] = start_info->nr_pages - 1; /* A pfn for populate. */
	refused("order above the limit", one, 1, max_order + 1, 0, DOMID_SELF);
	refused("order 63", one, 1, 63, 0, DOMID_SELF);
	refused("nr_extents 2^26", one, 1UL << 26, 0, 0, DOMID_SELF);
	refused("nr_extents 2^63", one, 1UL << 63, 0, 0, DOMID_SELF);
	refused("list in the hypervisor", HV_LIST, 1, 0, 0, DOMID_SELF);
	refused("domain 77", one, 1, 0, 0, 77);
	refused("DOMID_IO", one, 1, 0, 0, DOMID_IO);
	refused("DOMID_XEN", one, 1, 0, 0, DOMID_XEN);
	refused("address bits 12", one, 1, 0, XENMEMF_address_bits(12),
		DOMID_SELF);
	refused("exact NUMA node 200", one, 1, 0, XENMEMF_exact_node(200),
		DOMID_SELF);
	CHECK_EQ("populate-on-demand on oneself",
		 mem_reservation(XENMEM_populate_physmap, one, 1, 0,
				 XENMEMF_populate_on_demand, DOMID_SELF),
		 0);
	set_xen_guest_handle(r.extent_start, one);
	CHECK_EQ("decrease starting at extent 5 of 3",
		 hc_memory_op(XENMEM_decrease_reservation | (5 << 6), &r), 5);
	CHECK_EQ("increase, struct in the hypervisor",
		 hc_memory_op(XENMEM_increase_reservation, (void *)HV_ADDR), 0);
	CHECK_EQ("current_reservation after the bad requests", current_pages(),
		 cur0);
}

static long decrease_one(xen_pfn_t mfn)
{
	xen_pfn_t l[1] = { mfn };

	return mem_reservation(XENMEM_decrease_reservation, l, 1, 0, 0,
			       DOMID_SELF);
}

/* A frame in use keeps working after a "successful" decrease. */
static void decrease_in_use(const char *what, xen_pfn_t mfn)
{
	volatile uint64_t *p = (volatile uint64_t *)scratch[0];
	char buf[96];

	p[7] = 0x0123456789abcdefULL;
	for (unsigned int i = 0; i < 2; i++) {
		(void)snprintf(buf, sizeof(buf), "decrease %u of %s", i, what);
		CHECK_EQ(buf, decrease_one(mfn), 1);
		(void)snprintf(buf, sizeof(buf), "current after decrease of %s",
			       what);
		CHECK_EQ(buf, current_pages(), cur0);
	}
	p[8] = 42;
	if (p[7] != 0x0123456789abcdefULL || p[8] != 42)
		test_fail("scratch page lost its contents after %s", what);
}

static void bad_decreases(long max_page)
{
	xen_pfn_t m2p_frame = 0;
	struct xen_machphys_mfn_list l = { .max_extents = 1 };
	const volatile uint64_t *l1 = l1_entry_of((uint64_t)scratch[0]);

	CHECK_EQ("decrease of mfn max_ram_page + 100",
		 decrease_one((xen_pfn_t)max_page + 100), 0);
	CHECK_EQ("decrease of mfn ~0", decrease_one(~0UL), 0);
	set_xen_guest_handle(l.extent_start, &m2p_frame);
	CHECK_EQ("machphys_mfn_list",
		 hc_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	CHECK_EQ("decrease of an M2P frame", decrease_one(m2p_frame), 0);
	CHECK_EQ("current after the refused decreases", current_pages(), cur0);
	if (!l1)
		test_error("scratch page: no L1 entry");
	decrease_in_use("a mapped frame",
			p2m_list()[(uint64_t)scratch[0] >> 12]);
	decrease_in_use("an L1 table", p2m_list()[(uint64_t)l1 >> 12]);
}

static long exchange(struct xen_memory_exchange *x, xen_pfn_t *in,
		     xen_pfn_t *out)
{
	set_xen_guest_handle(x->in.extent_start, in);
	set_xen_guest_handle(x->out.extent_start, out);
	return hc_memory_op(XENMEM_exchange, x);
}

static void bad_exchanges(xen_pfn_t m2p_frame)
{
	xen_pfn_t in[2], out[2];
	struct xen_memory_exchange ok = {
		.in = { .nr_extents = 1, .domid = DOMID_SELF },
		.out = { .nr_extents = 1, .domid = DOMID_SELF },
	};
	struct xen_memory_exchange x = ok;

	in[0] = p2m_list()[(uint64_t)scratch[1] >> 12];
	out[0] = (uint64_t)scratch[1] >> 12;
	x.in.extent_order = x.out.extent_order = max_order + 1;
	CHECK_EQ("exchange above the order limit", exchange(&x, in, out),
		 -XEN_EPERM);
	x = ok;
	x.out.domid = 0x7fef;
	CHECK_EQ("exchange between domains", exchange(&x, in, out),
		 -XEN_EINVAL);
	x = ok;
	x.out.nr_extents = 2;
	CHECK_EQ("exchange of unequal sizes", exchange(&x, in, out),
		 -XEN_EINVAL);
	x = ok;
	x.nr_exchanged = 2;
	CHECK_EQ("exchange, nr_exchanged past the end", exchange(&x, in, out),
		 -XEN_EINVAL);
	x = ok;
	x.nr_exchanged = 1;
	CHECK_EQ("exchange with nothing left", exchange(&x, in, out), 0);
	x = ok;
	CHECK_EQ("exchange, list in the hypervisor", exchange(&x, HV_LIST, out),
		 -XEN_EFAULT);
	x = ok;
	x.in.domid = x.out.domid = 77;
	CHECK_EQ("exchange for domain 77", exchange(&x, in, out), -XEN_ESRCH);
	x = ok;
	CHECK_EQ("exchange of a mapped frame", exchange(&x, in, out),
		 -XEN_EINVAL);
	CHECK_EQ("nr_exchanged after a refused exchange", x.nr_exchanged, 0);
	if (m2p_table()[in[0]] != out[0] ||
	    l1_entry_of((uint64_t)scratch[1]) == 0 ||
	    !(*l1_entry_of((uint64_t)scratch[1]) & PTE_PRESENT))
		test_fail("the mapped frame changed after a refused exchange");
	x = ok;
	in[0] = m2p_frame;
	CHECK_EQ("exchange of an M2P frame", exchange(&x, in, out),
		 -XEN_EINVAL);
	CHECK_EQ("exchange with continuation bits",
		 hc_memory_op(XENMEM_exchange | (1 << 6), &ok), -XEN_EINVAL);
	CHECK_EQ("exchange, struct in the hypervisor",
		 hc_memory_op(XENMEM_exchange, (void *)HV_ADDR), -XEN_EFAULT);
	CHECK_EQ("current after the bad exchanges", current_pages(), cur0);
}

void test_main(void)
{
	long max_page = hc_memory_op(XENMEM_maximum_ram_page, NULL);
	struct xen_machphys_mfn_list l = { .max_extents = 1 };
	xen_pfn_t m2p_frame = 0;

	max_order = (start_info->flags & SIF_PRIVILEGED) ? 18 : 9;
	cur0 = current_pages();
	scratch[0][0] = scratch[1][0] = 1; /* Both pages in use. */
	set_xen_guest_handle(l.extent_start, &m2p_frame);
	if (hc_memory_op(XENMEM_machphys_mfn_list, &l) || !m2p_frame)
		test_error("machphys_mfn_list");
	bad_reservations();
	bad_exchanges(m2p_frame);
	bad_decreases(max_page);
	test_success();
}
