/* SPDX-License-Identifier: MIT */
/*
 * The raw guest-memory accessors: range check, SMAP window, fault-safe
 * copy. The SMAP window is as small as the copy itself, so a stray
 * hypervisor pointer into guest memory elsewhere still faults.
 */
#include <satori/guest-access.h>
#include <satori/errno.h>

#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/uaccess.h>

static void user_access_begin(void)
{
	if (cpu_has_smap)
		stac();
}

static void user_access_end(void)
{
	if (cpu_has_smap)
		clac();
}

__hot_path int copy_from_guest_raw(void *dst, uint64_t guest_va, size_t n)
{
	size_t left;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	user_access_begin();
	left = raw_copy_bytes(dst, (const void *)(uintptr_t)guest_va, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

__hot_path int copy_to_guest_raw(uint64_t guest_va, const void *src, size_t n)
{
	size_t left;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	user_access_begin();
	left = raw_copy_bytes((void *)(uintptr_t)guest_va, src, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

int clear_guest_raw(uint64_t guest_va, size_t n)
{
	size_t left;

	if (!guest_range_ok(guest_va, n))
		return -EFAULT;
	user_access_begin();
	left = raw_clear_bytes((void *)(uintptr_t)guest_va, n);
	user_access_end();
	return left ? -EFAULT : 0;
}
