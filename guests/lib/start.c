/* SPDX-License-Identifier: MIT */
/*
 * From head.S to test_main(): keep the start_info pointer, unmap page 0
 * (linked at 1 MiB with no VIRT_BASE, the builder maps VA 0 too, and a
 * NULL pointer should fault), map the shared info page so exception
 * handlers can read CR2 from vcpu_info, run the test. Both use
 * update_va_mapping; if the hypervisor refuses, tests run without them
 * (null_page_unmapped is 0, vcpu0_info stays NULL).
 */
#include <guest/test.h>

const struct start_info *start_info;
volatile struct vcpu_info *vcpu0_info;
int null_page_unmapped;

/* Replaced by the shared_info frame; never used as ordinary memory. */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));

static void map_shared_info(void)
{
	uint64_t pte = (start_info->shared_info & ~0xfffUL) | PTE_PRESENT |
		       PTE_RW | PTE_ACCESSED | PTE_DIRTY;

	if (hc_update_va_mapping((uint64_t)shared_info_page, pte,
				 UVMF_INVLPG) == 0)
		vcpu0_info = (volatile struct vcpu_info *)shared_info_page;
}

void guest_start(const struct start_info *si);
void guest_start(const struct start_info *si)
{
	start_info = si;
	null_page_unmapped = hc_update_va_mapping(0, 0, UVMF_INVLPG) == 0;
	map_shared_info();
	test_main();
	test_error("test_main returned without a verdict");
}
