/* SPDX-License-Identifier: MIT */
/*
 * The runstate area (VCPUOP_register_runstate_memory_area): a struct
 * vcpu_runstate_info at a guest virtual address, rewritten whenever the
 * vCPU is switched in or out, as Xen does with copy_to_guest. The address
 * is checked once at registration (a guest range, outside the hypervisor
 * hole) and every write goes through the guest accessors, so an area
 * that later becomes unmapped only makes the write fail quietly. With
 * VMASST_TYPE_runstate_update_flag the guest sees XEN_RUNSTATE_UPDATE in
 * state_entry_time while the record changes.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/sched.h>

#include <public/vcpu.h>
#include <public/xen.h>

#include "pvclock.h"

#define RUNSTATE_UPDATE_BIT (1ULL << 63) /* XEN_RUNSTATE_UPDATE */
#define ENTRY_TIME_OFFSET 8 /* offsetof(vcpu_runstate_info, state_entry_time) */

static bool update_flag_wanted(const struct vcpu *v)
{
	return v->domain->arch.vm_assist &
	       (1ULL << VMASST_TYPE_runstate_update_flag);
}

/* As Xen: the caller's own record as it stands (up to the last state
 * change), another vCPU's up to now. */
static void write_area(struct vcpu *v, uint64_t va)
{
	struct vcpu_runstate_info r;
	uint64_t entry;

	vcpu_runstate_snapshot(v, &r, v != current);
	if (!update_flag_wanted(v)) {
		(void)copy_to_guest_raw(va, &r, sizeof(r));
		return;
	}
	entry = r.state_entry_time;
	r.state_entry_time |= RUNSTATE_UPDATE_BIT;
	if (copy_to_guest_raw(va + ENTRY_TIME_OFFSET, &r.state_entry_time,
			      sizeof(entry)))
		return;
	barrier();
	(void)copy_to_guest_raw(va, &r, sizeof(r));
	barrier();
	(void)copy_to_guest_raw(va + ENTRY_TIME_OFFSET, &entry, sizeof(entry));
}

void pv_runstate_area_update(struct vcpu *v)
{
	uint64_t va = __atomic_load_n(&v->runstate_guest, __ATOMIC_RELAXED);

	if (va)
		write_area(v, va);
}

long pv_register_runstate_area(struct vcpu *v, uint64_t arg)
{
	uint64_t va;

	if (copy_from_guest_raw(&va, arg, sizeof(va)))
		return -EFAULT;
	if (!guest_range_ok(va, sizeof(struct vcpu_runstate_info)))
		return -EFAULT;
	__atomic_store_n(&v->runstate_guest, va, __ATOMIC_RELAXED);
	if (va)
		write_area(v, va);
	return 0;
}
