/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-foreign-frame: a guest maps only its own frames.
 *
 * Rule: an L1 entry may map a RAM frame only if the frame belongs to the
 * domain (without a foreigndom); anything else is refused with -EBUSY
 * (Xen 4.17) and the entry keeps its old value. With several domains the
 * frames next to this domain's belong to the others (satori's bootdoms
 * boot test); alone on Xen they are free or the hypervisor's.
 * Attack: map every frame in the 512 frames below this domain's lowest and
 * above its highest frame (below the highest RAM page), read-only and
 * read-write, with update_va_mapping, and read-only with mmu_update.
 * The first MiB is left out: it is I/O (BIOS ROM, the partly reserved
 * page below 0xa0000) that dom0 may map, as under Xen (dom_io).
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "hostile/mmu-foreign-frame";

#define SPAN 512UL
#define FIRST_NON_ISA_FRAME 0x100UL

static unsigned int tried;

static void attack(uint64_t mfn)
{
	uint64_t va = (uint64_t)mmu_window(0), before = 0, after = 0;
	uint64_t ptr = mmu_entry_maddr(va, 1, &before);
	long rc;

	rc = hc_update_va_mapping(va, (mfn << 12) | PTE_FLAGS_RO, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_fail("update_va_mapping RO of frame %#lx: %ld", mfn, rc);
	rc = hc_update_va_mapping(va, (mfn << 12) | PTE_FLAGS_RW, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_fail("update_va_mapping RW of frame %#lx: %ld", mfn, rc);
	rc = mmu_update1(ptr, (mfn << 12) | PTE_FLAGS_RO);
	if (rc != -XEN_EBUSY)
		test_fail("mmu_update RO of frame %#lx: %ld", mfn, rc);
	mmu_entry_maddr(va, 1, &after);
	if (after != before)
		test_fail("entry changed: %#lx -> %#lx", before, after);
	tried++;
}

void test_main(void)
{
	uint64_t lo = ~0UL, hi = 0, pfn, mfn;
	long max = hc_memory_op(XENMEM_maximum_ram_page, NULL);

	for (pfn = 0; pfn < start_info->nr_pages; pfn++) {
		mfn = mmu_pfn_to_mfn(pfn);
		lo = mfn < lo ? mfn : lo;
		hi = mfn > hi ? mfn : hi;
	}
	if (max <= 0)
		test_error("maximum_ram_page: %ld", max);
	printf("own frames %#lx-%#lx, highest RAM %#lx\n", lo, hi, max);
	for (mfn = lo > SPAN + FIRST_NON_ISA_FRAME ? lo - SPAN
						   : FIRST_NON_ISA_FRAME;
	     mfn < lo; mfn++)
		attack(mfn);
	for (mfn = hi + 1; mfn <= hi + SPAN && mfn <= (uint64_t)max; mfn++)
		attack(mfn);
	if (!tried)
		test_error("no frame outside this domain to try");
	printf("%u foreign frames refused\n", tried);
	test_success();
}
