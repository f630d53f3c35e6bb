/* unit-sources: hv/arch/x86/pv/desc-check.c */
/* SPDX-License-Identifier: MIT */
/*
 * Xen's descriptor check for 64-bit PV guests (pv_check_descriptor): which
 * descriptors a GDT/LDT page may hold, and the fix-ups applied to those
 * accepted (DPL raised to 3; call gates to DPL 0 with the DPL in the
 * target selector's RPL), plus the whole-page check.
 */
#include <asm/pv-desc.h>

#include <satori/errno.h>

#include "check.h"

static uint64_t checked(uint64_t d, bool *ok)
{
	*ok = pv_check_descriptor(&d);
	return d;
}

static void test_segments(void)
{
	bool ok;

	/* Not present: anything goes, untouched. */
	CHECK_EQ(checked(0x0000890000000067ULL & ~(1ULL << 47), &ok),
		 0x0000090000000067ULL);
	CHECK(ok);
	CHECK_EQ(checked(0, &ok), 0);
	CHECK(ok);
	/* Code and data: DPL 0-2 become 3, DPL 3 unchanged. */
	CHECK_EQ(checked(0x00af9b000000ffffULL, &ok), 0x00affb000000ffffULL);
	CHECK(ok);
	CHECK_EQ(checked(0x00cfb3000000ffffULL, &ok), 0x00cff3000000ffffULL);
	CHECK(ok);
	CHECK_EQ(checked(0x00cff3000000ffffULL, &ok), 0x00cff3000000ffffULL);
	CHECK(ok);
}

static void test_system(void)
{
	bool ok;

	/* Type 0 (upper half of a 16-byte gate): accepted as is. */
	CHECK_EQ(checked(0x0000800012345678ULL, &ok), 0x0000800012345678ULL);
	CHECK(ok);
	/* TSS (9, 11), LDT (2), interrupt (14) and trap (15) gates. */
	checked(0x0000890000000067ULL, &ok);
	CHECK(!ok);
	checked(0x00008b0000000067ULL, &ok);
	CHECK(!ok);
	checked(0x0000820000000fffULL, &ok);
	CHECK(!ok);
	checked(0x0000ee00e0331000ULL, &ok);
	CHECK(!ok);
	checked(0x0000ef00e0331000ULL, &ok);
	CHECK(!ok);
}

static void test_call_gates(void)
{
	bool ok;

	/* To FLAT_KERNEL_CS: DPL 0, RPL 3 in the target selector. */
	CHECK_EQ(checked(0x0000ec00e0331000ULL, &ok), 0x00008c00e0331000ULL);
	CHECK(ok);
	/* To a guest GDT selector with RPL 0, DPL 0: RPL 3, DPL 0. */
	CHECK_EQ(checked(0x00008c0000081000ULL, &ok), 0x00008c00000b1000ULL);
	CHECK(ok);
	/* To an LDT selector. */
	CHECK_EQ(checked(0x0000ec00e0071000ULL, &ok), 0x00008c00e0071000ULL);
	CHECK(ok);
	/* To the hypervisor's code selector, or its 32-bit ring-3 one. */
	checked(0x0000ec00e0081000ULL, &ok);
	CHECK(!ok);
	checked(0x0000ec00e0231000ULL, &ok);
	CHECK(!ok);
	/* Reserved bits 0-7 of the high word (the 32-bit parameter count). */
	checked(0x0000ec01e0331000ULL, &ok);
	CHECK(!ok);
}

static void test_table(void)
{
	static uint64_t t[512];

	t[1] = 0x00af9b000000ffffULL;
	CHECK_EQ(pv_check_desc_table(t), 0);
	CHECK_EQ(t[1], 0x00affb000000ffffULL);
	t[511] = 0x0000890000000067ULL;
	CHECK_EQ(pv_check_desc_table(t), -EINVAL);
}

int main(void)
{
	test_segments();
	test_system();
	test_call_gates();
	test_table();
	return check_summary("pv-desc");
}
