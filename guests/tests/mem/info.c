/* SPDX-License-Identifier: MIT */
/*
 * mem/info: the memory_op queries describe the domain as it really is.
 * current_reservation is start_info's nr_pages, maximum_reservation is at
 * least that, maximum_gpfn follows shared_info's max_pfn, every frame of
 * the p2m list is below maximum_ram_page and the read-only M2P maps it
 * back to its pfn; machphys_mapping gives the M2P's place (its max_mfn is
 * the machine's last frame for the initial domain, the area's last slot
 * for others), machphys_mfn_list one 2 MiB-aligned frame per 2 MiB of
 * M2P. memory_map is -ENOSYS (Xen sets no map for a PV guest the
 * toolstack did not give one); machine_memory_map is the host E820 for a
 * privileged domain, -EPERM for others. Bad pointers give -EFAULT,
 * unknown domains -ESRCH, continuation bits on a query -EINVAL, unknown
 * subops -ENOSYS.
 */
#include <guest/memory.h>
#include <guest/test.h>

const char test_name[] = "mem/info";

#define HV_ADDR ((void *)0xffff800000001000UL)
#define M2P_CHUNK_ENTRIES ((2UL << 20) / 8)

static xen_pfn_t mfns[64];
static struct xen_e820_entry e820[128];

/*
 * With "peer=<digit>" on the command line (satori boot tests: another boot
 * domain with that id exists), an unprivileged caller may neither query
 * it (-EPERM) nor change its reservation (0 extents done).
 */
static void check_peer(void)
{
	const char *p = strstr((const char *)start_info->cmd_line, "peer=");
	xen_pfn_t mfn[1] = { 0 };
	uint16_t peer;

	if (!p || p[5] < '0' || p[5] > '9' ||
	    (start_info->flags & SIF_PRIVILEGED))
		return;
	peer = (uint16_t)(p[5] - '0');
	CHECK_EQ("current_reservation of the peer",
		 mem_domain_query(XENMEM_current_reservation, peer),
		 -XEN_EPERM);
	CHECK_EQ("maximum_reservation of the peer",
		 mem_domain_query(XENMEM_maximum_reservation, peer),
		 -XEN_EPERM);
	CHECK_EQ("increase_reservation for the peer",
		 mem_reservation(XENMEM_increase_reservation, mfn, 1, 0, 0,
				 peer),
		 0);
	CHECK_EQ("decrease_reservation for the peer",
		 mem_reservation(XENMEM_decrease_reservation, mfn, 1, 0, 0,
				 peer),
		 0);
	printf("mem/info: peer d%u refused\n", peer);
}

static void check_reservations(void)
{
	long nr = (long)start_info->nr_pages;

	CHECK_EQ("current_reservation",
		 mem_domain_query(XENMEM_current_reservation, DOMID_SELF), nr);
	if (mem_domain_query(XENMEM_maximum_reservation, DOMID_SELF) < nr)
		test_fail("maximum_reservation below nr_pages");
	CHECK_EQ("current_reservation of domain 77",
		 mem_domain_query(XENMEM_current_reservation, 77), -XEN_ESRCH);
	CHECK_EQ("maximum_reservation of DOMID_IO",
		 mem_domain_query(XENMEM_maximum_reservation, DOMID_IO),
		 -XEN_ESRCH);
	CHECK_EQ("maximum_gpfn of domain 77",
		 mem_domain_query(XENMEM_maximum_gpfn, 77), -XEN_ESRCH);
	CHECK_EQ("current_reservation, argument in the hypervisor",
		 hc_memory_op(XENMEM_current_reservation, HV_ADDR),
		 -XEN_EFAULT);
	CHECK_EQ("current_reservation with continuation bits",
		 hc_memory_op(XENMEM_current_reservation | (1 << 6),
			      &(struct xen_memory_domain){ DOMID_SELF }),
		 -XEN_EINVAL);
}

static void check_max_gpfn(void)
{
	volatile struct shared_info *si =
		(volatile struct shared_info *)vcpu0_info;

	/* Neither hypervisor sets max_pfn for the guest: (0 ?: 1) - 1. */
	if (!si) {
		CHECK_EQ("maximum_gpfn (max_pfn 0)",
			 mem_domain_query(XENMEM_maximum_gpfn, DOMID_SELF), 0);
		return;
	}
	si->arch.max_pfn = start_info->nr_pages;
	CHECK_EQ("maximum_gpfn",
		 mem_domain_query(XENMEM_maximum_gpfn, DOMID_SELF),
		 (long)start_info->nr_pages - 1);
	si->arch.max_pfn = 0;
	CHECK_EQ("maximum_gpfn (max_pfn 0)",
		 mem_domain_query(XENMEM_maximum_gpfn, DOMID_SELF), 0);
}

