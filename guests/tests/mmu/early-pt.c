/* SPDX-License-Identifier: MIT */
/*
 * mmu/early-pt: the page-table setup a Linux kernel does at boot.
 *
 * Build a fresh L4/L3/L2/L1 hierarchy in unused frames that maps the
 * kernel as the builder's tables do (written through read-write window
 * mappings, then mapped read-only as Linux does), except that one probe
 * page maps a frame holding a marker. Pin the new L4 (which validates the
 * whole hierarchy), switch to it with MMUEXT_NEW_BASEPTR, keep running
 * (stack, code, data, hypercalls) and see the probe page's new frame and
 * CR3 change; switch back, unpin, and check that every new table frame
 * can be mapped writable again (unpinning devalidated them).
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/early-pt";

#define MARKER 0x6d61726b6572UL
#define ORIGINAL 0x6f726967UL

static volatile uint64_t probe[512] __attribute__((aligned(4096)));

/* Runs on the new tables: a call, the stack, .data and console_io. */
static uint64_t __attribute__((noinline)) look(void)
{
	volatile uint64_t on_stack = probe[0];

	printf("on the new tables: probe reads %#lx\n", on_stack);
	return on_stack;
}

static void check_all_untyped(const struct mmu_clone *c)
{
	unsigned int i;

	mmu_clone_unmap(c);
	for (i = 0; i < c->nr; i++)
		if (mmu_check_untyped(14, c->mfn[i]))
			test_fail("table frame %u (L%u) is still a table", i,
				  c->level[i]);
}

void test_main(void)
{
	uint64_t boot_l4 = mmu_boot_l4_mfn(), marker = mmu_frame_alloc();
	struct mmu_clone c;
	long rc;

	if (!marker)
		test_error("no spare frame");
	CHECK_EQ("map marker frame", mmu_window_map(15, marker, PTE_FLAGS_RW),
		 0);
	*(volatile uint64_t *)mmu_window(15) = MARKER;
	CHECK_EQ("unmap marker frame", mmu_window_map(15, 0, 0), 0);
	probe[0] = ORIGINAL;

	rc = mmu_clone_boot_tables(&c, (uint64_t)probe, marker);
	if (rc)
		test_error("building the new tables: %ld", rc);
	printf("new hierarchy: %u tables, L4 %#lx\n", c.nr, c.l4_mfn);
	CHECK_EQ("CR3 before", mmu_read_cr3(), boot_l4 << 12);
	CHECK_EQ("pin the new L4", mmu_pin(4, c.l4_mfn), 0);
	CHECK_EQ("new_baseptr(new L4)",
		 mmuext1(MMUEXT_NEW_BASEPTR, c.l4_mfn, 0), 0);
	CHECK_EQ("CR3 on the new tables", mmu_read_cr3(), c.l4_mfn << 12);
	CHECK_EQ("probe on the new tables", look(), MARKER);
	probe[1] = 1; /* writable through the new L1 */

	CHECK_EQ("new_baseptr(boot L4)",
		 mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
	CHECK_EQ("CR3 back", mmu_read_cr3(), boot_l4 << 12);
	CHECK_EQ("probe on the boot tables", probe[0], ORIGINAL);
	CHECK_EQ("probe[1] on the boot tables", probe[1], 0);
	CHECK_EQ("unpin the new L4", mmu_unpin(c.l4_mfn), 0);
	check_all_untyped(&c);
	CHECK_EQ("map marker frame again",
		 mmu_window_map(15, marker, PTE_FLAGS_RO), 0);
	CHECK_EQ("marker frame written through the probe",
		 ((volatile uint64_t *)mmu_window(15))[1], 1);
	test_success();
}
