/* SPDX-License-Identifier: MIT */
/*
 * dom0/memory: what a PV control domain learns about memory, as Linux's
 * xen_memory_setup and swiotlb-xen use it. XENMEM_memory_map is -ENOSYS
 * (Xen builds no pseudo-physical map for a PV dom0: Linux reads the
 * machine map and keeps its nr_pages frames within the RAM there).
 * XENMEM_machine_memory_map is the host E820, sorted, with at least
 * nr_pages frames of RAM, and with the frames dom0 may not map listed
 * reserved where they fall into holes: on QEMU q35 the IO-APIC page
 * (0xfec00000) and the MSI window (0xfee00000-0xfeefffff). A buffer needs
 * room for one entry more than the map has (-EINVAL otherwise). An
 * unprivileged domain gets -EPERM. XENMEM_exchange of 64 frames for one
 * order-6 extent below 4 GiB (swiotlb-xen's request) succeeds, the extent
 * aligned, low, in the M2P at our pfns and usable; below 64 KiB no such
 * extent can exist: -ENOMEM, nothing exchanged, our frames untouched.
 */
#include <guest/memory.h>
#include <guest/test.h>

const char test_name[] = "dom0/memory";

#define NR_IN 64 /* order 6: one swiotlb-xen segment */
#define IOAPIC_PA 0xfec00000ULL
#define MSI_FIRST 0xfee00000ULL
#define MSI_END 0xfef00000ULL

static struct xen_e820_entry e820[128];
static xen_pfn_t in[NR_IN];
static uint8_t scratch[4096] __attribute__((aligned(4096)));

/* Whether [@start, @end) lies in one reserved entry of @n. */
static int reserved(unsigned int n, uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < n; i++)
		if (e820[i].type == XEN_E820_RESERVED &&
		    e820[i].addr <= start && e820[i].addr + e820[i].size >= end)
			return 1;
	return 0;
}

static void check_entries(unsigned int n)
{
	uint64_t ram = 0, end = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (e820[i].addr < end || !e820[i].size)
			test_fail("E820 entry %u out of order or empty", i);
		end = e820[i].addr + e820[i].size;
		if (e820[i].type == XEN_E820_RAM)
			ram += e820[i].size;
	}
	if (ram < (uint64_t)start_info->nr_pages * 4096)
		test_fail("E820 RAM %llx below nr_pages %lx",
			  (unsigned long long)ram, start_info->nr_pages);
	if (!reserved(n, IOAPIC_PA, IOAPIC_PA + 4096))
		test_fail("IO-APIC page not reserved in the machine map");
	if (!reserved(n, MSI_FIRST, MSI_END))
		test_fail("MSI window not reserved in the machine map");
	printf("dom0/memory: %u entries, RAM %llu MiB, nr_pages %lu\n", n,
	       (unsigned long long)(ram >> 20), start_info->nr_pages);
}

static void check_maps(void)
{
	struct xen_memory_map map = { .nr_entries = 128 };
	unsigned int n;

	set_xen_guest_handle(map.buffer, e820);
	CHECK_EQ("memory_map of a PV dom0",
		 hc_memory_op(XENMEM_memory_map, &map), -XEN_ENOSYS);
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		CHECK_EQ("machine_memory_map unprivileged",
			 hc_memory_op(XENMEM_machine_memory_map, &map),
			 -XEN_EPERM);
		return;
	}
	set_xen_guest_handle(map.buffer, (void *)0);
	map.nr_entries = 0;
	CHECK_EQ("machine_memory_map count",
		 hc_memory_op(XENMEM_machine_memory_map, &map), 0);
	n = map.nr_entries;
	if (n < 3 || n >= 127)
		test_fail("machine_memory_map: %u entries", n);
	set_xen_guest_handle(map.buffer, e820);
	map.nr_entries = n;
	CHECK_EQ("machine_memory_map into exactly its size",
		 hc_memory_op(XENMEM_machine_memory_map, &map), -XEN_EINVAL);
	map.nr_entries = n + 1;
	CHECK_EQ("machine_memory_map into its size + 1",
		 hc_memory_op(XENMEM_machine_memory_map, &map), 0);
	CHECK_EQ("machine_memory_map entries", map.nr_entries, n);
	check_entries(n);
}

