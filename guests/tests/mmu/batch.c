/* SPDX-License-Identifier: MIT */
/*
 * mmu/batch: mmu_update batches, done counts and where a batch stops.
 *
 * One request and 64 requests in one call: all done, done_out = count,
 * every entry as requested. A batch whose third request is refused (a
 * writable mapping of the live L4, -EBUSY) stops there: the first two
 * are done, done_out = 2, the rest untouched (Xen 4.17). Also: count 0
 * does nothing (0, done_out 0); an unreadable request array is -EFAULT
 * with done_out 0; an unknown foreigndom is -ESRCH; an entry in a plain
 * writable data page is written as it is; a done_out pointer the guest
 * cannot write is ignored (Xen 4.17 returns 0).
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/batch";

#define SLOTS 8U
#define MANY 64U

static uint8_t pages[SLOTS][4096] __attribute__((aligned(4096)));
static uint64_t plain[512] __attribute__((aligned(4096)));
static struct mmu_update req[MANY];

static uint64_t slot_ptr(unsigned int slot)
{
	return mmu_entry_maddr((uint64_t)mmu_window(slot), 1, NULL);
}

static uint64_t slot_mfn(unsigned int slot)
{
	uint64_t pte = 0;

	mmu_entry_maddr((uint64_t)mmu_window(slot), 1, &pte);
	return (pte & PTE_PRESENT) ? PTE_MFN(pte) : 0;
}

static uint64_t ro(unsigned int page)
{
	return (mmu_virt_to_mfn(pages[page]) << 12) | PTE_FLAGS_RO;
}

static void batches_that_work(void)
{
	unsigned int i, done = 99;

	req[0].ptr = slot_ptr(0);
	req[0].val = ro(0);
	CHECK_EQ("one request", hc_mmu_update(req, 1, &done, DOMID_SELF), 0);
	CHECK_EQ("done_out of one", done, 1);
	CHECK_EQ("slot 0 after one", slot_mfn(0), mmu_virt_to_mfn(pages[0]));

	/* Each slot is rewritten eight times; the last value wins. */
	for (i = 0; i < MANY; i++) {
		req[i].ptr = slot_ptr(i % SLOTS);
		req[i].val = ro((i + i / SLOTS) % SLOTS);
	}
	done = 0;
	CHECK_EQ("64 requests", hc_mmu_update(req, MANY, &done, DOMID_SELF), 0);
	CHECK_EQ("done_out of 64", done, MANY);
	for (i = 0; i < SLOTS; i++)
		if (slot_mfn(i) !=
		    mmu_virt_to_mfn(pages[(i + MANY / SLOTS - 1) % SLOTS]))
			test_fail("slot %u maps %#lx after 64 requests", i,
				  slot_mfn(i));
}

static void batch_that_stops(void)
{
	unsigned int i, done = 99;
	uint64_t before[4];

	for (i = 0; i < 4; i++)
		before[i] = slot_mfn(i);
	for (i = 0; i < 4; i++) {
		req[i].ptr = slot_ptr(i);
		req[i].val = ro(7 - i);
	}
	req[2].val = (mmu_boot_l4_mfn() << 12) | PTE_FLAGS_RW;
	CHECK_EQ("batch with a bad third request",
		 hc_mmu_update(req, 4, &done, DOMID_SELF), -XEN_EBUSY);
	CHECK_EQ("done_out at the failure", done, 2);
	CHECK_EQ("slot 0 done", slot_mfn(0), mmu_virt_to_mfn(pages[7]));
	CHECK_EQ("slot 1 done", slot_mfn(1), mmu_virt_to_mfn(pages[6]));
	CHECK_EQ("slot 2 untouched", slot_mfn(2), before[2]);
	CHECK_EQ("slot 3 untouched", slot_mfn(3), before[3]);
}

static void odd_batches(void)
{
	unsigned int done = 99;

	CHECK_EQ("count 0", hc_mmu_update(req, 0, &done, DOMID_SELF), 0);
	CHECK_EQ("done_out of count 0", done, 0);
	done = 99;
	CHECK_EQ("unmapped request array",
		 hc_mmu_update((const struct mmu_update *)0x40000000UL, 4,
			       &done, DOMID_SELF),
		 -XEN_EFAULT);
	CHECK_EQ("done_out of the unmapped array", done, 0);
	req[0].ptr = slot_ptr(0);
	req[0].val = ro(0);
	CHECK_EQ("foreigndom 0x7fe0 (no such domain)",
		 hc_mmu_update(req, 1, NULL, 0x7fe0), -XEN_ESRCH);
	req[0].ptr = (mmu_virt_to_mfn(plain) << 12) + 40; /* entry 5 */
	req[0].val = 0x1234;
	CHECK_EQ("entry in a plain data page",
		 hc_mmu_update(req, 1, NULL, DOMID_SELF), 0);
	CHECK_EQ("data page written", plain[5], 0x1234);
	req[0].ptr = slot_ptr(0);
	req[0].val = ro(1);
	CHECK_EQ("done_out in the hypervisor's range",
		 hc_mmu_update(req, 1,
			       (unsigned int *)(__HYPERVISOR_VIRT_START + 4096),
			       DOMID_SELF),
		 0);
	CHECK_EQ("that request done", slot_mfn(0), mmu_virt_to_mfn(pages[1]));
}

void test_main(void)
{
	batches_that_work();
	batch_that_stops();
	odd_batches();
	test_success();
}
