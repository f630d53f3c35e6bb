/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-xen-frame: the hypervisor's own frames cannot be mapped or
 * have their M2P entry changed.
 *
 * Rule: the frames behind the hypervisor's L4 slots (256-271) belong to
 * the hypervisor: an L1 entry mapping one, read-only or read-write, is
 * refused with -EBUSY, and MMU_MACHPHYS_UPDATE of one with -EINVAL
 * (Xen 4.17); nothing changes.
 * Attack: read the hypervisor's slots of the guest's own L4 (the guest
 * sees them read-only) and try to map every table frame they name, with
 * update_va_mapping and with mmu_update, then rewrite its M2P entry.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-xen-frame";

static void attack(unsigned int slot, uint64_t mfn)
{
	uint64_t va = (uint64_t)mmu_window(0), before = 0, after = 0;
	uint64_t ptr = mmu_entry_maddr(va, 1, &before);
	long rc;

	rc = hc_update_va_mapping(va, (mfn << 12) | PTE_FLAGS_RO, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_fail("slot %u frame %#lx: update_va_mapping RO: %ld", slot,
			  mfn, rc);
	rc = hc_update_va_mapping(va, (mfn << 12) | PTE_FLAGS_RW, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_fail("slot %u frame %#lx: update_va_mapping RW: %ld", slot,
			  mfn, rc);
	rc = mmu_update1(ptr, (mfn << 12) | PTE_FLAGS_RW);
	if (rc != -XEN_EBUSY)
		test_fail("slot %u frame %#lx: mmu_update RW: %ld", slot, mfn,
			  rc);
	rc = mmu_update1((mfn << 12) | MMU_MACHPHYS_UPDATE, 1);
	if (rc != -XEN_EINVAL)
		test_fail("slot %u frame %#lx: MMU_MACHPHYS_UPDATE: %ld", slot,
			  mfn, rc);
	mmu_entry_maddr(va, 1, &after);
	if (after != before)
		test_fail("entry changed: %#lx -> %#lx", before, after);
}

void test_main(void)
{
	const uint64_t *l4 = mmu_boot_l4();
	uint64_t own_l4 = mmu_boot_l4_mfn();
	unsigned int slot, tried = 0;

	for (slot = 256; slot < 272; slot++) {
		uint64_t mfn = PTE_MFN(l4[slot]);

		/* Xen's linear slot names the guest's own L4: skip it. */
		if (!(l4[slot] & PTE_PRESENT) || mfn == own_l4)
			continue;
		attack(slot, mfn);
		tried++;
	}
	if (!tried)
		test_error("no hypervisor slot present in the L4");
	printf("%u hypervisor frames refused\n", tried);
	test_success();
}
