/* SPDX-License-Identifier: MIT */
/*
 * VCPUOP_register_vcpu_info: move a vCPU's vcpu_info out of shared_info
 * into a frame of the guest's own (needed past vCPU 31, and what Linux
 * does for every vCPU). Xen's rules: the offset must leave room for the
 * 64-byte structure and be 8-byte aligned (-ENXIO); it can be done once
 * per vCPU, by the vCPU itself or while it is down, on a frame the domain
 * owns that can take a writable type (-EINVAL otherwise). The frame keeps
 * a general and a writable type reference, so it can never become a page
 * table or another domain's while the hypervisor writes into it. The old
 * contents are carried over and every event is marked pending, so
 * nothing is lost in the move.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/string.h>

#include <asm/page-type.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>

#include <public/xen.h>

#include "pvclock.h"
#include "vcpu-op.h"

/* Provided by the event-channel code once it is linked in. */
#pragma weak vcpu_mark_events_pending
/* Called through a pointer: a direct call cannot reach address 0. */
static void (*mark_pending)(struct vcpu *) = vcpu_mark_events_pending;

#define VCPU_INFO_ALIGN 8

/* A general + writable type reference on @d's frame @mfn, or NULL. */
static struct page_info *get_writable_frame(struct domain *d, uint64_t mfn)
{
	struct page_info *pg;

	if (!mfn_valid(_mfn(mfn)))
		return NULL;
	pg = mfn_to_page(_mfn(mfn));
	if (get_page_and_type(pg, d, PGT_writable_page))
		return NULL;
	return pg;
}

static void mark_all_pending(struct vcpu *v, struct vcpu_info *vi)
{
	void (*fn)(struct vcpu *) =
		__atomic_load_n(&mark_pending, __ATOMIC_RELAXED);

	__atomic_store_n(&vi->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
	if (fn)
		fn(v);
	else
		__atomic_store_n(&vi->evtchn_upcall_pending, 1,
				 __ATOMIC_RELEASE);
}

long pv_map_vcpu_info(struct vcpu *v, uint64_t mfn, uint32_t offset)
{
	struct vcpu_info *vi;
	struct page_info *pg;

	if (offset > PAGE_SIZE - sizeof(*vi) || offset & (VCPU_INFO_ALIGN - 1))
		return -ENXIO;
	if (v->vcpu_info_mfn)
		return -EINVAL;
	if (v != current && v->is_up)
		return -EINVAL;
	pt_lock(v->domain);
	pg = get_writable_frame(v->domain, mfn);
	pt_unlock(v->domain);
	if (!pg)
		return -EINVAL;
	vi = (struct vcpu_info *)((uint8_t *)page_to_virt(pg) + offset);
	if (v->vcpu_info) {
		memcpy(vi, v->vcpu_info, sizeof(*vi));
	} else {
		memset(vi, 0, sizeof(*vi));
		vi->evtchn_upcall_mask = 1;
	}
	__atomic_store_n(&v->vcpu_info, vi, __ATOMIC_RELEASE);
	v->vcpu_info_mfn = mfn;
	mark_all_pending(v, vi);
	pv_update_vcpu_time(v);
	return 0;
}

void pv_unmap_vcpu_info(struct vcpu *v)
{
	struct page_info *pg = mfn_to_page(_mfn(v->vcpu_info_mfn));

	pt_lock(v->domain);
	put_page_and_type(pg);
	pt_unlock(v->domain);
	v->vcpu_info_mfn = 0;
}
