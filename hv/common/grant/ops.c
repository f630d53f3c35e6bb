/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op (hypercall 20): the table-management operations
 * setup_table, query_size, set_version, get_version and
 * get_status_frames, with Xen 4.17's argument rules, status codes and
 * return values. satori offers grant tables v1 only and answers as Xen
 * booted with gnttab=max-ver:1: set_version(2) is -ENOSYS and reports
 * version 1. map_grant_ref, unmap_grant_ref, unmap_and_replace and copy
 * are handed to batch.c; transfer, swap_grant_ref, cache_flush and
 * dump_table are not implemented: -ENOSYS through hypercall_enosys().
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/grant-table.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/log.h>

#include <public/grant_table.h>
#include <public/xen.h>

#include "grant-ops.h"
#include "grant-private.h"

/* The upper bits of cmd carry a continuation argument (cache_flush only). */
#define GNTTABOP_CMD_BITS 12
#define GNTTABOP_CMD_MASK ((1U << GNTTABOP_CMD_BITS) - 1)

/*
 * The domain @dom names for the caller, with a reference, or NULL if
 * there is none (or it is dying). *@allowed says whether the caller may
 * act on it: itself, or anything if privileged (Xen's XSM_TARGET).
 */
static struct domain *target_domain(domid_t dom, bool *allowed)
{
	struct domain *self = current->domain;
	struct domain *d;

	if (dom == DOMID_SELF)
		dom = self->domain_id;
	d = get_domain_by_id(dom);
	*allowed = d && (d == self || self->is_privileged);
	if (d && !d->grant_table) {
		put_domain(d); /* Not possible for a live domain; be safe. */
		return NULL;
	}
	return d;
}

/*
 * The table operation @dom names, as a GNTST_* status: GNTST_okay with a
 * reference in *@out (the caller drops it), or bad_domain /
 * permission_denied with *@out NULL.
 */
static int16_t target_status(domid_t dom, struct domain **out)
{
	bool allowed;
	struct domain *d = target_domain(dom, &allowed);

	*out = NULL;
	if (!d)
		return GNTST_bad_domain;
	if (!allowed) {
		put_domain(d);
		return GNTST_permission_denied;
	}
	*out = d;
	return GNTST_okay;
}

/*
 * Xen checks only where a frame list starts (access_ok): a list running
 * off the guest's half faults entry by entry (GNTST_bad_virt_addr).
 */
static bool list_start_ok(uint64_t list)
{
	return guest_range_ok(list, 1);
}

/* Grow @d's table to @nr frames if smaller: a GNTST_* code. */
static int16_t setup_grow(struct domain *d, uint32_t nr)
{
	struct grant_table *gt = d->grant_table;
	int16_t st = GNTST_okay;

	spin_lock(&gt->lock);
	if (nr > gt->max_frames) {
		log_printf(LOG_INFO | LOG_GUEST,
			   "grant: d%u is limited to %u grant-table frames\n",
			   d->domain_id, gt->max_frames);
		st = GNTST_general_error;
	} else if (nr > gt->nr_frames && grant_table_grow(d, gt, nr)) {
		log_printf(LOG_INFO | LOG_GUEST,
			   "grant: d%u: growing to %u frames failed\n",
			   d->domain_id, nr);
		st = GNTST_general_error;
	}
	spin_unlock(&gt->lock);
	return st;
}

/* List frames [0, @nr) of @gt at @list: GNTST_okay or bad_virt_addr. */
static int16_t list_frames(const struct grant_table *gt, uint64_t list,
			   uint32_t nr)
{
	int16_t st = GNTST_okay;

	for (uint32_t i = 0; i < nr; i++) {
		uint64_t mfn = grant_frame_mfn(gt, i);

		/* As Xen: a fault marks the status, the rest is still tried. */
		if (copy_to_guest_raw(list + (uint64_t)i * sizeof(mfn), &mfn,
				      sizeof(mfn)))
			st = GNTST_bad_virt_addr;
	}
	return st;
}

/* The commands that take exactly one op: @count must be 1 (-EINVAL),
 * then the op is read from @uop (-EFAULT). */
static long read_single_op(uint64_t uop, uint32_t count, void *op, size_t size)
{
	if (count != 1)
		return -EINVAL;
	return copy_from_guest_raw(op, uop, size) ? -EFAULT : 0;
}

