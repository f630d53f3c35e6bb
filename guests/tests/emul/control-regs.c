/* SPDX-License-Identifier: MIT */
/*
 * emul/control-regs: mov from CR0, CR3 and CR4 is emulated for a PV
 * kernel. CR0 has PE and PG set; CR4 has PAE; CR3 holds the machine
 * address of the guest's L4 table (start_info.pt_base translated through
 * the p2m list, start_info.mfn_list).
 */
#include <guest/test.h>

const char test_name[] = "emul/control-regs";

void test_main(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	uint64_t cr0, cr3, cr4, l4_mfn;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	printf("cr0 %#lx cr3 %#lx cr4 %#lx\n", cr0, cr3, cr4);
	CHECK_EQ("CR0.PE", cr0 & 1, 1);
	CHECK_EQ("CR0.PG", (cr0 >> 31) & 1, 1);
	CHECK_EQ("CR4.PAE", (cr4 >> 5) & 1, 1);
	/* VA = PA in this layout: the PFN of pt_base is its VA >> 12. */
	l4_mfn = p2m[start_info->pt_base >> 12];
	CHECK_EQ("CR3", cr3, l4_mfn << 12);
	test_success();
}