static void check_m2p(long max_page)
{
	struct xen_machphys_mapping m = { 0 };
	uint64_t *p2m = p2m_list();
	int init = (start_info->flags & SIF_INITDOMAIN) != 0;

	CHECK_EQ("machphys_mapping", hc_memory_op(XENMEM_machphys_mapping, &m),
		 0);
	CHECK_EQ("machphys_mapping v_start", m.v_start, MACH2PHYS_VIRT_START);
	CHECK_EQ("machphys_mapping v_end", m.v_end, MACH2PHYS_VIRT_END);
	CHECK_EQ("machphys_mapping max_mfn", m.max_mfn,
		 init ? (unsigned long)max_page - 1 : MACH2PHYS_NR_ENTRIES - 1);
	CHECK_EQ("machphys_mapping to the hypervisor",
		 hc_memory_op(XENMEM_machphys_mapping, HV_ADDR), -XEN_EFAULT);
	for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++) {
		if (p2m[pfn] >= (unsigned long)max_page)
			test_fail("pfn %lx: mfn %lx not below max_ram_page %lx",
				  pfn, (unsigned long)p2m[pfn], max_page);
		if (m2p_table()[p2m[pfn]] != pfn)
			test_fail("M2P[%lx] = %lx, want pfn %lx",
				  (unsigned long)p2m[pfn],
				  (unsigned long)m2p_table()[p2m[pfn]], pfn);
	}
}

static void check_mfn_list(long max_page)
{
	unsigned long want = ((unsigned long)max_page + M2P_CHUNK_ENTRIES - 1) /
			     M2P_CHUNK_ENTRIES;
	struct xen_machphys_mfn_list l = { .max_extents = 64 };

	if (want > 64)
		want = 64;
	set_xen_guest_handle(l.extent_start, mfns);
	CHECK_EQ("machphys_mfn_list",
		 hc_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	CHECK_EQ("machphys_mfn_list nr_extents", l.nr_extents, want);
	for (unsigned int i = 0; i < l.nr_extents; i++)
		if (!mfns[i] || (mfns[i] & 511) ||
		    mfns[i] >= (unsigned long)max_page)
			test_fail("M2P frame %u: mfn %lx", i, mfns[i]);
	l.max_extents = 0;
	CHECK_EQ("machphys_mfn_list, max_extents 0",
		 hc_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	CHECK_EQ("machphys_mfn_list nr_extents (max 0)", l.nr_extents, 0);
	l.max_extents = 1;
	set_xen_guest_handle(l.extent_start, (xen_pfn_t *)HV_ADDR);
	CHECK_EQ("machphys_mfn_list into the hypervisor",
		 hc_memory_op(XENMEM_machphys_mfn_list, &l), -XEN_EFAULT);
}

static void check_e820_entries(unsigned int n)
{
	uint64_t ram = 0, end = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (e820[i].addr < end)
			test_fail("E820 entry %u overlaps or is out of order",
				  i);
		end = e820[i].addr + e820[i].size;
		if (e820[i].type == XEN_E820_RAM)
			ram += e820[i].size;
	}
	if (ram < (uint64_t)start_info->nr_pages * 4096)
		test_fail("E820 RAM %llx below the domain's own memory",
			  (unsigned long long)ram);
}

static void check_memory_maps(void)
{
	struct xen_memory_map map = { .nr_entries = 128 };
	unsigned int n;

	set_xen_guest_handle(map.buffer, e820);
	CHECK_EQ("memory_map", hc_memory_op(XENMEM_memory_map, &map),
		 -XEN_ENOSYS);
	CHECK_EQ("memory_map, argument in the hypervisor",
		 hc_memory_op(XENMEM_memory_map, HV_ADDR), -XEN_EFAULT);
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		CHECK_EQ("machine_memory_map (unprivileged)",
			 hc_memory_op(XENMEM_machine_memory_map, &map),
			 -XEN_EPERM);
		return;
	}
	set_xen_guest_handle(map.buffer, (void *)0);
	map.nr_entries = 0;
	CHECK_EQ("machine_memory_map, count only",
		 hc_memory_op(XENMEM_machine_memory_map, &map), 0);
	n = map.nr_entries;
	if (n == 0 || n >= 128)
		test_fail("machine_memory_map: %u entries", n);
	set_xen_guest_handle(map.buffer, e820);
	map.nr_entries = 0;
	CHECK_EQ("machine_memory_map into 0 entries",
		 hc_memory_op(XENMEM_machine_memory_map, &map), -XEN_EINVAL);
	map.nr_entries = 128;
	CHECK_EQ("machine_memory_map",
		 hc_memory_op(XENMEM_machine_memory_map, &map), 0);
	CHECK_EQ("machine_memory_map entries", map.nr_entries, n);
	check_e820_entries(n);
}

void test_main(void)
{
	long max_page = hc_memory_op(XENMEM_maximum_ram_page, NULL);

	if (max_page <= 0)
		test_fail("maximum_ram_page: %ld", max_page);
	CHECK_EQ("maximum_ram_page with continuation bits",
		 hc_memory_op(XENMEM_maximum_ram_page | (5 << 6), NULL),
		 -XEN_EINVAL);
	check_reservations();
	check_peer();
	check_max_gpfn();
	check_m2p(max_page);
	check_mfn_list(max_page);
	check_memory_maps();
	CHECK_EQ("memory_op 63", hc_memory_op(63, NULL), -XEN_ENOSYS);
	CHECK_EQ("memory_op 8", hc_memory_op(8, NULL), -XEN_ENOSYS);
	test_success();
}
