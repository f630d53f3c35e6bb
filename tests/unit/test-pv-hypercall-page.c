/* unit-sources: hv/arch/x86/pv/hypercall-page.c */
/* SPDX-License-Identifier: MIT */
/*
 * The 64-bit PV hypercall page: 0xcc filler, 32-byte SYSCALL stubs that
 * preserve RCX and R11, and the iret slot (23) that pushes RAX and never
 * returns (pv-abi 1.11).
 */
#include <string.h>

#include "../../hv/arch/x86/pv/hypercall-page.h"

#include "check.h"

static void test_hypercall_page(void)
{
	static const uint8_t slot1[] = { 0x51, 0x41, 0x53, 0xb8, 1,
					 0,    0,    0,	   0x0f, 0x05,
					 0x41, 0x5b, 0x59, 0xc3 };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23,
					0,    0,    0,	  0x0f, 0x05 };
	static uint8_t page[4096];

	hypercall_page_fill(page);
	CHECK_EQ(memcmp(page + 32, slot1, sizeof(slot1)), 0);
	CHECK_EQ(page[32 + sizeof(slot1)], 0xcc);
	CHECK_EQ(memcmp(page + 23 * 32, iret, sizeof(iret)), 0);
	CHECK_EQ(page[23 * 32 + sizeof(iret)], 0xcc);
	CHECK_EQ(page[127 * 32 + 4], 127);
	CHECK_EQ(page[4095], 0xcc);
}

int main(void)
{
	test_hypercall_page();
	return check_summary("pv-hypercall-page");
}
