/* SPDX-License-Identifier: MIT */
/*
 * grant/table: the grant-table management operations as Xen 4.17 (booted
 * with gnttab=max-ver:1, which is what satori offers) answers them for a
 * PV dom0. A fresh table has 1 frame of at most 64 and version 1;
 * set_version(1) is 0, set_version(2) -XEN_ENOSYS and (0, 3) -XEN_EINVAL, each
 * reporting version 1; get_version of a missing domain is -XEN_ESRCH.
 * setup_table grows the table to 4 frames and lists 4 distinct machine
 * frames, which the guest maps read-write and can use (entries written
 * through one mapping read back through a second); asking for fewer
 * frames lists the same first ones and never shrinks the table. Refused:
 * count != 1 (-XEN_EINVAL), more than the maximum or 0xffffffff frames
 * (GNTST_general_error, table unchanged), an unknown domain
 * (GNTST_bad_domain), a frame list in the hypervisor's area (-XEN_EFAULT),
 * continuation bits in cmd and negative counts (-XEN_EINVAL), an unknown
 * command (-XEN_ENOSYS). A v1 table has no status frames: asking for 0 is
 * GNTST_okay, for 1 GNTST_general_error. With the argument "keep" the
 * four frames stay mapped when the domain powers off, so that the
 * hypervisor's teardown must drop those mappings before it frees the
 * table (boot test bootdoms-grant).
 */
#include <guest/grant.h>
#include <guest/mmuext.h>
#include <guest/test.h>

#include <errno.h>
#include <grant_table.h>

const char test_name[] = "grant/table";

#define NR_MAP 4
#define NO_DOMAIN 1234 /* No such domain exists in these runs. */
#define HV_AREA 0xffff800000001000UL

/* Pages replaced by the grant frames while mapped. */
static uint8_t window[NR_MAP][4096] __attribute__((aligned(4096)));
static uint8_t second[4096] __attribute__((aligned(4096)));

static void query(uint32_t want_nr)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 99 };

	CHECK_EQ("query_size", gnttab(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ("query_size status", q.status, GNTST_okay);
	CHECK_EQ("query_size nr_frames", q.nr_frames, want_nr);
	CHECK_EQ("query_size max_nr_frames", q.max_nr_frames, 64);
}

static void check_versions(void)
{
	struct gnttab_get_version g = { .dom = DOMID_SELF, .version = 99 };
	struct gnttab_set_version s;
	static const struct {
		uint32_t ask;
		long rc;
	} cases[] = { { 1, 0 },
		      { 2, -XEN_ENOSYS },
		      { 0, -XEN_EINVAL },
		      { 3, -XEN_EINVAL } };

	CHECK_EQ("get_version", gnttab(GNTTABOP_get_version, &g, 1), 0);
	CHECK_EQ("get_version version", g.version, 1);
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s.version = cases[i].ask;
		CHECK_EQ("set_version rc", gnttab(GNTTABOP_set_version, &s, 1),
			 cases[i].rc);
		CHECK_EQ("set_version reported", s.version, 1);
	}
	g.dom = NO_DOMAIN;
	CHECK_EQ("get_version missing domain",
		 gnttab(GNTTABOP_get_version, &g, 1), -XEN_ESRCH);
}

static int16_t setup(domid_t dom, uint32_t nr, uint64_t *list, long want_rc)
{
	struct gnttab_setup_table st = { .dom = dom,
					 .nr_frames = nr,
					 .status = 99 };

	set_xen_guest_handle(st.frame_list, list);
	CHECK_EQ("setup_table rc", gnttab(GNTTABOP_setup_table, &st, 1),
		 want_rc);
	return st.status;
}

/* Map the frames over window[], use them, put the pages back. */
static void map_and_use(const uint64_t *mfn)
{
	uint64_t orig[NR_MAP], orig2 = virt_to_mfn(second);
	const uint64_t flags = PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY;
	volatile struct grant_entry_v1 *e;

	for (unsigned int i = 0; i < NR_MAP; i++) {
		orig[i] = virt_to_mfn(window[i]);
		CHECK_EQ("map grant frame",
			 hc_update_va_mapping((uint64_t)window[i],
					      (mfn[i] << 12) | flags,
					      UVMF_INVLPG),
			 0);
		e = (volatile struct grant_entry_v1 *)window[i];
		e[i].domid = (uint16_t)(0x100 + i);
		e[i].frame = 0xabc000 + i;
	}
	CHECK_EQ("second mapping",
		 hc_update_va_mapping((uint64_t)second, (mfn[2] << 12) | flags,
				      UVMF_INVLPG),
		 0);
	e = (volatile struct grant_entry_v1 *)second;
	CHECK_EQ("entry via second mapping", e[2].frame, 0xabc002);
	CHECK_EQ("entry domid", e[2].domid, 0x102);
	if (strstr((const char *)start_info->cmd_line, "keep"))
		return;
	for (unsigned int i = 0; i < NR_MAP; i++) {
		e = (volatile struct grant_entry_v1 *)window[i];
		e[i].domid = 0; /* Leave the table as found. */
		e[i].frame = 0;
		CHECK_EQ("unmap grant frame",
			 hc_update_va_mapping((uint64_t)window[i],
					      (orig[i] << 12) | flags,
					      UVMF_INVLPG),
			 0);
	}
	CHECK_EQ("unmap second",
		 hc_update_va_mapping((uint64_t)second, (orig2 << 12) | flags,
				      UVMF_INVLPG),
		 0);
}

