/* SPDX-License-Identifier: MIT */
/*
 * Deep page-table hierarchies and the part-validation spinner for the
 * hostile MMU tests (contracts in guest/deep-pt.h). The tables are
 * written through an MMU window slot with one shared 4 KiB buffer: test
 * kernels are single-threaded where they build tables.
 */
#include <guest/abi.h>
#include <guest/deep-pt.h>
#include <guest/mmu.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/vcpu.h>

static uint64_t buf[512];

uint64_t pt_frame_alloc_or_die(void)
{
	uint64_t mfn = mmu_frame_alloc();

	if (!mfn)
		test_error("out of spare frames");
	return mfn;
}

void pt_table_write_or_die(unsigned int slot, uint64_t mfn,
			   const uint64_t *entries)
{
	if (mmu_table_fill(slot, mfn, entries, 512) ||
	    mmu_window_map(slot, 0, 0))
		test_error("cannot write table frame %lx", mfn);
}

void deep_pt_alloc(struct deep_pt *h)
{
	unsigned int i;

	h->l4 = pt_frame_alloc_or_die();
	h->l3 = pt_frame_alloc_or_die();
	for (i = 0; i < DEEP_PT_NR_L2; i++)
		h->l2[i] = pt_frame_alloc_or_die();
	for (i = 0; i < DEEP_PT_NR_L1; i++)
		h->l1[i] = pt_frame_alloc_or_die();
}

void deep_pt_write(const struct deep_pt *h, unsigned int slot, uint64_t leaf,
		   uint64_t last)
{
	unsigned int i, j;

	for (i = 0; i < 512; i++)
		buf[i] = leaf;
	for (i = 0; i < DEEP_PT_NR_L1; i++) {
		if (i == DEEP_PT_NR_L1 - 1)
			buf[511] = last;
		pt_table_write_or_die(slot, h->l1[i], buf);
	}
	for (j = 0; j < DEEP_PT_NR_L2; j++) {
		for (i = 0; i < 512; i++)
			buf[i] = (h->l1[j * 512 + i] << 12) | PTE_FLAGS_RW;
		pt_table_write_or_die(slot, h->l2[j], buf);
	}
	memset(buf, 0, sizeof(buf));
	for (j = 0; j < DEEP_PT_NR_L2; j++)
		buf[j] = (h->l2[j] << 12) | PTE_FLAGS_RW;
	pt_table_write_or_die(slot, h->l3, buf);
	memset(buf, 0, sizeof(buf));
	buf[1] = (h->l3 << 12) | PTE_FLAGS_RW;
	pt_table_write_or_die(slot, h->l4, buf);
}

unsigned int deep_pt_typed_frames(const struct deep_pt *h, unsigned int slot)
{
	unsigned int i, n = 0;

	n += mmu_check_untyped(slot, h->l4) != 0;
	n += mmu_check_untyped(slot, h->l3) != 0;
	for (i = 0; i < DEEP_PT_NR_L2; i++)
		n += mmu_check_untyped(slot, h->l2[i]) != 0;
	for (i = 0; i < DEEP_PT_NR_L1; i++)
		n += mmu_check_untyped(slot, h->l1[i]) != 0;
	return n;
}

static uint64_t spin_l4;
static volatile unsigned int spin_partials;
static volatile long spin_odd_rc;
static volatile int spin_running, spin_stop;

static void spinner(unsigned int id)
{
	(void)id;
	spin_running = 1;
	while (!spin_stop) {
		long rc = mmu_update1((spin_l4 << 12) + 2UL * sizeof(uint64_t),
				      0);

		if (rc == -XEN_EINVAL)
			spin_partials++;
		else if (rc)
			spin_odd_rc = rc;
	}
}

void deep_pt_spinner_start(uint64_t l4_mfn)
{
	spin_l4 = l4_mfn;
	if (vcpu_start(1, spinner) == 0)
		while (!spin_running)
			;
}

void deep_pt_spinner_stop(void)
{
	spin_stop = 1;
}

unsigned int deep_pt_spinner_partials(void)
{
	return spin_partials;
}

long deep_pt_spinner_odd_rc(void)
{
	return spin_odd_rc;
}

const char *deep_pt_spinner_saw(unsigned int since)
{
	if (!spin_running)
		return "absent";
	return spin_partials != since ? "saw the L4 partial"
				      : "did not see the L4 partial";
}
