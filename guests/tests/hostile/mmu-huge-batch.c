/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-huge-batch: one mmu_update call with 1,000,000 requests
 * completes without holding the CPU for the whole batch.
 *
 * Rule: a long batch is the guest's right, but the hypervisor must stay
 * responsive: it preempts the batch (a hypercall continuation: the call
 * is re-entered transparently with the remaining requests) so that timers
 * fire and other domains run, and the guest sees one call that did
 * everything: 0, done_out = count.
 * Attack: 1,000,000 requests (16 MB) that point the same L1 entry
 * alternately at two of the guest's pages. Checked: the result, done_out,
 * the entry's final frame, and that the run ends within the runner's
 * timeout; the call's duration by the pvclock is printed (Xen 4.17 under
 * TCG: about 1.1 s). That the hypervisor stays responsive meanwhile is
 * satori's boot test bootdoms-mmu-hostile: it runs this kernel next to a
 * domain that keeps printing.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-huge-batch";

#define COUNT 1000000U

static struct mmu_update req[COUNT];
static uint8_t pages[2][4096] __attribute__((aligned(4096)));

static uint64_t system_time(void)
{
	volatile struct vcpu_time_info *t;
	uint64_t ns;
	uint32_t v;

	if (!vcpu0_info)
		return 0;
	t = &vcpu0_info->time;
	do {
		v = t->version;
		__asm__ volatile("" ::: "memory");
		ns = t->system_time;
		__asm__ volatile("" ::: "memory");
	} while ((v & 1) || v != t->version);
	return ns;
}

void test_main(void)
{
	uint64_t va = (uint64_t)mmu_window(0), pte = 0, t0, t1;
	uint64_t ptr = mmu_entry_maddr(va, 1, NULL);
	uint64_t val[2];
	unsigned int i, done = 0;
	long rc;

	if (!ptr)
		test_error("no window entry");
	for (i = 0; i < 2; i++)
		val[i] = (mmu_virt_to_mfn(pages[i]) << 12) | PTE_FLAGS_RO;
	for (i = 0; i < COUNT; i++) {
		req[i].ptr = ptr;
		req[i].val = val[i & 1];
	}
	t0 = system_time();
	printf("hostile/mmu-huge-batch: %u requests in one call\n", COUNT);
	rc = hc_mmu_update(req, COUNT, &done, DOMID_SELF);
	t1 = system_time();
	printf("hostile/mmu-huge-batch: returned %ld after %lu ms\n", rc,
	       (t1 - t0) / 1000000);
	CHECK_EQ("mmu_update of 1,000,000", rc, 0);
	CHECK_EQ("done_out", done, COUNT);
	mmu_entry_maddr(va, 1, &pte);
	CHECK_EQ("entry's final frame", PTE_MFN(pte), val[1] >> 12);
	test_success();
}