/* Exchange our NR_IN top frames (unmapped) for one order-6 extent below
 * 2^@bits bytes. @return the hypercall's result; *@out the extent. */
static long exchange_low(unsigned int bits, xen_pfn_t *out,
			 uint64_t *nr_exchanged)
{
	struct xen_memory_exchange x = {
		.in = { .nr_extents = NR_IN,
			.extent_order = 0,
			.domid = DOMID_SELF },
		.out = { .nr_extents = 1,
			 .extent_order = 6,
			 .mem_flags = XENMEMF_address_bits(bits),
			 .domid = DOMID_SELF },
	};
	unsigned long pfn0 = start_info->nr_pages - NR_IN;
	long rc;

	for (unsigned int i = 0; i < NR_IN; i++)
		in[i] = p2m_list()[pfn0 + i];
	*out = pfn0;
	set_xen_guest_handle(x.in.extent_start, in);
	set_xen_guest_handle(x.out.extent_start, out);
	rc = hc_memory_op(XENMEM_exchange, &x);
	*nr_exchanged = x.nr_exchanged;
	return rc;
}

static void use_frame(xen_pfn_t mfn)
{
	volatile uint64_t *p = (volatile uint64_t *)scratch;
	uint64_t old = *l1_entry_of((uint64_t)scratch);

	CHECK_EQ("map a frame of the extent",
		 hc_update_va_mapping((uint64_t)scratch,
				      (mfn << 12) | PTE_FLAGS_RW, UVMF_INVLPG),
		 0);
	p[7] = mfn;
	/* cppcheck-suppress knownConditionTrueFalse */
	if (p[7] != mfn)
		test_fail("frame %lx of the extent does not keep a write", mfn);
	CHECK_EQ("map back",
		 hc_update_va_mapping((uint64_t)scratch, old, UVMF_INVLPG), 0);
}

static void check_exchange(void)
{
	unsigned long pfn0 = start_info->nr_pages - NR_IN;
	long cur = mem_domain_query(XENMEM_current_reservation, DOMID_SELF);
	xen_pfn_t out;
	uint64_t done;

	for (unsigned int i = 0; i < NR_IN; i++) {
		const volatile uint64_t *l1 = l1_entry_of((pfn0 + i) << 12);

		if (l1 && (*l1 & PTE_PRESENT))
			test_error("pfn %lx is mapped: not free", pfn0 + i);
	}
	CHECK_EQ("exchange for an extent below 64 KiB",
		 exchange_low(16, &out, &done), -XEN_ENOMEM);
	CHECK_EQ("nothing exchanged", done, 0);
	for (unsigned int i = 0; i < NR_IN; i++)
		if (m2p_table()[in[i]] != pfn0 + i)
			test_fail("failed exchange: M2P of mfn %lx changed",
				  in[i]);
	CHECK_EQ("exchange for an order-6 extent below 4 GiB",
		 exchange_low(32, &out, &done), 0);
	CHECK_EQ("all exchanged", done, NR_IN);
	if ((out & (NR_IN - 1)) || out + NR_IN > (1UL << 20))
		test_fail("extent at mfn %lx: not aligned or above 4 GiB", out);
	for (unsigned int i = 0; i < NR_IN; i++) {
		if (m2p_table()[out + i] != pfn0 + i)
			test_fail("M2P of mfn %lx is %lx, want %lx", out + i,
				  (unsigned long)m2p_table()[out + i],
				  pfn0 + i);
		p2m_list()[pfn0 + i] = out + i;
	}
	CHECK_EQ("reservation unchanged",
		 mem_domain_query(XENMEM_current_reservation, DOMID_SELF), cur);
	use_frame(out);
	use_frame(out + NR_IN - 1);
}

void test_main(void)
{
	check_maps();
	if (start_info->flags & SIF_PRIVILEGED)
		check_exchange();
	test_success();
}
