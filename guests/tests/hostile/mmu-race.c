/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-race: two vCPUs of one domain racing on the same frame and
 * the same entry cannot break the page-table invariant.
 *
 * Rule: a frame is never a pinned page table and writable-mapped at the
 * same time, however two vCPUs interleave their hypercalls; every call
 * gets a clean answer (0 or Xen's errno) and the end state is consistent.
 * Attack: vCPU 1 loops mapping a spare frame read-write through one L1
 * entry and unmapping it (mmu_update; 0 or -EBUSY); vCPU 0 loops pinning
 * the same frame as an L1 and unpinning it (0 or -EINVAL) and, each time
 * its pin succeeded, reads the entry: it must not map the frame
 * read-write. Meanwhile both rewrite a second entry with their own frame
 * (update_va_mapping), which must end as one of the two. At the end the
 * frame is neither pinned nor a table.
 */
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "hostile/mmu-race";

#define ROUNDS 3000U

static uint64_t spare, entry_ptr;
static volatile unsigned int go, finished, maps_ok, pins_ok;
static volatile long odd_rc;
static uint8_t own[2][4096] __attribute__((aligned(4096)));

static void shared_entry(unsigned int who)
{
	long rc = hc_update_va_mapping(
		(uint64_t)mmu_window(1),
		(mmu_virt_to_mfn(own[who]) << 12) | PTE_FLAGS_RO, UVMF_INVLPG);

	if (rc)
		odd_rc = rc;
}

static void mapper(unsigned int id)
{
	unsigned int i;

	while (!go)
		;
	for (i = 0; i < ROUNDS; i++) {
		long rc = mmu_update1(entry_ptr, (spare << 12) | PTE_FLAGS_RW);

		if (rc == 0) {
			maps_ok++;
			rc = mmu_update1(entry_ptr, 0);
		}
		if (rc && rc != -XEN_EBUSY)
			odd_rc = rc;
		shared_entry(id);
	}
	finished = 1;
}

static void pinner(void)
{
	const volatile uint64_t *entry;
	unsigned int i;

	entry = mmu_table_view(entry_ptr >> 12) + (entry_ptr & 0xfff) / 8;
	for (i = 0; i < ROUNDS || !finished; i++) {
		long rc = mmu_pin(1, spare);

		if (rc == 0) {
			uint64_t e = *entry;

			pins_ok++;
			if ((e & PTE_PRESENT) && (e & PTE_RW) &&
			    PTE_MFN(e) == spare)
				test_fail("pinned L1 %#lx is mapped RW: %#lx",
					  spare, e);
			CHECK_EQ("unpin after a good pin", mmu_unpin(spare), 0);
		} else if (rc != -XEN_EINVAL) {
			odd_rc = rc;
		}
		shared_entry(0);
	}
}

void test_main(void)
{
	uint64_t e = 0;

	spare = mmu_frame_alloc();
	entry_ptr = mmu_entry_maddr((uint64_t)mmu_window(0), 1, NULL);
	if (!spare || !entry_ptr)
		test_error("no spare frame or window entry");
	/* Start from an empty entry: the end state must be empty again. */
	CHECK_EQ("empty the entry", mmu_window_map(0, 0, 0), 0);
	CHECK_EQ("start vCPU 1", vcpu_start(1, mapper), 0);
	go = 1;
	pinner();
	printf("racing: %u writable maps, %u pins succeeded\n", maps_ok,
	       pins_ok);
	if (odd_rc)
		test_fail("a racing call returned %ld", odd_rc);
	CHECK_EQ("unpin at the end (not pinned)", mmu_unpin(spare),
		 -XEN_EINVAL);
	mmu_entry_maddr((uint64_t)mmu_window(0), 1, &e);
	CHECK_EQ("entry at the end", e & PTE_PRESENT, 0);
	CHECK_EQ("frame untyped at the end", mmu_check_untyped(2, spare), 0);
	mmu_entry_maddr((uint64_t)mmu_window(1), 1, &e);
	if (PTE_MFN(e) != mmu_virt_to_mfn(own[0]) &&
	    PTE_MFN(e) != mmu_virt_to_mfn(own[1]))
		test_fail("shared entry maps neither vCPU's frame: %#lx", e);
	test_success();
}
