/* SPDX-License-Identifier: MIT */
/*
 * The PV MMU helpers of guest/mmu.h. Everything here reads the domain's
 * tables through the builder's read-only bootstrap mappings and changes
 * them only through hypercalls, so the same code works on any hypervisor
 * that builds a domain the way Xen's dom0 builder does.
 */
#include <guest/mmu.h>
#include <guest/test.h>

long hc_mmu_update(const struct mmu_update *req, unsigned int count,
		   unsigned int *done, unsigned int foreigndom)
{
	return hypercall(__HYPERVISOR_mmu_update, (uint64_t)req, count,
			 (uint64_t)done, foreigndom, 0);
}

long hc_memory_op(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_memory_op, cmd, (uint64_t)arg, 0, 0, 0);
}

long mmu_update1(uint64_t ptr, uint64_t val)
{
	struct mmu_update req = { .ptr = ptr, .val = val };

	return hc_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long mmu_pin(unsigned int level, uint64_t mfn)
{
	return mmuext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

long mmu_unpin(uint64_t mfn)
{
	return mmuext1(MMUEXT_UNPIN_TABLE, mfn, 0);
}

static long reservation(unsigned int cmd, xen_pfn_t *frame)
{
	struct xen_memory_reservation r = {
		.nr_extents = 1,
		.domid = DOMID_SELF,
	};

	set_xen_guest_handle(r.extent_start, frame);
	return hc_memory_op(cmd, &r);
}

long mmu_give_back(uint64_t mfn)
{
	xen_pfn_t frame = mfn;

	return reservation(XENMEM_decrease_reservation, &frame);
}

long mmu_take_one(uint64_t *mfn)
{
	xen_pfn_t frame = 0;
	long rc = reservation(XENMEM_increase_reservation, &frame);

	*mfn = frame;
	return rc;
}

uint64_t mmu_pfn_to_mfn(uint64_t pfn)
{
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

uint64_t mmu_mfn_to_pfn(uint64_t mfn)
{
	return ((const volatile uint64_t *)__MACH2PHYS_VIRT_START)[mfn];
}

int mmu_mfn_is_own(uint64_t mfn)
{
	uint64_t pfn = mmu_mfn_to_pfn(mfn);

	return pfn < start_info->nr_pages && mmu_pfn_to_mfn(pfn) == mfn;
}

uint64_t *mmu_boot_l4(void)
{
	return (uint64_t *)start_info->pt_base;
}

uint64_t mmu_boot_l4_mfn(void)
{
	return mmu_pfn_to_mfn(start_info->pt_base >> 12);
}

/* The bootstrap tables are the nr_pt_frames frames from pt_base's pfn. */
const uint64_t *mmu_table_view(uint64_t mfn)
{
	uint64_t first = start_info->pt_base >> 12;
	uint64_t pfn = mmu_mfn_to_pfn(mfn);

	if (pfn < first || pfn >= first + start_info->nr_pt_frames ||
	    mmu_pfn_to_mfn(pfn) != mfn)
		return NULL;
	return (const uint64_t *)(pfn << 12);
}

uint64_t mmu_entry_maddr(uint64_t va, unsigned int level, uint64_t *pte)
{
	uint64_t mfn = mmu_boot_l4_mfn();
	unsigned int lvl;

	for (lvl = 4; lvl >= level; lvl--) {
		const uint64_t *t = mmu_table_view(mfn);
		unsigned int idx = PT_INDEX(va, lvl);
		uint64_t e;

		if (!t)
			return 0;
		e = t[idx];
		if (lvl == level) {
			if (pte)
				*pte = e;
			return (mfn << 12) + (uint64_t)idx * 8;
		}
		if (!(e & PTE_PRESENT) || (e & PTE_PSE))
			return 0;
		mfn = PTE_MFN(e);
	}
	return 0;
}

uint64_t mmu_virt_to_mfn(const void *va)
{
	uint64_t pte = 0;

	if (!mmu_entry_maddr((uint64_t)va, 1, &pte) || !(pte & PTE_PRESENT))
		return 0;
	return PTE_MFN(pte);
}

uint64_t mmu_frame_alloc(void)
{
	static uint64_t next_pfn;

	if (!next_pfn)
		next_pfn = start_info->nr_pages;
	while (next_pfn > 1) {
		uint64_t pfn = --next_pfn;

		if (!mmu_virt_to_mfn((const void *)(pfn << 12)))
			return mmu_pfn_to_mfn(pfn);
	}
	return 0;
}

static uint8_t window[MMU_WINDOW_SLOTS][4096] __attribute__((aligned(4096)));

void *mmu_window(unsigned int slot)
{
	return window[slot];
}

long mmu_window_map(unsigned int slot, uint64_t mfn, uint64_t flags)
{
	uint64_t pte = flags ? (mfn << 12) | flags : 0;

	return hc_update_va_mapping((uint64_t)window[slot], pte,
				    UVMF_INVLPG | UVMF_LOCAL);
}

long mmu_table_fill(unsigned int slot, uint64_t mfn, const uint64_t *entries,
		    unsigned int n)
{
	long rc = mmu_window_map(slot, mfn, PTE_FLAGS_RW);

	if (rc)
		return rc;
	memset(window[slot], 0, 4096);
	if (entries)
		memcpy(window[slot], entries, n * sizeof(*entries));
	return mmu_window_map(slot, mfn, PTE_FLAGS_RO);
}

/* One staging buffer per level: the boot stack is too small for them. */
static uint64_t clone_buf[5][512];

static int in_window(uint64_t va)
{
	return va >= (uint64_t)window[0] &&
	       va < (uint64_t)window[MMU_WINDOW_SLOTS - 1] + 4096;
}

static void clone_l1(uint64_t va_base, const uint64_t *old, uint64_t probe_va,
		     uint64_t probe_mfn)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		uint64_t va = va_base + ((uint64_t)i << 12);

		if (in_window(va))
			clone_buf[1][i] = 0;
		else if (probe_va && va == probe_va)
			clone_buf[1][i] = (probe_mfn << 12) | PTE_FLAGS_RW;
		else
			clone_buf[1][i] = old[i];
	}
}

/* Copies table @mfn of @level mapping from @va_base; the copy's frame. */
static long clone_table(struct mmu_clone *c, unsigned int level, uint64_t mfn,
			uint64_t va_base, uint64_t probe_va, uint64_t probe_mfn,
			uint64_t *new_mfn)
{
	const uint64_t *old = mmu_table_view(mfn);
	unsigned int i, limit = level == 4 ? 256 : 512;
	uint64_t frame = mmu_frame_alloc();
	unsigned int slot = c->nr;
	long rc;

	if (!old || !frame || c->nr >= MMU_CLONE_MAX)
		return -XEN_ENOMEM;
	c->mfn[c->nr] = frame;
	c->level[c->nr] = level;
	c->nr++;
	if (level == 1) {
		clone_l1(va_base, old, probe_va, probe_mfn);
	} else {
		for (i = 0; i < limit; i++) {
			uint64_t e = old[i], child;
			uint64_t va = va_base +
				      ((uint64_t)i << (12 + 9 * (level - 1)));

			if (!(e & PTE_PRESENT)) {
				clone_buf[level][i] = 0;
				continue;
			}
			rc = clone_table(c, level - 1, PTE_MFN(e), va, probe_va,
					 probe_mfn, &child);
			if (rc)
				return rc;
			clone_buf[level][i] = (child << 12) | (e & 0xfffUL);
		}
		for (; i < 512; i++)
			clone_buf[level][i] = 0;
	}
	*new_mfn = frame;
	return mmu_table_fill(slot, frame, clone_buf[level], 512);
}

long mmu_clone_boot_tables(struct mmu_clone *c, uint64_t probe_va,
			   uint64_t probe_mfn)
{
	memset(c, 0, sizeof(*c));
	return clone_table(c, 4, mmu_boot_l4_mfn(), 0, probe_va, probe_mfn,
			   &c->l4_mfn);
}

void mmu_clone_unmap(const struct mmu_clone *c)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++)
		mmu_window_map(i, 0, 0);
}

long mmu_check_untyped(unsigned int slot, uint64_t mfn)
{
	long rc = mmu_window_map(slot, mfn, PTE_FLAGS_RW);

	if (rc)
		return rc;
	return mmu_window_map(slot, 0, 0);
}

long mmu_boot_walk(uint64_t va, uint64_t t[5])
{
	unsigned int lvl;

	t[0] = 0;
	for (lvl = 4; lvl >= 1; lvl--) {
		uint64_t maddr = mmu_entry_maddr(va, lvl, NULL);

		if (!maddr)
			return -XEN_EINVAL;
		t[lvl] = maddr >> 12;
	}
	return 0;
}

uint64_t mmu_read_cr3(void)
{
	uint64_t cr3;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	return cr3;
}
