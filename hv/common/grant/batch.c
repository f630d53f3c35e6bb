/* SPDX-License-Identifier: MIT */
/*
 * The batch side of map_grant_ref, unmap_grant_ref, unmap_and_replace and
 * copy, as Xen's gnttab_map_grant_ref / gnttab_unmap_common batches /
 * gnttab_copy: the array must start and end in the guest's half
 * (-EFAULT), each request is read, done and its result written back in
 * turn (a fault ends the call with -EFAULT, earlier requests stay done),
 * and between requests the call may be preempted: it continues with the
 * rest of the array. Unmaps go in groups: entries removed, one TLB flush,
 * then the pins released.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <asm/grant-map.h>

#include <public/xen.h>

#include "grant-ops.h"

/* Unmaps per TLB flush (Xen uses 32; a smaller group keeps the work
 * array small on the hypervisor stack). */
#define UNMAP_GROUP 16

/* Continue @cmd with the @left requests from @uop on. */
static long continue_op(unsigned int cmd, uint64_t uop, uint32_t left)
{
	const uint64_t args[HYPERCALL_MAX_ARGS] = { cmd, uop, left };

	return hypercall_create_continuation(__HYPERVISOR_grant_table_op, args);
}

static bool array_ok(uint64_t uop, uint32_t count, size_t size)
{
	return guest_range_ok(uop, (uint64_t)count * size);
}

long grant_op_map(uint64_t uop, uint32_t count)
{
	const size_t sz = sizeof(struct gnttab_map_grant_ref);
	struct gnttab_map_grant_ref op;

	if (!array_ok(uop, count, sz))
		return -EFAULT;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t at = uop + i * sz;

		if (i && hypercall_preempt_check())
			return continue_op(GNTTABOP_map_grant_ref, at,
					   count - i);
		if (copy_from_guest_raw(&op, at, sz))
			return -EFAULT;
		grant_map_one(&op);
		if (copy_to_guest_raw(at, &op, sz))
			return -EFAULT;
	}
	return 0;
}

/* Read request @at of an unmap (@replace: unmap_and_replace) array. */
static int read_unmap(uint64_t at, bool replace, struct grant_unmap_work *w)
{
	if (replace) {
		struct gnttab_unmap_and_replace r;

		if (copy_from_guest_raw(&r, at, sizeof(r)))
			return -EFAULT;
		*w = (struct grant_unmap_work){ .handle = r.handle,
						.host_addr = r.host_addr,
						.new_addr = r.new_addr };
	} else {
		struct gnttab_unmap_grant_ref u;

		if (copy_from_guest_raw(&u, at, sizeof(u)))
			return -EFAULT;
		*w = (struct grant_unmap_work){ .handle = u.handle,
						.host_addr = u.host_addr,
						.dev_bus_addr =
							u.dev_bus_addr };
	}
	return 0;
}

static int write_status(uint64_t at, bool replace, int16_t status)
{
	size_t off = replace ? offsetof(struct gnttab_unmap_and_replace, status)
			     : offsetof(struct gnttab_unmap_grant_ref, status);

	return copy_to_guest_raw(at + off, &status, sizeof(status));
}

/*
 * Up to UNMAP_GROUP requests from @uop: entries removed, one flush, pins
 * released. *@nr says how many were read: 0 or -EFAULT (after finishing
 * those already taken down).
 */
static int unmap_group(uint64_t uop, uint32_t n, bool replace, uint32_t *nr)
{
	const size_t sz = replace ? sizeof(struct gnttab_unmap_and_replace)
				  : sizeof(struct gnttab_unmap_grant_ref);
	struct grant_unmap_work w[UNMAP_GROUP];
	int rc = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (read_unmap(uop + i * sz, replace, &w[i])) {
			rc = -EFAULT;
			break;
		}
		grant_unmap_one(&w[i]);
		if (write_status(uop + i * sz, replace, w[i].status)) {
			rc = -EFAULT;
			i++; /* Taken down: still to complete. */
			break;
		}
	}
	/* Before any pin goes: no stale translation may outlive it. */
	pv_grant_flush_tlb(current->domain);
	for (uint32_t j = 0; j < i; j++)
		grant_unmap_complete(&w[j]);
	*nr = i;
	return rc;
}

static long unmap_batch(unsigned int cmd, uint64_t uop, uint32_t count)
{
	const bool replace = cmd == GNTTABOP_unmap_and_replace;
	const size_t sz = replace ? sizeof(struct gnttab_unmap_and_replace)
				  : sizeof(struct gnttab_unmap_grant_ref);
	uint32_t done = 0;

	if (!array_ok(uop, count, sz))
		return -EFAULT;
	while (done < count) {
		uint32_t n = count - done, nr;

		if (done && hypercall_preempt_check())
			return continue_op(cmd, uop + done * sz, count - done);
		if (n > UNMAP_GROUP)
			n = UNMAP_GROUP;
		if (unmap_group(uop + done * sz, n, replace, &nr))
			return -EFAULT;
		done += nr;
	}
	return 0;
}

long grant_op_unmap(uint64_t uop, uint32_t count)
{
	return unmap_batch(GNTTABOP_unmap_grant_ref, uop, count);
}

long grant_op_unmap_and_replace(uint64_t uop, uint32_t count)
{
	return unmap_batch(GNTTABOP_unmap_and_replace, uop, count);
}

long grant_op_copy(uint64_t uop, uint32_t count)
{
	const size_t sz = sizeof(struct gnttab_copy);
	struct gnttab_copy op;

	if (!array_ok(uop, count, sz))
		return -EFAULT;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t at = uop + i * sz;

		if (i && hypercall_preempt_check())
			return continue_op(GNTTABOP_copy, at, count - i);
		if (copy_from_guest_raw(&op, at, sz))
			return -EFAULT;
		op.status = grant_copy_one(&op);
		if (copy_to_guest_raw(at + offsetof(struct gnttab_copy, status),
				      &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}
