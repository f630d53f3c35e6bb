/* SPDX-License-Identifier: MIT */
/*
 * Wrappers for the descriptor-table and extended-MMU hypercalls, and frame
 * helpers built on MMUEXT_COPY_PAGE: a test fills an unmapped frame by
 * copying one of its own pages into it, and reads it back the same way.
 * Page-aligned bounce buffers keep the copies whole pages.
 */
#include <guest/hypercall.h>
#include <guest/mmuext.h>
#include <guest/string.h>
#include <guest/test.h>

static uint8_t bounce[4096] __attribute__((aligned(4096)));

long hc_mmuext_op(const struct mmuext_op *ops, unsigned int count,
		  unsigned int *done, unsigned int foreigndom)
{
	return hypercall(__HYPERVISOR_mmuext_op, (uint64_t)ops, count,
			 (uint64_t)done, foreigndom, 0);
}

long hc_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return hypercall(__HYPERVISOR_set_gdt, (uint64_t)frames, entries, 0, 0,
			 0);
}

long hc_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return hypercall(__HYPERVISOR_update_descriptor, maddr, desc, 0, 0, 0);
}

long mmuext1(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	op.arg2.src_mfn = arg2;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

uint64_t virt_to_mfn(const void *va)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

	return p2m[(uint64_t)va >> 12];
}

uint64_t spare_mfn(unsigned int n)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

	return p2m[start_info->nr_pages - 1 - n];
}

long frame_write(uint64_t mfn, const void *src)
{
	memcpy(bounce, src, sizeof(bounce));
	return mmuext1(MMUEXT_COPY_PAGE, mfn, virt_to_mfn(bounce));
}

long frame_read(uint64_t mfn, void *dst)
{
	long rc = mmuext1(MMUEXT_COPY_PAGE, virt_to_mfn(bounce), mfn);

	if (!rc)
		memcpy(dst, bounce, sizeof(bounce));
	return rc;
}
