/* unit-sources: hv/arch/x86/pv/dom-layout.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV bootstrap region layout against the worked examples of pv-abi
 * 1.5 (Debian 6.1 kernel, 1 GiB): 41 page-table frames with the initrd by
 * PFN and the P2M outside, 57 with a 30 MiB initrd and the P2M inside;
 * plus a small XTF-like image at VA 0 and overflow refusal.
 */
#include "../../hv/arch/x86/pv/dom-layout.h"

#include "check.h"

static const struct pv_layout_in debian = {
	.v_start = 0xffffffff80000000ULL,
	.kstart = 0xffffffff81000000ULL,
	.kend = 0xffffffff84a00000ULL,
	.nr_pages = 262144,
	.start_info_bytes = 1168 + 64,
};

static void test_debian_initrd_by_pfn(void)
{
	struct pv_layout_in in = debian;
	struct pv_layout l;

	in.initrd_len = 30 << 20;
	in.initrd_unmapped = true;
	in.p2m_outside = true;
	CHECK_EQ(pv_layout_compute(&in, &l), 0);
	CHECK_EQ(l.start_info, 0xffffffff84a00000ULL);
	CHECK_EQ(l.pt_start, 0xffffffff84a01000ULL);
	CHECK_EQ(l.nr_pt_frames, 41UL);
	CHECK_EQ(l.nr_l3, 1UL);
	CHECK_EQ(l.nr_l2, 1UL);
	CHECK_EQ(l.nr_l1, 38UL);
	CHECK_EQ(l.stack_start, 0xffffffff84a2a000ULL);
	CHECK_EQ(l.stack_end, 0xffffffff84a2b000ULL);
	CHECK_EQ(l.v_end, 0xffffffff84c00000ULL);
	CHECK_EQ(l.region_pages, 0x4c00UL);
	CHECK_EQ(l.initrd_pfn, 0x4c00UL);
	CHECK_EQ(l.pages_needed, 0x4c00UL + (30 << 8));
	CHECK_EQ(l.p2m_start, l.p2m_end);
}

static void test_debian_everything_mapped(void)
{
	struct pv_layout_in in = debian;
	struct pv_layout l;

	in.initrd_len = 30 << 20;
	CHECK_EQ(pv_layout_compute(&in, &l), 0);
	CHECK_EQ(l.initrd_start, 0xffffffff84a00000ULL);
	CHECK_EQ(l.initrd_end, 0xffffffff86800000ULL);
	CHECK_EQ(l.p2m_start, 0xffffffff86800000ULL);
	CHECK_EQ(l.p2m_end, 0xffffffff86a00000ULL);
	CHECK_EQ(l.start_info, 0xffffffff86a00000ULL);
	CHECK_EQ(l.nr_pt_frames, 57UL);
	CHECK_EQ(l.v_end, 0xffffffff86c00000ULL);
	CHECK_EQ(l.pages_needed, l.region_pages);
}

/* A domU gets the xenstore and console pages after start_info. */
static void test_domu_ring_pages(void)
{
	struct pv_layout_in in = {
		.v_start = 0,
		.kstart = 0x100000,
		.kend = 0x123456,
		.nr_pages = 4096,
		.domu = true,
		.start_info_bytes = 1168,
	};
	struct pv_layout l;

	CHECK_EQ(pv_layout_compute(&in, &l), 0);
	CHECK_EQ(l.initrd_start, 0x124000ULL);
	CHECK_EQ(l.p2m_start, 0x124000ULL);
	CHECK_EQ(l.p2m_end, 0x124000ULL + 4096 * 8);
	CHECK_EQ(l.start_info, 0x12c000ULL);
	CHECK_EQ(l.xenstore, 0x12d000ULL);
	CHECK_EQ(l.console, 0x12e000ULL);
	CHECK_EQ(l.pt_start, 0x12f000ULL);
	/* [0, 4 MiB): one L3, one L2, two L1 pages. */
	CHECK_EQ(l.nr_pt_frames, 5UL);
	CHECK_EQ(l.stack_end, 0x12f000ULL + 6 * 4096);
	CHECK_EQ(l.v_end, 0x400000ULL);
}

/* The loop must settle when the page tables push v_end past 4 MiB. */
static void test_slack_adds_4mib(void)
{
	struct pv_layout_in in = {
		.v_start = 0,
		.kstart = 0,
		.kend = 0x3a0000,
		.nr_pages = 1024,
		.p2m_outside = true,
		.start_info_bytes = 1168,
	};
	struct pv_layout l;

	CHECK_EQ(pv_layout_compute(&in, &l), 0);
	CHECK_EQ(l.v_end, 0x800000ULL);
	CHECK_EQ(l.nr_pt_frames, 1UL + 1 + 1 + 4);
	CHECK(l.v_end - l.stack_end >= (512 << 10));
}

static void test_refusals(void)
{
	struct pv_layout_in in = debian;
	struct pv_layout l;

	/* Region would run into the non-canonical hole. */
	in.v_start = 0x00007fffff000000ULL;
	in.kstart = in.v_start;
	in.kend = in.v_start + 0xf00000;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
	/* Region wrapping past the top of the address space. */
	in.v_start = 0xffffffffff000000ULL;
	in.kstart = in.v_start;
	in.kend = 0xffffffffffff0000ULL;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
	/* Kernel before the region start. */
	in = debian;
	in.kstart = debian.v_start - 4096;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
	/* Absurd memory size. */
	in = debian;
	in.nr_pages = 1ULL << 62;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
}

/*
 * VIRT_BASE comes from the kernel image. Off a page boundary, the region
 * [v_start, v_end) is no whole number of pages: the builder's page walk
 * (va += 4 KiB until va == v_end) would step past v_end, beyond the
 * page-table frames it planned (BUG_ON) and past the end of the P2M.
 */
static void test_unaligned_base_refused(void)
{
	struct pv_layout_in in = debian;
	struct pv_layout l;

	in.v_start = debian.v_start + 0x800;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
	in.v_start = debian.v_start + 1;
	CHECK_EQ(pv_layout_compute(&in, &l), -34);
	/* A kernel start off a page boundary is fine: only the region
	 * base matters. */
	in = debian;
	in.kstart = debian.kstart + 0x123;
	CHECK_EQ(pv_layout_compute(&in, &l), 0);
	CHECK_EQ((l.v_end - in.v_start) % 4096, 0ULL);
}

static void test_nr_tables(void)
{
	CHECK_EQ(pv_layout_nr_tables(0, 1, 21), 1UL);
	CHECK_EQ(pv_layout_nr_tables(0x1ff000, 0x201000, 21), 2UL);
	CHECK_EQ(pv_layout_nr_tables(0xffffffff80000000ULL, 0, 30), 2UL);
}

int main(void)
{
	test_debian_initrd_by_pfn();
	test_debian_everything_mapped();
	test_domu_ring_pages();
	test_slack_adds_4mib();
	test_refusals();
	test_unaligned_base_refused();
	test_nr_tables();
	return check_summary("pv-layout");
}
