/* SPDX-License-Identifier: MIT */
/*
 * mmu/mmuext-copy: MMUEXT_COPY_PAGE and MMUEXT_CLEAR_PAGE. A pattern copied
 * into an unmapped spare frame reads back (copied out again) unchanged, a
 * cleared frame reads back as zeros, and copying onto itself is harmless.
 * The destination must be able to take the writable type: a pinned table
 * refuses (-EINVAL) while it is pinned; the source need only be the
 * caller's. Frames that are not the caller's (an MFN past the end of RAM,
 * MFN 0) are -EINVAL either way. The TLB and cache subops that need no
 * state succeed: TLB_FLUSH_LOCAL/ALL, INVLPG_LOCAL/ALL, the MULTI forms
 * with a mask of vCPU 0, FLUSH_CACHE (dom0 may); a MULTI mask the
 * hypervisor cannot read is -EINVAL, and SET_LDT with 0 entries succeeds.
 */
#include <guest/mmuext.h>
#include <guest/string.h>
#include <guest/test.h>

const char test_name[] = "mmu/mmuext-copy";

static uint8_t pattern[4096] __attribute__((aligned(4096)));
static uint8_t back[4096] __attribute__((aligned(4096)));

static void copy_and_clear(uint64_t f)
{
	for (unsigned int i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	CHECK_EQ("copy pattern in", frame_write(f, pattern), 0);
	memset(back, 0, sizeof(back));
	CHECK_EQ("copy it out", frame_read(f, back), 0);
	CHECK_EQ("pattern survives", memcmp(back, pattern, sizeof(back)), 0);
	CHECK_EQ("copy onto itself", mmuext1(MMUEXT_COPY_PAGE, f, f), 0);
	CHECK_EQ("read again", frame_read(f, back), 0);
	CHECK_EQ("still the pattern", memcmp(back, pattern, sizeof(back)), 0);
	CHECK_EQ("clear", mmuext1(MMUEXT_CLEAR_PAGE, f, 0), 0);
	CHECK_EQ("read cleared", frame_read(f, back), 0);
	for (unsigned int i = 0; i < sizeof(back); i++)
		if (back[i])
			test_fail("byte %u of the cleared frame is %#x", i,
				  back[i]);
}

static void refusals(uint64_t f)
{
	uint64_t mine = virt_to_mfn(pattern);

	CHECK_EQ("pin L1", mmuext1(MMUEXT_PIN_L1_TABLE, f, 0), 0);
	CHECK_EQ("copy onto a pinned L1", mmuext1(MMUEXT_COPY_PAGE, f, mine),
		 -XEN_EINVAL);
	CHECK_EQ("clear a pinned L1", mmuext1(MMUEXT_CLEAR_PAGE, f, 0),
		 -XEN_EINVAL);
	CHECK_EQ("copy from a pinned L1", mmuext1(MMUEXT_COPY_PAGE, mine, f),
		 0);
	CHECK_EQ("unpin", mmuext1(MMUEXT_UNPIN_TABLE, f, 0), 0);
	CHECK_EQ("clear MFN 0", mmuext1(MMUEXT_CLEAR_PAGE, 0, 0), -XEN_EINVAL);
	CHECK_EQ("clear a huge MFN", mmuext1(MMUEXT_CLEAR_PAGE, 1UL << 40, 0),
		 -XEN_EINVAL);
	CHECK_EQ("copy from MFN 0", mmuext1(MMUEXT_COPY_PAGE, f, 0),
		 -XEN_EINVAL);
	CHECK_EQ("copy to MFN 0", mmuext1(MMUEXT_COPY_PAGE, 0, mine),
		 -XEN_EINVAL);
}

static void flushes(void)
{
	static unsigned long mask = 1;
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_MULTI };

	CHECK_EQ("TLB_FLUSH_LOCAL", mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	CHECK_EQ("TLB_FLUSH_ALL", mmuext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
	CHECK_EQ("INVLPG_LOCAL",
		 mmuext1(MMUEXT_INVLPG_LOCAL, (uint64_t)pattern, 0), 0);
	CHECK_EQ("INVLPG_ALL", mmuext1(MMUEXT_INVLPG_ALL, (uint64_t)pattern, 0),
		 0);
	CHECK_EQ("INVLPG_ALL of a hypervisor address",
		 mmuext1(MMUEXT_INVLPG_ALL, 0xffff830000000000UL, 0), 0);
	set_xen_guest_handle(op.arg2.vcpumask, &mask);
	CHECK_EQ("TLB_FLUSH_MULTI", hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.cmd = MMUEXT_INVLPG_MULTI;
	op.arg1.linear_addr = (uint64_t)pattern;
	CHECK_EQ("INVLPG_MULTI", hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	set_xen_guest_handle(op.arg2.vcpumask, (void *)0xffff800000000000UL);
	CHECK_EQ("INVLPG_MULTI, unreadable mask",
		 hc_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ("FLUSH_CACHE", mmuext1(MMUEXT_FLUSH_CACHE, 0, 0), 0);
	CHECK_EQ("SET_LDT, no LDT", mmuext1(MMUEXT_SET_LDT, 0, 0), 0);
	CHECK_EQ("SET_LDT, unaligned", mmuext1(MMUEXT_SET_LDT, 0x1001, 1),
		 -XEN_EINVAL);
	CHECK_EQ("SET_LDT, too many entries",
		 mmuext1(MMUEXT_SET_LDT, 0x100000, 8193), -XEN_EINVAL);
	CHECK_EQ("SET_LDT, hypervisor address",
		 mmuext1(MMUEXT_SET_LDT, 0xffff800000000000UL, 1), -XEN_EINVAL);
}

void test_main(void)
{
	uint64_t f = spare_mfn(2);

	copy_and_clear(f);
	refusals(f);
	flushes();
	test_success();
}
