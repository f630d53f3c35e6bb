/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-xen-l4-slot: the hypervisor's L4 slots cannot be written.
 *
 * Rule: L4 slots 256-271 belong to the hypervisor; mmu_update of one of
 * them, whatever the value (its current one, zero, a guest table), is
 * -EINVAL (Xen 4.17) and leaves the slot unchanged. Slots 255 and 272, on
 * either side, are the guest's.
 * Attack: write every hypervisor slot of the live L4 with those values.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-xen-l4-slot";

void test_main(void)
{
	const volatile uint64_t *l4 = mmu_boot_l4();
	uint64_t l4_maddr = mmu_boot_l4_mfn() << 12;
	uint64_t guest_l3 = l4[0];
	uint64_t after;
	unsigned int slot, i;

	for (slot = 256; slot < 272; slot++) {
		uint64_t before = l4[slot];
		const uint64_t vals[3] = { before, 0, guest_l3 };

		for (i = 0; i < 3; i++) {
			long rc = mmu_update1(l4_maddr + slot * 8UL, vals[i]);

			if (rc != -XEN_EINVAL)
				test_fail("slot %u = %#lx: got %ld, want %d",
					  slot, vals[i], rc, -XEN_EINVAL);
		}
		/* Re-read through the library's view of the same frame. */
		after = mmu_table_view(mmu_boot_l4_mfn())[slot];
		if (after != before)
			test_fail("slot %u changed: %#lx -> %#lx", slot, before,
				  after);
	}
	CHECK_EQ("slot 255 = 0", mmu_update1(l4_maddr + 255UL * 8, l4[255]), 0);
	CHECK_EQ("slot 272 = 0", mmu_update1(l4_maddr + 272UL * 8, l4[272]), 0);
	test_success();
}