static void check_setup(void)
{
	static uint64_t list[NR_MAP], again[NR_MAP];

	CHECK_EQ("setup 4", setup(DOMID_SELF, NR_MAP, list, 0), GNTST_okay);
	for (unsigned int i = 0; i < NR_MAP; i++) {
		if (!list[i])
			test_fail("frame %u has mfn 0", i);
		for (unsigned int j = 0; j < i; j++)
			if (list[i] == list[j])
				test_fail("frames %u and %u share mfn %#lx", j,
					  i, list[i]);
	}
	query(NR_MAP);
	map_and_use(list);
	CHECK_EQ("setup 2", setup(DOMID_SELF, 2, again, 0), GNTST_okay);
	CHECK_EQ("setup 2 frame 0", again[0], list[0]);
	CHECK_EQ("setup 2 frame 1", again[1], list[1]);
	CHECK_EQ("setup 2 leaves frame 2", again[2], 0);
	query(NR_MAP);
	CHECK_EQ("setup 0 frames", setup(DOMID_SELF, 0, again, 0), GNTST_okay);
}

static void check_refusals(void)
{
	static uint64_t list[NR_MAP];
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_query_size q = { .dom = NO_DOMAIN, .nr_frames = 7 };

	set_xen_guest_handle(st.frame_list, list);
	CHECK_EQ("setup count 0", gnttab(GNTTABOP_setup_table, &st, 0),
		 -XEN_EINVAL);
	CHECK_EQ("setup count 2", gnttab(GNTTABOP_setup_table, &st, 2),
		 -XEN_EINVAL);
	CHECK_EQ("query count 2", gnttab(GNTTABOP_query_size, &q, 2),
		 -XEN_EINVAL);
	CHECK_EQ("setup 65", setup(DOMID_SELF, 65, list, 0),
		 GNTST_general_error);
	CHECK_EQ("setup 0xffffffff", setup(DOMID_SELF, 0xffffffffu, list, 0),
		 GNTST_general_error);
	query(NR_MAP);
	CHECK_EQ("setup other domain", setup(NO_DOMAIN, 1, list, 0),
		 GNTST_bad_domain);
	setup(DOMID_SELF, 1, (uint64_t *)HV_AREA, -XEN_EFAULT);
	CHECK_EQ("query missing domain", gnttab(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ("query missing domain status", q.status, GNTST_bad_domain);
	CHECK_EQ("query missing domain keeps nr", q.nr_frames, 7);
	CHECK_EQ("query bad pointer",
		 gnttab(GNTTABOP_query_size, (void *)HV_AREA, 1), -XEN_EFAULT);
	CHECK_EQ("continuation bits",
		 gnttab(GNTTABOP_query_size | (1u << 12), &q, 1), -XEN_EINVAL);
	CHECK_EQ("negative count", gnttab(GNTTABOP_query_size, &q, 0x80000000u),
		 -XEN_EINVAL);
	CHECK_EQ("unknown command", gnttab(99, &q, 1), -XEN_ENOSYS);
}

static void check_status_frames(void)
{
	static uint64_t list[1];
	struct gnttab_get_status_frames gs = { .dom = DOMID_SELF,
					       .status = 99 };

	set_xen_guest_handle(gs.frame_list, list);
	CHECK_EQ("get_status_frames 0",
		 gnttab(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ("get_status_frames 0 status", gs.status, GNTST_okay);
	gs.nr_frames = 1;
	CHECK_EQ("get_status_frames 1",
		 gnttab(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ("get_status_frames 1 status", gs.status, GNTST_general_error);
}

void test_main(void)
{
	query(1);
	check_versions();
	check_setup();
	check_refusals();
	check_status_frames();
	test_success();
}