static long setup_table(uint64_t uop, uint32_t count)
{
	struct gnttab_setup_table op;
	struct domain *d;
	long rc = read_single_op(uop, count, &op, sizeof(op));

	if (rc)
		return rc;
	if (!list_start_ok(op.frame_list.p))
		return -EFAULT;
	op.status = target_status(op.dom, &d);
	if (d) {
		op.status = setup_grow(d, op.nr_frames);
		if (op.status == GNTST_okay)
			op.status = list_frames(d->grant_table, op.frame_list.p,
						op.nr_frames);
		put_domain(d);
	}
	if (copy_to_guest_raw(uop + offsetof(struct gnttab_setup_table, status),
			      &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static long query_size(uint64_t uop, uint32_t count)
{
	struct gnttab_query_size op;
	struct domain *d;
	long rc = read_single_op(uop, count, &op, sizeof(op));

	if (rc)
		return rc;
	op.status = target_status(op.dom, &d);
	if (d) {
		spin_lock(&d->grant_table->lock);
		op.nr_frames = d->grant_table->nr_frames;
		op.max_nr_frames = d->grant_table->max_frames;
		spin_unlock(&d->grant_table->lock);
		put_domain(d);
	}
	if (copy_to_guest_raw(uop, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

/* Xen checks no count here (nor for get_version). */
static long set_version(uint64_t uop)
{
	struct gnttab_set_version op;
	struct grant_table *gt = current->domain->grant_table;
	long rc;

	if (copy_from_guest_raw(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version == 2)
		rc = -ENOSYS; /* Xen with max-ver:1: as before v2 existed. */
	else
		rc = 0; /* Already 1, the only version there is. */
	op.version = gt->version;
	if (copy_to_guest_raw(uop, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

static long get_version(uint64_t uop)
{
	struct gnttab_get_version op;
	struct domain *d;
	bool allowed;

	if (copy_from_guest_raw(&op, uop, sizeof(op)))
		return -EFAULT;
	d = target_domain(op.dom, &allowed);
	if (!d)
		return -ESRCH;
	if (!allowed) {
		put_domain(d);
		return -EPERM;
	}
	op.version = d->grant_table->version;
	put_domain(d);
	if (copy_to_guest_raw(
		    uop + offsetof(struct gnttab_get_version, version),
		    &op.version, sizeof(op.version)))
		return -EFAULT;
	return 0;
}

/* A v1 table has no status frames: only a request for none succeeds. */
static long get_status_frames(uint64_t uop, uint32_t count)
{
	struct gnttab_get_status_frames op;
	struct domain *d;
	long rc = read_single_op(uop, count, &op, sizeof(op));

	if (rc)
		return rc;
	if (!list_start_ok(op.frame_list.p))
		return -EFAULT;
	op.status = target_status(op.dom, &d);
	if (d) {
		if (op.nr_frames)
			op.status = GNTST_general_error;
		put_domain(d);
	}
	if (copy_to_guest_raw(
		    uop + offsetof(struct gnttab_get_status_frames, status),
		    &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

long do_grant_table_op(uint64_t cmd64, uint64_t uop, uint64_t count64)
{
	/* Both are unsigned ints in Xen's prototype. */
	uint32_t cmd = (uint32_t)cmd64, count = (uint32_t)count64;

	/* Xen refuses counts negative as an int. */
	if (count > 0x7fffffffU)
		return -EINVAL;
	if ((cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush &&
	    (cmd & ~GNTTABOP_CMD_MASK))
		return -EINVAL;
	cmd &= GNTTABOP_CMD_MASK;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(uop, count);
	case GNTTABOP_query_size:
		return query_size(uop, count);
	case GNTTABOP_set_version:
		return set_version(uop);
	case GNTTABOP_get_version:
		return get_version(uop);
	case GNTTABOP_get_status_frames:
		return get_status_frames(uop, count);
	case GNTTABOP_map_grant_ref:
		return grant_op_map(uop, count);
	case GNTTABOP_unmap_grant_ref:
		return grant_op_unmap(uop, count);
	case GNTTABOP_unmap_and_replace:
		return grant_op_unmap_and_replace(uop, count);
	case GNTTABOP_copy:
		return grant_op_copy(uop, count);
	default:
		return hypercall_enosys(__HYPERVISOR_grant_table_op, cmd);
	}
}
