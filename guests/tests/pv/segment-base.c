/* SPDX-License-Identifier: MIT */
/*
 * pv/segment-base: set_segment_base sets the FS base and the kernel GS
 * base so that %fs:0 and %gs:0 read the variable the base points at; the
 * user GS base is accepted too (it takes effect in user mode). A
 * non-canonical base and an unknown register are refused.
 */
#include <guest/test.h>

const char test_name[] = "pv/segment-base";

static uint64_t fs_target = 0x1234567890abcdefUL;
static uint64_t gs_target = 0xfedcba0987654321UL;

static long set_base(unsigned int reg, uint64_t base)
{
	return hypercall(__HYPERVISOR_set_segment_base, reg, base, 0, 0, 0);
}

void test_main(void)
{
	uint64_t v;

	CHECK_EQ("SEGBASE_FS", set_base(SEGBASE_FS, (uint64_t)&fs_target), 0);
	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	CHECK_EQ("%fs:0", v, fs_target);
	CHECK_EQ("SEGBASE_GS_KERNEL",
		 set_base(SEGBASE_GS_KERNEL, (uint64_t)&gs_target), 0);
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	CHECK_EQ("%gs:0", v, gs_target);
	CHECK_EQ("SEGBASE_GS_USER", set_base(SEGBASE_GS_USER, 0x1000), 0);
	/* The kernel GS base is unchanged by the user one. */
	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	CHECK_EQ("%gs:0 after SEGBASE_GS_USER", v, gs_target);
	CHECK_EQ("SEGBASE_FS non-canonical",
		 set_base(SEGBASE_FS, 0x8000000000000000UL), -XEN_EINVAL);
	CHECK_EQ("SEGBASE_GS_KERNEL non-canonical",
		 set_base(SEGBASE_GS_KERNEL, 0x0000800000000000UL),
		 -XEN_EINVAL);
	CHECK_EQ("unknown register 99", set_base(99, 0), -XEN_EINVAL);
	CHECK_EQ("SEGBASE_FS 0", set_base(SEGBASE_FS, 0), 0);
	test_success();
}
